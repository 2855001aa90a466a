"""Each domain app's records go after the period it registered with core's nightly retention job, and only
those (issue 10: retention as data per record type, enforced nightly).

Table of cases, one row per registered type: an old record goes, a recent one stays, and a record that finance
or the archives keep stays however old it is."""

import datetime as dt
from decimal import Decimal as D

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from niangjia.care.models import Recipient
from niangjia.congress.models import BallotReceipt, Motion
from niangjia.congress.tests.conftest import small_congress  # noqa: F401
from niangjia.core.models import Attachment
from niangjia.core.services import retention
from niangjia.core.tasks import enforce_retention
from niangjia.market.models import Order
from niangjia.market.tests.conftest import make_sale, product, supplier  # noqa: F401
from niangjia.mutual_aid import services as ma_services
from niangjia.mutual_aid.demo import ensure_plan
from niangjia.mutual_aid.models import Claim
from niangjia.relief.models import Application, Disbursement
from niangjia.rights.models import Appointment, CallEvent, CallEventNonce
from niangjia.rights.tests.conftest import people, slot  # noqa: F401

pytestmark = pytest.mark.django_db
NOW = timezone.now()
YEARS_AGO = NOW - dt.timedelta(days=365 * 3 + 2)
LAST_MONTH = NOW - dt.timedelta(days=30)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def photo(org, name="p.png") -> Attachment:
    att = Attachment(original_name=name, content_type="image/png", extension="png", size=9, sha256="0" * 64, org=org)
    att.file.save(name, ContentFile(b"\x89PNG\r\n\x1a\nx"), save=False)
    att.save()
    return att


def test_every_domain_app_registers_its_records():
    codes = set(retention.registered())
    for app in ("relief", "mutual_aid", "rights", "care", "congress", "market"):
        assert any(code.startswith(app + ".") for code in codes), app
    assert all(rule.what and rule.days > 0 for rule in retention.registered().values())


def test_relief_refused_applications_go_with_their_photos(tree, staff_a, make_household, media, django_capture_on_commit_callbacks):
    hh = make_household(staff_a, tree.union_a)

    def app(status, decided_at, **extra):
        a = Application.objects.create(household=hh, org=tree.union_a, kind="hospitalization", year=2020,
                                       total_cost=D("1000"), self_paid=D("800"), household_annual_income=D("20000"),
                                       status=status, decided_at=decided_at, **extra)
        a.evidence.add(photo(tree.union_a, f"{status}-{a.pk}.png"))
        return a

    old = app("rejected", YEARS_AGO)
    recent = app("rejected", LAST_MONTH)
    approved = app("approved", YEARS_AGO, granted_amount=D("500"))
    Disbursement.objects.create(household=hh, org=tree.union_a, kind="temporary", cap_key="t", year=2020,
                                amount=D("500"), purpose="x", application=approved)
    old_file = old.evidence.get().file.path
    with django_capture_on_commit_callbacks(execute=True):
        counts = retention.enforce(now=NOW)
    assert counts["relief.application_rejected"] == 1
    assert set(Application.objects.values_list("pk", flat=True)) == {recent.pk, approved.pk}
    assert Attachment.objects.count() == 2
    assert not (media / old_file).exists()


def test_mutual_aid_refused_claims_go_paid_ones_stay(tree, make_member, make_user, media,
                                                    django_capture_on_commit_callbacks):
    plan = ensure_plan(tree.city)
    staff = make_user(roles=[(tree.district_a, "staff")])
    member = make_member(tree.union_a)
    ma_services.enrol_members(actor=staff, plan_id=plan.pk, org_id=tree.union_a.pk, member_ids=[member.pk],
                              on=dt.date(2020, 1, 1))
    enrolment = plan.enrolments.get()

    def claim(status, created_at, n):
        c = Claim.objects.create(plan=plan, enrolment=enrolment, member=member, person_index=member.id_index,
                                 org=tree.union_a, kind="inpatient", hospital="医院", admitted_on=dt.date(2020, 5, 1),
                                 invoice_no=f"RT-{n}", total_cost=D("1000"), insurance_paid=D("0"),
                                 self_paid=D("1000"), diagnosis="v1:looks-like-an-envelope", computed_amount=D("0"),
                                 status=status, created_at=created_at)
        c.photos.add(photo(tree.union_a, f"c{n}.png"))
        return c

    old, recent, approved = claim("rejected", YEARS_AGO, 1), claim("rejected", LAST_MONTH, 2), claim("approved", YEARS_AGO, 3)
    with django_capture_on_commit_callbacks(execute=True):
        assert retention.enforce(now=NOW)["mutual_aid.claim_rejected"] == 1
    assert set(Claim.objects.values_list("pk", flat=True)) == {recent.pk, approved.pk}
    assert Attachment.objects.count() == 2 and old.pk not in Claim.objects.values_list("pk", flat=True)


