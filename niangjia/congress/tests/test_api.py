"""The congress API contract (issue 14), tested as the delegate's phone would call it: a bearer token, CSRF on."""

import pytest

from niangjia.congress.models import Ballot, CheckIn, Motion
from niangjia.congress.tests.conftest import bearer_client

pytestmark = pytest.mark.django_db
API = "/api/v1/congress"


def test_current_sitting_and_idempotent_check_in(small_congress):
    phone = bearer_client(small_congress.delegates[0].user)
    r = phone.get(f"{API}/sittings/current")
    assert r.status_code == 200
    assert r.json() == {"id": small_congress.sitting.pk, "title": "第一次会议", "delegates_total": 7, "present": 0,
                        "quorum": 5}
    for _ in range(2):
        r = phone.post(f"{API}/sittings/{small_congress.sitting.pk}/check-in")
        assert r.status_code == 200 and r.json() == {"present": 1}
    assert CheckIn.objects.count() == 1


def test_a_member_who_is_not_a_delegate_has_no_current_sitting(small_congress, tree, make_member):
    outsider = make_member(tree.union_a)
    assert bearer_client(outsider.user).get(f"{API}/sittings/current").status_code == 404


def _check_in(c, n):
    for d in c.delegates[:n]:
        assert bearer_client(d.user).post(f"{API}/sittings/{c.sitting.pk}/check-in").status_code == 200


def test_full_vote_through_the_api(small_congress):
    c = small_congress
    chair = bearer_client(c.chair)
    r = chair.post(f"{API}/sittings/{c.sitting.pk}/motions", {"title": "关于2026年工资调整方案的决议",
                                                             "kind": "resolution", "secret": False},
                   content_type="application/json")
    assert r.status_code == 201
    motion_id = r.json()["id"]
    _check_in(c, 4)
    r = chair.post(f"{API}/motions/{motion_id}/open")
    assert r.status_code == 409
    assert "不足法定人数 5 人" in r.json()["message"] and "实到 4 人" in r.json()["message"]
    _check_in(c, 6)
    assert chair.post(f"{API}/motions/{motion_id}/open").status_code == 200
    for i, choice in enumerate(["yes", "yes", "yes", "yes", "no", "abstain"]):
        r = bearer_client(c.delegates[i].user).post(f"{API}/motions/{motion_id}/ballots", {"choice": choice},
                                                     content_type="application/json")
        assert r.status_code == 201, r.content
    again = bearer_client(c.delegates[0].user).post(f"{API}/motions/{motion_id}/ballots", {"choice": "no"},
                                                    content_type="application/json")
    assert again.status_code == 409 and again.json()["code"] == "congress.already_voted"
    absent = bearer_client(c.delegates[6].user).post(f"{API}/motions/{motion_id}/ballots", {"choice": "yes"},
                                                     content_type="application/json")
    assert absent.status_code == 409  # not checked in when voting opened
    assert chair.post(f"{API}/motions/{motion_id}/close").status_code == 200
    late = bearer_client(c.delegates[5].user).post(f"{API}/motions/{motion_id}/ballots", {"choice": "yes"},
                                                   content_type="application/json")
    assert late.status_code == 409
    result = bearer_client(c.delegates[0].user).get(f"{API}/motions/{motion_id}/result").json()
    assert {k: result[k] for k in ("delegates_total", "present", "yes", "no", "abstain", "not_voted", "quorate",
                                   "passed")} == {"delegates_total": 7, "present": 6, "yes": 4, "no": 1, "abstain": 1,
                                                  "not_voted": 0, "quorate": True, "passed": True}
    assert result["explanation"][0] == "应到 7 人，实到 6 人（法定 5 人，有效）"
    assert result["final"] is True
    assert Ballot.objects.filter(motion_id=motion_id).count() == 6


def test_three_yes_of_seven_fails_even_if_most_of_those_voting(small_congress):
    c = small_congress
    chair = bearer_client(c.chair)
    motion_id = chair.post(f"{API}/sittings/{c.sitting.pk}/motions", {"title": "议题", "kind": "contract",
                                                                     "secret": True},
                           content_type="application/json").json()["id"]
    _check_in(c, 5)
    chair.post(f"{API}/motions/{motion_id}/open")
    for i, choice in enumerate(["yes", "yes", "yes", "abstain"]):
        bearer_client(c.delegates[i].user).post(f"{API}/motions/{motion_id}/ballots", {"choice": choice},
                                                content_type="application/json")
    chair.post(f"{API}/motions/{motion_id}/close")
    result = chair.get(f"{API}/motions/{motion_id}/result").json()
    assert result["yes"] == 3 and result["not_voted"] == 1 and result["passed"] is False


