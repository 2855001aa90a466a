"""Retention as data (个人信息保护法 第十九条: kept no longer than the purpose needs), enforced nightly.

`NIANGJIA_RETENTION_DAYS` maps a record type to the days it is kept after it stopped being needed. Each type
names what "stopped being needed" means below. A federation changes the periods in settings; the defaults are
examples (marked so in docs/SECURITY.md), not law, except where a law is named.
"""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from niangjia.core.models import JoinRequest, Message, PhoneCode, SubmissionReceipt

DEFAULT_DAYS = {
    # An unsuccessful join request: its name, employer department and note, after the decision.
    "join_request_rejected": 365 * 3,
    # SMS codes: after they expire (only a hash is stored, but the number's blind index is personal data).
    "phone_code": 1,
    # Submit-once receipts: after the submission (a double tap is seconds apart).
    "submission_receipt": 30,
    # In-app messages the worker has read.
    "message_read": 365 * 2,
}


def periods() -> dict[str, int]:
    return {**DEFAULT_DAYS, **getattr(settings, "NIANGJIA_RETENTION_DAYS", {})}


@transaction.atomic
def enforce(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Delete what is past its period; returns how many rows of each type went (for the task's log)."""
    now = now or timezone.now()
    days = periods()

    def before(kind: str) -> dt.datetime:
        return now - dt.timedelta(days=days[kind])

    deleted = {
        "join_request_rejected": JoinRequest.objects.filter(
            status=JoinRequest.Status.REJECTED, decided_at__lt=before("join_request_rejected")).delete()[0],
        "phone_code": PhoneCode.objects.filter(expires_at__lt=before("phone_code")).delete()[0],
        "submission_receipt": SubmissionReceipt.objects.filter(
            created_at__lt=before("submission_receipt")).delete()[0],
        "message_read": Message.objects.filter(read_at__isnull=False, read_at__lt=before("message_read")).delete()[0],
    }
    return deleted
