"""Retention periods are data and the nightly task deletes exactly what is past them."""

import datetime as dt

import pytest
from django.utils import timezone

from niangjia.core.models import JoinRequest, Message, PhoneCode, SubmissionReceipt
from niangjia.core.services import retention

pytestmark = pytest.mark.django_db
NOW = timezone.make_aware(dt.datetime(2026, 12, 1, 2, 23))


def test_each_record_type_goes_only_after_its_period(tree, make_user, settings):
    user = make_user()
    old_rejected = JoinRequest.objects.create(user=user, org=tree.union_a, status="rejected",
                                              decided_at=NOW - dt.timedelta(days=365 * 3 + 1))
    other = make_user()
    recent_rejected = JoinRequest.objects.create(user=other, org=tree.union_a, status="rejected",
                                                 decided_at=NOW - dt.timedelta(days=10))
    PhoneCode.objects.create(phone_index="a" * 64, purpose="reset", code_hash="x" * 64,
                             expires_at=NOW - dt.timedelta(days=2))
    live_code = PhoneCode.objects.create(phone_index="b" * 64, purpose="reset", code_hash="x" * 64,
                                         expires_at=NOW + dt.timedelta(minutes=3))
    SubmissionReceipt.objects.create(user=user, token="t" * 32, form="x", created_at=NOW - dt.timedelta(days=31))
    read_old = Message.objects.create(recipient=user, kind="k", title="old", read_at=NOW - dt.timedelta(days=800))
    unread_old = Message.objects.create(recipient=user, kind="k", title="unread", created_at=NOW - dt.timedelta(days=800))
    counts = retention.enforce(now=NOW)
    assert {k: counts[k] for k in retention.DEFAULT_DAYS} == {"join_request_rejected": 1, "phone_code": 1,
                                                              "submission_receipt": 1, "message_read": 1}
    assert not JoinRequest.objects.filter(pk=old_rejected.pk).exists()
    assert JoinRequest.objects.filter(pk=recent_rejected.pk).exists()
    assert PhoneCode.objects.filter(pk=live_code.pk).exists()
    assert not Message.objects.filter(pk=read_old.pk).exists() and Message.objects.filter(pk=unread_old.pk).exists()
    # The periods are data: a deployment that keeps rejected requests 10 days deletes the recent one too.
    settings.NIANGJIA_RETENTION_DAYS = {"join_request_rejected": 5}
    assert retention.enforce(now=NOW)["join_request_rejected"] == 1
