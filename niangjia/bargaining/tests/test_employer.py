"""The employer's representative (role `employer` at the bargaining union) answers the union's proposal in writing
and makes the company's offers, on the page and through the API; nothing more, and nothing of another company."""

import datetime as dt

import pytest

from niangjia.bargaining import services
from niangjia.bargaining.models import Offer, Position
from niangjia.bargaining.tests.conftest import bearer_client, to_draft, to_talks
from niangjia.core.errors import Conflict, Forbidden, NotFound

API = "/api/v1/bargaining"
J = {"content_type": "application/json"}


@pytest.fixture
def employer(people, make_user):
    return make_user(roles=[(people.tree.union_a, "employer")], name="企业方代表")


@pytest.fixture
def other_employer(people, make_user):
    return make_user(roles=[(people.tree.union_b, "employer")], name="别家企业代表")


def test_employer_answers_on_the_page_and_offers_terms(client, people, negotiation, employer):
    client.force_login(employer)
    page = client.get("/bargaining/employer/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "少量降薪换不裁员" in page
    r = client.post(f"/bargaining/employer/{negotiation.pk}/", {"action": "answer", "accepted": "yes",
                                                                 "on": "2026-09-20"})
    assert r.status_code == 302
    offer = Offer.objects.get(negotiation=negotiation)
    assert offer.accepted is True and offer.answered_on == dt.date(2026, 9, 20)
    negotiation.refresh_from_db()
    for side in ("union", "employer"):
        for i in range(3):
            services.add_representative(actor=people.staff, negotiation_id=negotiation.pk, side=side,
                                        name=f"代表{i}", is_chief=i == 0)
    services.start_talks(actor=people.staff, negotiation_id=negotiation.pk)
    client.post(f"/bargaining/employer/{negotiation.pk}/", {"action": "position", "increase_pct": "-5",
                                                             "special_terms": "承诺不裁员"})
    assert Position.objects.get().side == "employer"
    page = client.get(f"/bargaining/employer/{negotiation.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "承诺不裁员" in page and "协商中" in page


def test_employer_may_not_act_for_the_union(people, negotiation, employer):
    to_talks(people, negotiation)
    with pytest.raises(Forbidden):
        services.add_position(actor=employer, negotiation_id=negotiation.pk, side="union",
                              terms=services.parse_terms(increase_pct="3"))
    with pytest.raises(NotFound):
        services.add_representative(actor=employer, negotiation_id=negotiation.pk, side="employer", name="X")
    with pytest.raises(NotFound):
        services.start_talks(actor=employer, negotiation_id=negotiation.pk)
    assert Position.objects.count() == 0


def test_employer_does_not_answer_its_own_proposal(people, employer):
    n = services.start_negotiation(actor=people.staff, org_id=people.tree.union_a.pk, title="企业提出", year=2026,
                                   from_side="employer", content="企业提出协商", received_on=dt.date(2026, 9, 1))
    with pytest.raises(Forbidden):
        services.answer_offer(actor=employer, negotiation_id=n.pk, accepted=True, answered_on=dt.date(2026, 9, 2))
    assert Offer.objects.get(negotiation=n).answered_on is None


def test_employer_api_and_another_company(people, negotiation, employer, other_employer, client):
    r = bearer_client(employer).post(f"{API}/negotiations/{negotiation.pk}/answer",
                                     {"accepted": False, "reason": "", "answered_on": "2026-09-20"}, **J)
    assert r.status_code == 200 and r.json()["refused_without_reason"] is True
    other = bearer_client(other_employer)
    assert other.get(f"{API}/negotiations/{negotiation.pk}").status_code == 404
    r = other.post(f"{API}/negotiations/{negotiation.pk}/answer", {"accepted": True, "answered_on": "2026-09-21"}, **J)
    assert r.status_code == 404
    client.force_login(other_employer)
    assert client.get(f"/bargaining/employer/{negotiation.pk}/").status_code == 404
    assert "少量降薪换不裁员" not in client.get("/bargaining/employer/").content.decode()
    assert Offer.objects.get(negotiation=negotiation).accepted is False


# --- the employer's own proposal, and both chiefs signing from their own logins ---------------------

def test_employer_sends_its_own_proposal_on_the_page(client, people, employer):
    """第三十二条: either side may propose in writing; the union receives a proposal sent on the platform the day
    it is sent, so the 20-day answer runs from today and shows in the union's to-do centre."""
    from django.utils import timezone

    from niangjia.bargaining import rules, selectors
    from niangjia.bargaining.models import Negotiation

    client.force_login(employer)
    page = client.get("/bargaining/employer/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "发出企业方协商要约" in page and people.tree.union_a.name in page
    r = client.post("/bargaining/employer/", {"org_id": people.tree.union_a.pk, "title": "2027 年工资协商",
                                               "year": timezone.localdate().year, "workers_covered": "80",
                                               "content": "企业提出就 2027 年工资调整进行协商。"})
    assert r.status_code == 302
    n = Negotiation.objects.get(title="2027 年工资协商")
    offer = Offer.objects.get(negotiation=n)
    today = timezone.localdate()
    assert offer.from_side == "employer" and offer.received_on == today
    assert offer.reply_due == rules.offer_reply_due(today, selectors.working_calendar())
    assert [o.pk for o in selectors.offers_awaiting_answer(actor=people.staff)] == [offer.pk]
    # the union answers it; the employer may not answer its own
    with pytest.raises(Forbidden):
        services.answer_offer(actor=employer, negotiation_id=n.pk, accepted=True, answered_on=today)
    services.answer_offer(actor=people.staff, negotiation_id=n.pk, accepted=True, answered_on=today)


def test_employer_proposal_refusals_write_nothing(people, employer, other_employer):
    from django.utils import timezone

    from niangjia.bargaining.models import Negotiation
    from niangjia.core.errors import Invalid

    today = timezone.localdate()
    base = {"org_id": people.tree.union_a.pk, "title": "x", "year": today.year, "content": "协商"}
    with pytest.raises(Forbidden):  # not in the union's name
        services.start_negotiation(actor=employer, from_side="union", received_on=None, **base)
    with pytest.raises(Invalid):  # a back-dated receipt is the union's to record, not the sender's
        services.start_negotiation(actor=employer, from_side="employer", received_on=today - dt.timedelta(days=3),
                                   **base)
    with pytest.raises(NotFound):  # another company's union
        services.start_negotiation(actor=other_employer, from_side="employer", received_on=None, **base)
    assert Negotiation.objects.count() == 0


def _approved(people, negotiation, *, in_talks=False):
    from decimal import Decimal

    from niangjia.bargaining import rules
    from niangjia.bargaining.models import Negotiation

    if in_talks:
        services.draft_agreement(
            actor=people.staff, negotiation_id=negotiation.pk, title="2026 年工资专项集体合同", text="第一条 ……",
            terms=rules.WageTerms(increase_pct=Decimal("-5.00")), term_start=dt.date(2026, 1, 1),
            term_end=dt.date(2026, 12, 31), workers_covered=120)
    else:
        to_draft(people, negotiation)
    Negotiation.objects.filter(pk=negotiation.pk).update(stage="approved")  # the vote is tested elsewhere


def test_both_chiefs_sign_minutes_and_agreement_from_their_own_logins(client, people, negotiation, employer):
    from niangjia.bargaining.models import Agreement, Negotiation
    from niangjia.core.models import AuditEvent

    to_talks(people, negotiation)
    rnd = services.add_round(actor=people.staff, negotiation_id=negotiation.pk, held_on=dt.date(2026, 10, 12),
                             agenda="工资增幅")
    services.record_minutes(actor=people.staff, round_id=rnd.pk, minutes="双方同意降薪 5%，不裁员。")
    services.sign_minutes(actor=people.staff, round_id=rnd.pk, side="union", signed_on=dt.date(2026, 10, 12))
    with pytest.raises(Forbidden):  # the employer signs only its own side
        services.sign_minutes(actor=employer, round_id=rnd.pk, side="union")
    client.force_login(employer)
    page = client.get(f"/bargaining/employer/{negotiation.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "以企业方首席代表身份签署纪要" in page
    client.post(f"/bargaining/employer/{negotiation.pk}/", {"action": "sign_minutes", "round_id": rnd.pk})
    rnd.refresh_from_db()
    assert rnd.minutes_signed and rnd.employer_chief_signed_on is not None

    _approved(people, negotiation, in_talks=True)
    services.sign_agreement(actor=people.staff, negotiation_id=negotiation.pk, side="union",
                            signed_on=dt.date(2026, 11, 2))
    a = Agreement.objects.get(negotiation=negotiation)
    assert a.union_signed_on == dt.date(2026, 11, 2) and a.signed_on is None and a.filing_due is None
    assert Negotiation.objects.get(pk=negotiation.pk).stage == "approved"
    with pytest.raises(Conflict):  # the union's chief has signed already
        services.sign_agreement(actor=people.staff, negotiation_id=negotiation.pk, side="union",
                                signed_on=dt.date(2026, 11, 2))
    client.post(f"/bargaining/employer/{negotiation.pk}/", {"action": "sign"})
    a.refresh_from_db()
    assert a.employer_signed_on is not None and a.signed_on == max(a.union_signed_on, a.employer_signed_on)
    assert a.filing_due is not None and Negotiation.objects.get(pk=negotiation.pk).stage == "signed"
    assert AuditEvent.objects.filter(action="bargaining.sign").count() == 2
    # 第四十二条: the employer files the text, and may record it
    client.post(f"/bargaining/employer/{negotiation.pk}/", {"action": "file", "on": a.signed_on.isoformat()})
    assert Negotiation.objects.get(pk=negotiation.pk).stage == "filed"


def test_signatures_through_the_api(people, negotiation, employer, other_employer):
    from niangjia.bargaining.models import Agreement

    _approved(people, negotiation)
    other = bearer_client(other_employer)
    assert other.post(f"{API}/negotiations/{negotiation.pk}/sign", {}, **J).status_code == 404
    r = bearer_client(employer).post(f"{API}/negotiations/{negotiation.pk}/sign", {"side": "union"}, **J)
    assert r.status_code == 403 and r.json()["message"]
    r = bearer_client(employer).post(f"{API}/negotiations/{negotiation.pk}/sign", {}, **J)
    assert r.status_code == 200 and r.json()["employer_signed_on"] and r.json()["filing_due"] is None
    r = bearer_client(people.staff).post(f"{API}/negotiations/{negotiation.pk}/sign",
                                         {"side": "union", "on": r.json()["employer_signed_on"]}, **J)
    assert r.status_code == 200 and r.json()["stage"] == "signed" and r.json()["filing_due"]
    assert Agreement.objects.get(negotiation=negotiation).signed_on is not None


def test_employer_minutes_signature_api(people, negotiation, employer, other_employer):
    to_talks(people, negotiation)
    rnd = services.add_round(actor=people.staff, negotiation_id=negotiation.pk, held_on=dt.date(2026, 10, 12),
                             agenda="工资")
    url = f"{API}/rounds/{rnd.pk}/minutes-signature"
    assert bearer_client(employer).post(url, {}, **J).status_code == 409  # no minutes yet
    services.record_minutes(actor=people.staff, round_id=rnd.pk, minutes="纪要")
    assert bearer_client(other_employer).post(url, {}, **J).status_code == 404
    r = bearer_client(employer).post(url, {}, **J)
    assert r.status_code == 200 and r.json()["employer_chief_signed_on"] and not r.json()["minutes_signed"]
    assert bearer_client(employer).post(url, {}, **J).status_code == 409


def test_employer_pages_have_no_english(client, people, negotiation, employer):
    import re

    _approved(people, negotiation)
    client.force_login(employer)
    for url in ("/bargaining/employer/", f"/bargaining/employer/{negotiation.pk}/"):
        html = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
        body = re.sub(r"<[^>]+>", " ", html.split("<main", 1)[-1].split(">", 1)[1])
        words = set(re.findall(r"\b[A-Za-z]{4,}\b", body)) - {"Niangjia", "Excel"}
        assert not words, (url, words)
