"""The proposals API for the delegate's phone (issue 14, policies.md §10), as a real client: bearer token, CSRF on.

Cases from the policy first:
| step | rule | expected |
|---|---|---|
| draft by a delegate | delegates propose | 201, 征集 (drafting), numbered 1 |
| draft by a member who is not a delegate | only delegates | 404 Chinese, nothing created |
| empty 案由 | a proposal states its subject | 4xx Chinese, nothing created |
| submit with 1 seconder | at least 2 seconders (§10) | 409 Chinese, still drafting |
| second own proposal / twice | seconders are other delegates, once each | 409 Chinese, count unchanged |
| submit with 2 seconders | at least 2 | submitted |
| rate 不满意 the first time | sent back once | back to assigned |
| rate by another delegate | only the proposer | 4xx, rating unchanged |
| another union's delegate / staff | scope | 404 on read, second, submit, rate |
| session write without CSRF | CSRF on for session writes | 403, nothing created |
"""

import pytest
from django.test import Client

from niangjia.congress import services_proposals as svc
from niangjia.congress.models import Congress, Delegate, DelegateGroup, Department, Proposal, Seconder
from niangjia.congress.tests.conftest import bearer_client

pytestmark = pytest.mark.django_db
API = "/api/v1/congress/proposals"
J = "application/json"


def _draft(phone, c, title="食堂增加夜班供餐"):
    return phone.post(API, {"congress_id": c.congress.pk, "title": title, "reason": "夜班职工吃饭难",
                            "measures": "夜班时段供应热食"}, content_type=J)


def test_draft_second_submit_and_rate_through_the_api(small_congress):
    c = small_congress
    proposer = bearer_client(c.delegates[0].user)
    r = _draft(proposer, c)
    assert r.status_code == 201, r.content
    body = r.json()
    assert body["number"] == 1 and body["status"] == "drafting" and body["seconders"] == 0 and body["mine"]
    pid = body["id"]

    r = proposer.post(f"{API}/{pid}/second")
    assert r.status_code == 409 and "不能附议自己" in r.json()["message"]
    assert bearer_client(c.delegates[1].user).post(f"{API}/{pid}/second").json()["seconders"] == 1
    again = bearer_client(c.delegates[1].user).post(f"{API}/{pid}/second")
    assert again.status_code == 409 and "已经附议" in again.json()["message"]
    assert Seconder.objects.filter(proposal_id=pid).count() == 1

    r = proposer.post(f"{API}/{pid}/submit")
    assert r.status_code == 409 and "至少 2 名" in r.json()["message"] and "目前 1 名" in r.json()["message"]
    assert Proposal.objects.get(pk=pid).status == "drafting"

    seeker = bearer_client(c.delegates[2].user)
    seeking = seeker.get(API).json()["seeking"]
    assert [(p["id"], p["seconded_by_me"]) for p in seeking] == [(pid, False)]
    assert seeker.post(f"{API}/{pid}/second").json()["seconders"] == 2
    assert seeker.get(API).json()["seeking"][0]["seconded_by_me"] is True

    r = proposer.post(f"{API}/{pid}/submit")
    assert r.status_code == 200 and r.json()["status"] == "submitted"
    assert r.json()["status_label"] and r.json()["status_label"] != "submitted"

    r = proposer.post(f"{API}/{pid}/rating", {"rating": "satisfied"}, content_type=J)
    assert r.status_code == 409 and Proposal.objects.get(pk=pid).rating == ""  # not answered yet

    dept = Department.objects.create(org=c.congress.org, name="后勤部")
    svc.review(actor=c.chair, proposal_id=pid, decision="accept")
    svc.assign(actor=c.chair, proposal_id=pid, lead_id=dept.pk)
    svc.answer(actor=c.chair, proposal_id=pid, text="十月起夜班供应热食")

    other = bearer_client(c.delegates[1].user).post(f"{API}/{pid}/rating", {"rating": "satisfied"}, content_type=J)
    assert other.status_code in (403, 404) and Proposal.objects.get(pk=pid).rating == ""
    bad = proposer.post(f"{API}/{pid}/rating", {"rating": "great"}, content_type=J)
    assert 400 <= bad.status_code < 500 and Proposal.objects.get(pk=pid).rating == ""

    mine = proposer.get(API).json()["mine"]
    assert mine[0]["reply"] == "十月起夜班供应热食" and mine[0]["status"] == "answered"
    r = proposer.post(f"{API}/{pid}/rating", {"rating": "unsatisfied"}, content_type=J)
    assert r.status_code == 200 and r.json()["status"] == "assigned" and r.json()["rating"] == "unsatisfied"


def test_a_non_delegate_cannot_draft_and_bad_input_changes_nothing(small_congress, tree, make_member):
    c = small_congress
    outsider = make_member(tree.union_a)
    r = _draft(bearer_client(outsider.user), c)
    assert r.status_code == 404 and "不是这届职代会的代表" in r.json()["message"]
    r = _draft(bearer_client(c.delegates[0].user), c, title="   ")
    assert 400 <= r.status_code < 500 and "案由" in r.json()["message"]
    r = bearer_client(c.delegates[0].user).post(API, {"congress_id": c.congress.pk, "title": "x" * 121,
                                                      "reason": "r", "measures": "m"}, content_type=J)
    assert 400 <= r.status_code < 500
    r = bearer_client(c.delegates[0].user).post(API, {"congress_id": 2**31 - 1, "title": "t", "reason": "r",
                                                      "measures": "m"}, content_type=J)
    assert r.status_code == 404
    assert Proposal.objects.count() == 0


def test_another_unions_proposal_is_404_everywhere(small_congress, tree, make_member):
    c = small_congress
    pid = _draft(bearer_client(c.delegates[0].user), c).json()["id"]
    # A delegate of a congress in the other district.
    other_congress = Congress.objects.create(org=tree.union_b, title="另一家公司职代会")
    group = DelegateGroup.objects.create(congress=other_congress, name="一组")
    m = make_member(tree.union_b, name="外单位代表")
    Delegate.objects.create(congress=other_congress, group=group, member=m, user=m.user, name=m.name)
    for who in (bearer_client(m.user), bearer_client(c.outsider_staff)):
        assert who.get(f"{API}/{pid}").status_code == 404
        assert who.post(f"{API}/{pid}/second").status_code == 404
        assert who.post(f"{API}/{pid}/submit").status_code == 404
        r = who.post(f"{API}/{pid}/rating", {"rating": "unsatisfied"}, content_type=J)
        assert r.status_code == 404 and "未找到" in r.json()["message"]
        assert who.get(API).json() == {"mine": [], "seeking": []}
        r = _draft(who, c)
        assert r.status_code == 404
    assert Seconder.objects.count() == 0 and Proposal.objects.count() == 1


def test_session_writes_need_csrf(small_congress):
    c = small_congress
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(c.delegates[0].user)
    r = _draft(browser, c)
    assert r.status_code == 403 and Proposal.objects.count() == 0
    assert browser.get(API).status_code == 200
