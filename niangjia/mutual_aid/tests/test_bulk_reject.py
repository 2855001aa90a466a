"""Bulk reject of mutual-aid claims from the review grid (issue 12): one reason for all, a confirmation with the
count and the total claimed, then `reject_claim` for each claim (its checks, audit and member notice). A claim of
another district or one already decided is skipped and reported, never rejected."""

import datetime as dt
from decimal import Decimal

from django.test import Client
from django.urls import reverse

from niangjia.core.models import AuditEvent
from niangjia.mutual_aid import services
from niangjia.mutual_aid.models import Claim
from niangjia.mutual_aid.tests.test_bulk_export import _claim

URL = reverse("mutual_aid:claims_bulk")
REVIEW = reverse("mutual_aid:review")


def _foreign_claim(tree, plan, make_member, make_user):
    other_staff = make_user(roles=[(tree.district_b, "staff")])
    member = make_member(tree.union_b, name="外区会员")
    services.enrol_members(actor=other_staff, plan_id=plan.pk, org_id=tree.union_b.pk, member_ids=[member.pk],
                           on=dt.date(2020, 1, 1))
    return _claim(member, plan, "REJ-F")


def test_bulk_reject_confirms_then_rejects_each_through_the_service(tree, plan, staff, enrolled, make_member,
                                                                     make_user):
    mine = [_claim(enrolled, plan, f"REJ-{i}") for i in range(3)]
    decided = _claim(enrolled, plan, "REJ-DONE")
    services.reject_claim(actor=staff, claim_id=decided.pk, reason="发票重复")
    foreign = _foreign_claim(tree, plan, make_member, make_user)
    ids = [c.pk for c in mine] + [decided.pk, foreign.pk]

    c = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="zh-hans")
    c.force_login(staff)
    page = c.get(REVIEW).content.decode()
    assert 'data-testid="bulk-reject"' in page and "驳回所选" in page
    token = c.cookies["csrftoken"].value
    # Without the CSRF token nothing is even confirmed.
    assert c.post(URL, {"bulk": "reject", "ids": ids, "confirm": "1", "reason": "材料不全"}).status_code == 403

    confirm = c.post(URL, {"bulk": "reject", "ids": ids, "next": REVIEW}, HTTP_X_CSRFTOKEN=token).content.decode()
    assert 'data-testid="bulk-confirm"' in confirm
    assert "驳回 3 项" in confirm  # the three open claims of the staff's district, not the decided or foreign one
    total = sum((cl.computed_amount for cl in mine), Decimal("0"))
    assert f"¥{total:,.2f}" in confirm
    assert "REJ-F" not in confirm and "外区" not in confirm
    assert 'data-testid="bulk-skipped"' in confirm and "另有 2 项" in confirm and "已跳过" in confirm
    assert set(Claim.objects.filter(pk__in=[cl.pk for cl in mine]).values_list("status", flat=True)) == {"submitted"}

    # Missing reason: refused in Chinese, nothing changes.
    refused = c.post(URL, {"bulk": "reject", "ids": ids, "confirm": "1", "reason": "  ", "next": REVIEW},
                     HTTP_X_CSRFTOKEN=token, follow=True).content.decode()
    assert "请填写理由" in refused
    assert set(Claim.objects.filter(pk__in=[cl.pk for cl in mine]).values_list("status", flat=True)) == {"submitted"}

    # Confirmed with the forged ids still posted: the three are rejected, the two others skipped and reported.
    done = c.post(URL, {"bulk": "reject", "ids": ids, "confirm": "1", "reason": "材料不全", "next": REVIEW},
                  HTTP_X_CSRFTOKEN=token, follow=True).content.decode()
    assert "已驳回 3 项" in done and "另有 2 项" in done
    for cl in mine:
        cl.refresh_from_db()
        assert (cl.status, cl.reject_reason, cl.approver_id) == ("rejected", "材料不全", staff.pk)
    foreign.refresh_from_db()
    assert foreign.status == "submitted" and foreign.reject_reason == ""
    decided.refresh_from_db()
    assert decided.reject_reason == "发票重复"  # the earlier decision stands
    # the same audit event per claim as the single rejection
    assert AuditEvent.objects.filter(action="mutual_aid.claim_reject",
                                     object_id__in=[str(cl.pk) for cl in mine]).count() == 3
    assert not AuditEvent.objects.filter(action="mutual_aid.claim_reject", object_id=str(foreign.pk)).exists()


def test_bulk_reject_of_only_foreign_ids_changes_nothing(tree, plan, staff, make_member, make_user):
    foreign = _foreign_claim(tree, plan, make_member, make_user)
    c = Client(enforce_csrf_checks=True, HTTP_ACCEPT_LANGUAGE="zh-hans")
    c.force_login(staff)
    c.get(REVIEW)
    r = c.post(URL, {"bulk": "reject", "ids": [foreign.pk], "confirm": "1", "reason": "材料不全", "next": REVIEW},
               HTTP_X_CSRFTOKEN=c.cookies["csrftoken"].value, follow=True)
    assert "都不在您的权限范围内" in r.content.decode()
    foreign.refresh_from_db()
    assert foreign.status == "submitted"
