"""The bargaining API as a client calls it: a bearer token with CSRF checks on, Chinese errors, 201 on creation;
a session without the CSRF token is refused; another district gets 404; bad input is a 4xx that changes nothing."""

import pytest
from django.test import Client

from niangjia.bargaining.models import Negotiation, Opinion, Position, Representative
from niangjia.bargaining.tests.conftest import bearer_client, to_draft

API = "/api/v1/bargaining"
J = {"content_type": "application/json"}


def test_the_whole_flow_through_the_api(people):
    c = bearer_client(people.staff)
    r = c.post(f"{API}/negotiations", {"org_id": people.tree.union_a.pk, "title": "少量降薪换不裁员", "year": 2026,
                                       "from_side": "employer", "content": "企业提出协商", "received_on": "2026-09-11",
                                       "workers_covered": 120}, **J)
    assert r.status_code == 201, r.content
    nid = r.json()["id"]
    assert r.json()["reply_due"] == "2026-10-08"
    r = c.get(f"{API}/negotiations/{nid}")
    assert r.json()["stage"] == "offer" and r.json()["deadlines"][0]["due"] == "2026-10-08"
    r = c.post(f"{API}/negotiations/{nid}/answer", {"accepted": True, "answered_on": "2026-09-28"}, **J)
    assert r.status_code == 200 and r.json()["stage"] == "preparing" and r.json()["late"] is False
    assert {"key": "talks_start", "due": "2026-10-16"}.items() <= r.json()["deadlines"][1].items()
    for side in ("union", "employer"):
        for i in range(3):
            r = c.post(f"{API}/negotiations/{nid}/representatives",
                       {"side": side, "name": f"代表{i}", "is_chief": i == 0}, **J)
            assert r.status_code == 201
    r = c.post(f"{API}/negotiations/{nid}/representatives", {"side": "union", "name": "多余首席", "is_chief": True}, **J)
    assert r.status_code == 409 and r.json()["code"] == "bargaining.second_chief" and "首席代表" in r.json()["message"]
    assert c.post(f"{API}/negotiations/{nid}/talks").json()["stage"] == "talks"
    r = c.post(f"{API}/negotiations/{nid}/rounds", {"held_on": "2026-10-12", "agenda": "工资"}, **J)
    assert r.status_code == 201 and r.json()["number"] == 1
    r = c.post(f"{API}/negotiations/{nid}/positions", {"side": "union", "increase_pct": "3"}, **J)
    assert r.status_code == 201 and r.json()["version"] == 1
    r = c.post(f"{API}/negotiations/{nid}/positions",
               {"side": "union", "increase_pct": "-5", "special_terms": "承诺不裁员"}, **J)
    assert r.json()["version"] == 2
    assert r.json()["changes"] == ["工资增幅（%）：3.00 → -5.00", "特别条款：— → 承诺不裁员"]
    r = c.post(f"{API}/negotiations/{nid}/positions",
               {"side": "union", "piece_rates": [{"item": "城区派送", "yuan": "1.20"}]}, **J)
    assert r.json()["version"] == 3 and "计件单价·城区派送（元）：— → 1.20" in r.json()["changes"]
    r = c.post(f"{API}/negotiations/{nid}/agreement", {
        "title": "2026 年工资专项集体合同", "text": "第一条", "increase_pct": "-5", "special_terms": "2020 年降薪 5%，承诺不裁员",
        "piece_rates": [{"item": "城区派送", "yuan": "1.20"}],
        "term_start": "2026-01-01", "term_end": "2026-12-31", "workers_covered": 120}, **J)
    assert r.status_code == 201
    Negotiation.objects.filter(pk=nid).update(stage="approved")  # the congress vote is tested across apps
    r = c.post(f"{API}/negotiations/{nid}/sign", {"on": "2026-09-30"}, **J)
    assert r.status_code == 200 and r.json()["filing_due"] == "2026-10-10"
    r = c.post(f"{API}/negotiations/{nid}/filing", {"on": "2026-10-09"}, **J)
    assert r.json()["objection_end"] == "2026-10-26" and r.json()["effective_on"] == "2026-10-27"
    r = c.get(f"{API}/negotiations")
    assert r.json()["count"] == 1 and r.json()["items"][0]["stage_label"] == "已报送审查"

    member = bearer_client(people.member)
    mine = member.get(f"{API}/mine").json()
    assert mine[0]["stage"] == "filed" and mine[0]["agreement"]["special_terms"] == "2020 年降薪 5%，承诺不裁员"
    assert mine[0]["agreement"]["effective_on"] is None  # not in force yet
    assert mine[0]["agreement"]["piece_rates"] == [{"item": "城区派送", "yuan": "1.20"}]
    r = member.post(f"{API}/negotiations/{nid}/opinions", {"text": "支持"}, **J)
    assert r.status_code == 201 and Opinion.objects.count() == 1


