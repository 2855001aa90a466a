"""The employer's representative (role `employer` at the bargaining union) answers the union's proposal in writing
and makes the company's offers, on the page and through the API; nothing more, and nothing of another company."""

import datetime as dt

import pytest

from niangjia.bargaining import services
from niangjia.bargaining.models import Offer, Position
from niangjia.bargaining.tests.conftest import bearer_client, to_talks
from niangjia.core.errors import Forbidden, NotFound

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