@pytest.mark.parametrize("who", ["delegate", "outsider_staff"])
def test_only_the_chair_in_scope_creates_and_opens(small_congress, who):
    c = small_congress
    user = c.delegates[0].user if who == "delegate" else c.outsider_staff
    r = bearer_client(user).post(f"{API}/sittings/{c.sitting.pk}/motions", {"title": "x", "kind": "resolution",
                                                                           "secret": False},
                                 content_type="application/json")
    assert r.status_code == (403 if who == "delegate" else 404)
    assert not Motion.objects.exists()


def test_bad_choice_and_kind_are_422_not_500(small_congress):
    c = small_congress
    chair = bearer_client(c.chair)
    r = chair.post(f"{API}/sittings/{c.sitting.pk}/motions", {"title": "x", "kind": "poll", "secret": False},
                   content_type="application/json")
    assert r.status_code == 422
    r = bearer_client(c.delegates[0].user).post(f"{API}/motions/999999/ballots", {"choice": "maybe"},
                                                content_type="application/json")
    assert r.status_code == 422


def test_session_writes_still_need_csrf(small_congress):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(small_congress.delegates[0].user)
    assert client.post(f"{API}/sittings/{small_congress.sitting.pk}/check-in").status_code == 403


def test_election_and_proxy_through_the_api(small_congress):
    """An election with 2 seats and 3 candidates, and a proxy vote, as the phone calls them (bearer, CSRF on)."""
    from niangjia.congress import services_proxies
    from niangjia.congress.models import Sitting

    c = small_congress
    Sitting.objects.filter(pk=c.sitting.pk).update(status="planned")
    services_proxies.set_proxies_enabled(actor=c.chair, congress_id=c.congress.pk, enabled=True)
    services_proxies.record_proxy(actor=c.chair, sitting_id=c.sitting.pk, grantor_id=c.delegates[6].pk,
                                  holder_id=c.delegates[0].pk)
    Sitting.objects.filter(pk=c.sitting.pk).update(status="in_progress")
    chair = bearer_client(c.chair)
    bad = chair.post(f"{API}/sittings/{c.sitting.pk}/motions", {"title": "选举", "kind": "election", "secret": True,
                                                               "seats": 2, "candidates": ["甲", "乙"]},
                     content_type="application/json")
    assert bad.status_code == 422 and "差额选举" in bad.json()["message"]
    r = chair.post(f"{API}/sittings/{c.sitting.pk}/motions", {"title": "选举工会委员", "kind": "election", "secret": True,
                                                             "seats": 2, "candidates": ["甲", "乙", "丙"]},
                   content_type="application/json")
    assert r.status_code == 201
    mid = r.json()["id"]
    _check_in(c, 4)
    assert bearer_client(c.delegates[0].user).get(f"{API}/sittings/current").json()["present"] == 5  # 4 + 1 proxy
    assert chair.post(f"{API}/motions/{mid}/open").status_code == 200
    phone = bearer_client(c.delegates[0].user)
    cands = {x["name"]: x["id"] for x in phone.get(f"{API}/motions/{mid}/result").json()["candidates"]}
    assert set(cands) == {"甲", "乙", "丙"}
    too_many = phone.post(f"{API}/motions/{mid}/ballots", {"candidates": list(cands.values())},
                          content_type="application/json")
    assert too_many.status_code == 422 and "最多只能选 2 人" in too_many.json()["message"]
    for payload in [{"candidates": [cands["甲"], cands["乙"]]},
                    {"candidates": [cands["甲"], cands["乙"]], "for_delegate": c.delegates[6].pk}]:
        assert phone.post(f"{API}/motions/{mid}/ballots", payload, content_type="application/json").status_code == 201
    again = phone.post(f"{API}/motions/{mid}/ballots", {"candidates": [], "for_delegate": c.delegates[6].pk},
                       content_type="application/json")
    assert again.status_code == 409
    for d in c.delegates[1:3]:
        assert bearer_client(d.user).post(f"{API}/motions/{mid}/ballots", {"candidates": [cands["甲"], cands["乙"]]},
                                          content_type="application/json").status_code == 201
    chair.post(f"{API}/motions/{mid}/close")
    result = phone.get(f"{API}/motions/{mid}/result").json()
    assert result["final"] and result["present"] == 5 and result["not_voted"] == 1
    got = {x["name"]: (x["votes"], x["elected"]) for x in result["candidates"]}
    assert got == {"甲": (4, True), "乙": (4, True), "丙": (0, False)}