def test_rights_unlinked_calls_and_cancelled_bookings_go(people, slot):  # noqa: F811
    from niangjia.rights.models import Case

    case = Case.objects.create(org=people.tree.union_a, number="RQ-RET-1", requester=people.worker, title="欠薪",
                               category="wages", channel="hotline", first_response_due=dt.date(2026, 1, 1),
                               resolution_due=dt.date(2026, 1, 9))
    CallEvent.objects.create(call_id="old", event="ring", caller_phone="13800000001",
                             received_at=NOW - dt.timedelta(days=400))
    kept_recent = CallEvent.objects.create(call_id="new", event="ring", caller_phone="13800000002",
                                           received_at=LAST_MONTH)
    kept_case = CallEvent.objects.create(call_id="case", event="ring", caller_phone="13800000003", case=case,
                                         received_at=NOW - dt.timedelta(days=400))
    Appointment.objects.create(slot=slot, worker=people.worker, topic="家里的事", cancelled_at=NOW - dt.timedelta(days=400))
    live = Appointment.objects.create(slot=slot, worker=people.other, topic="x")
    CallEventNonce.objects.create(nonce="a", seen_at=NOW - dt.timedelta(days=3))
    CallEventNonce.objects.create(nonce="b", seen_at=NOW)
    counts = retention.enforce(now=NOW)
    assert counts["rights.call_unlinked"] == 1 and counts["rights.booking_cancelled"] == 1
    assert counts["rights.call_nonce"] == 1
    assert set(CallEvent.objects.values_list("pk", flat=True)) == {kept_recent.pk, kept_case.pk}
    assert list(Appointment.objects.values_list("pk", flat=True)) == [live.pk]


def test_care_receipt_photos_go_after_thirty_years_the_greeting_stays(tree, make_member, make_user, media,
                                                                      django_capture_on_commit_callbacks):
    from niangjia.care.models import Campaign

    staff = make_user(roles=[(tree.city, "staff")])
    campaign = Campaign.objects.create(name="送温暖", kind="warmth", org=tree.city, start=dt.date(1990, 1, 1),
                                       end=dt.date(1990, 2, 1), total_budget=D("1000"), created_by=staff)

    def recipient(member, confirmed_at):
        return Recipient.objects.create(campaign=campaign, org=tree.union_a, funding_org=tree.city, member=member,
                                        person_index=member.id_index, amount=D("500"), source="manual",
                                        status="confirmed", confirmed_at=confirmed_at, confirmed_via="paper",
                                        receipt_photo=photo(tree.union_a, f"r{member.pk}.png"))

    old = recipient(make_member(tree.union_a), NOW - dt.timedelta(days=365 * 30 + 10))
    recent = recipient(make_member(tree.union_a), NOW - dt.timedelta(days=365 * 29))
    with django_capture_on_commit_callbacks(execute=True):
        assert retention.enforce(now=NOW)["care.receipt_photo"] == 1
    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.receipt_photo_id is None and old.status == "confirmed" and old.confirmed_via == "paper"
    assert recent.receipt_photo_id is not None and Attachment.objects.count() == 1


def test_congress_secret_receipts_go_a_year_after_the_vote_closed(small_congress):  # noqa: F811
    c = small_congress

    def motion(closed_at, status="closed"):
        m = Motion.objects.create(sitting=c.sitting, title="t", kind="resolution", secret=True, status=status,
                                  closed_at=closed_at)
        for d in c.delegates[:3]:
            BallotReceipt.objects.create(motion=m, delegate=d)
        return m

    old, recent, open_ = motion(NOW - dt.timedelta(days=400)), motion(LAST_MONTH), motion(None, "open")
    assert retention.enforce(now=NOW)["congress.secret_receipt"] == 3
    assert not BallotReceipt.objects.filter(motion=old).exists()
    assert BallotReceipt.objects.filter(motion=recent).count() == 3
    assert BallotReceipt.objects.filter(motion=open_).count() == 3


def test_market_released_orders_go_paid_ones_stay(make_sale, make_member, tree):  # noqa: F811
    sale = make_sale()
    user = make_member(tree.union_a).user

    def order(status, **times):
        return Order.objects.create(sale=sale, user=user, quantity=1, amount=D("59.90"), status=status,
                                    expires_at=NOW, **times)

    order("released", released_at=NOW - dt.timedelta(days=200))
    recent = order("released", released_at=LAST_MONTH)
    paid = order("paid", paid_at=NOW - dt.timedelta(days=2000))
    assert retention.enforce(now=NOW)["market.order_released"] == 1
    assert set(Order.objects.values_list("pk", flat=True)) == {recent.pk, paid.pk}


def test_periods_are_data_and_the_nightly_task_runs_the_apps_rules(make_sale, make_member, tree, settings):  # noqa: F811
    sale = make_sale()
    user = make_member(tree.union_a).user
    Order.objects.create(sale=sale, user=user, quantity=1, amount=D("1"), status="released", expires_at=NOW,
                         released_at=LAST_MONTH)
    settings.NIANGJIA_RETENTION_DAYS = {"market.order_released": 10}
    result = enforce_retention.call_local()
    assert result["market.order_released"] == 1 and not Order.objects.exists()


def test_one_failing_rule_does_not_stop_the_others(make_sale, make_member, tree, monkeypatch):  # noqa: F811
    sale = make_sale()
    Order.objects.create(sale=sale, user=make_member(tree.union_a).user, quantity=1, amount=D("1"),
                         status="released", expires_at=NOW, released_at=NOW - dt.timedelta(days=400))

    def broken(before):
        raise ValueError("planted")

    rules = retention.registered()
    first = next(iter(rules))
    monkeypatch.setitem(retention._RULES, first, retention.Rule(first, 1, broken, "x"))
    with pytest.raises(RuntimeError, match=first):
        retention.enforce(now=NOW)
    assert not Order.objects.exists()  # the market rule still ran