@pytest.mark.parametrize(("payload", "status"), [
    ({"side": "union", "increase_pct": "1e3"}, 422),
    ({"side": "union", "increase_pct": "NaN"}, 422),
    ({"side": "union", "minimum_wage": "-1"}, 422),
    ({"side": "union", "minimum_wage": "1,000"}, 422),
    ({"side": "boss", "increase_pct": "3"}, 422),
    ({"side": "union"}, 422),
    ({"side": "union", "piece_rates": [{"item": "城区派送", "yuan": "1e3"}]}, 422),
    ({"side": "union", "piece_rates": [{"item": "", "yuan": "1.00"}]}, 422),
])
def test_bad_terms_are_4xx_in_chinese_and_change_nothing(people, negotiation, payload, status):
    from niangjia.bargaining.tests.conftest import to_talks

    to_talks(people, negotiation)
    r = bearer_client(people.staff).post(f"{API}/negotiations/{negotiation.pk}/positions", payload, **J)
    assert r.status_code == status, r.content
    body = r.json()
    assert any("\u4e00" <= ch <= "\u9fff" for ch in str(body.get("message", body)))
    assert Position.objects.count() == 0


def test_wrong_stage_is_409_with_the_stage_named(people, negotiation):
    r = bearer_client(people.staff).post(f"{API}/negotiations/{negotiation.pk}/sign", {"on": "2026-09-30"}, **J)
    assert r.status_code == 409 and "还没有合同草案" in r.json()["message"]
    r = bearer_client(people.staff).post(f"{API}/negotiations/{negotiation.pk}/talks")
    assert r.status_code == 409 and "要约待回应" in r.json()["message"]


@pytest.mark.parametrize("who", ["outsider", "other_member", "member"])
def test_out_of_scope_gets_404(people, negotiation, who):
    to_draft(people, negotiation)
    c = bearer_client(getattr(people, who))
    assert c.get(f"{API}/negotiations/{negotiation.pk}").status_code == 404
    assert c.get(f"{API}/negotiations/{negotiation.pk + 999}").status_code == 404
    r = c.post(f"{API}/negotiations/{negotiation.pk}/representatives", {"side": "union", "name": "X"}, **J)
    assert r.status_code == 404
    assert c.get(f"{API}/negotiations").json()["count"] == 0
    if who != "member":
        assert c.post(f"{API}/negotiations/{negotiation.pk}/opinions", {"text": "x"}, **J).status_code == 404
        assert c.get(f"{API}/mine").json() == []
    assert Representative.objects.filter(name="X").count() == 0


def test_session_write_needs_csrf_and_anonymous_is_401(people, negotiation):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(people.staff)
    r = browser.post(f"{API}/negotiations/{negotiation.pk}/representatives", {"side": "union", "name": "X"}, **J)
    assert r.status_code == 403
    assert Client().get(f"{API}/negotiations").status_code == 401
    assert Representative.objects.count() == 0


def test_api_lists_cost_a_fixed_number_of_queries(people, django_assert_num_queries):
    from niangjia.bargaining.tests.conftest import start
    from niangjia.core.tests.querycount import assert_constant_queries

    counter = iter(range(100))
    staff, member = bearer_client(people.district_staff), bearer_client(people.member)

    def add_rows(k):
        for _ in range(k):
            to_draft(people, start(people, title=f"协商{next(counter)}"))

    assert_constant_queries(django_assert_num_queries, 4, lambda: staff.get(f"{API}/negotiations"), add_rows,
                            markers=lambda r: len(r.json()["items"]))
    assert_constant_queries(django_assert_num_queries, 3, lambda: member.get(f"{API}/mine"), add_rows,
                            markers=lambda r: len(r.json()))
