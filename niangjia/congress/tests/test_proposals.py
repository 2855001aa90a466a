"""Proposals (提案): the lifecycle of the glossary and policies.md §10, scope, the to-do centre, 我的办事, the demo
and racing seconders (PostgreSQL).

Cases written from the policy first:
| step | rule (source) | expected |
|---|---|---|
| submit with 0 / 1 seconder | at least 2 seconders (§10) | refused 409, stays drafting |
| submit with 2 seconders | at least 2 | submitted |
| proposer seconds own proposal | seconders are other delegates | refused |
| same delegate seconds twice | one seconder per delegate | second refused, still counted once |
| review: convert without a reason | returned "with a written reason" (§10) | refused 422 |
| assign with 30 days on 2026-03-01 | 民法典 201: the start day does not count | due 2026-03-31 |
| deadline day itself | "届满" includes the last day (民法典 1259) | not overdue on the due day, overdue the next |
| 不满意 first time | sends it back once | back to assigned, new deadline |
| 不满意 second time | only once | rated, stays 不满意 |
| answer out of order (drafting) | state machine | 409 |
| another district's staff | scope | 404 on page and on every action |
"""

import datetime as dt
import threading

import pytest
from django.db import connection
from django.urls import reverse

from niangjia.conftest import requires_postgres
from niangjia.congress import rules, selectors_proposals
from niangjia.congress import services_proposals as svc
from niangjia.congress.models import Department, Proposal, Seconder
from niangjia.core import my_business, todo
from niangjia.core.errors import Conflict, Forbidden, Invalid, NotFound

pytestmark = pytest.mark.django_db


# --- pure rules -------------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("seconders", "ok"), [(0, False), (1, False), (2, True), (5, True)])
def test_at_least_two_seconders(seconders, ok):
    assert rules.may_submit(seconders) is ok


@pytest.mark.parametrize(("start", "days", "end"), [
    (dt.date(2026, 3, 1), 30, dt.date(2026, 3, 31)),      # start day not counted
    (dt.date(2026, 1, 31), 1, dt.date(2026, 2, 1)),
    (dt.date(2026, 12, 31), 20, dt.date(2027, 1, 20)),
])
def test_reply_deadline_does_not_count_the_start_day(start, days, end):
    assert rules.period_end(start, days) == end


class Cal:
    """A calendar stub: weekends off, these holidays off, these weekend days worked (调休)."""

    def __init__(self, holidays=(), workdays=()):
        self.holidays, self.workdays = set(holidays), set(workdays)

    def is_working_day(self, day):
        return day in self.workdays or (day not in self.holidays and day.weekday() < 5)


@pytest.mark.parametrize(("start", "days", "end"), [
    (dt.date(2026, 9, 21), 10, dt.date(2026, 10, 8)),    # lands on 10-01 (National Day) → first working day 10-08
    (dt.date(2026, 9, 9), 10, dt.date(2026, 9, 21)),     # lands on Saturday 09-19 → Monday 09-21
    (dt.date(2026, 9, 16), 10, dt.date(2026, 9, 27)),    # Saturday 09-26 → Sunday 09-27, a worked day (调休)
    (dt.date(2026, 9, 17), 10, dt.date(2026, 9, 27)),    # Sunday 09-27 worked (调休) → stays
    (dt.date(2026, 9, 15), 10, dt.date(2026, 9, 25)),    # Friday → stays
])
def test_a_last_day_off_moves_to_the_next_working_day(start, days, end):
    cal = Cal(holidays={dt.date(2026, 10, d) for d in range(1, 8)}, workdays={dt.date(2026, 9, 27)})
    assert rules.period_end(start, days, cal) == end


@pytest.mark.parametrize(("today", "overdue"), [(dt.date(2026, 3, 31), False), (dt.date(2026, 4, 1), True)])
def test_overdue_only_after_the_last_day(today, overdue):
    assert rules.is_overdue("assigned", dt.date(2026, 3, 31), today) is overdue
    assert rules.is_overdue("answered", dt.date(2026, 3, 31), today) is False


@pytest.mark.parametrize(("rating", "sent_back", "expected"), [
    ("unsatisfied", 0, ("assigned", 1)), ("unsatisfied", 1, ("rated", 1)),
    ("satisfied", 0, ("rated", 0)), ("mostly", 1, ("rated", 1)),
])
def test_unsatisfied_sends_back_once(rating, sent_back, expected):
    assert rules.after_rating(rating, sent_back) == expected


# --- the lifecycle -----------------------------------------------------------------------------------------------

@pytest.fixture
def dept(small_congress):
    return Department.objects.create(org=small_congress.congress.org, name="人力资源部")


def _draft(c, proposer=0):
    return svc.create_proposal(actor=c.delegates[proposer].user, congress_id=c.congress.pk, title="关于改善食堂的提案",
                               reason="饭菜种类少", measures="增加窗口")


def _submitted(c):
    p = _draft(c)
    svc.second(actor=c.delegates[1].user, proposal_id=p.pk)
    svc.second(actor=c.delegates[2].user, proposal_id=p.pk)
    return svc.submit(actor=c.delegates[0].user, proposal_id=p.pk)


def test_submit_needs_two_seconders_and_not_the_proposer(small_congress):
    c = small_congress
    p = _draft(c)
    with pytest.raises(Conflict, match="至少 2 名代表附议"):
        svc.submit(actor=c.delegates[0].user, proposal_id=p.pk)
    with pytest.raises(Conflict, match="不能附议自己"):
        svc.second(actor=c.delegates[0].user, proposal_id=p.pk)
    assert svc.second(actor=c.delegates[1].user, proposal_id=p.pk) == 1
    with pytest.raises(Conflict, match="已经附议"):
        svc.second(actor=c.delegates[1].user, proposal_id=p.pk)
    with pytest.raises(Conflict, match="目前 1 名"):
        svc.submit(actor=c.delegates[0].user, proposal_id=p.pk)
    assert svc.second(actor=c.delegates[2].user, proposal_id=p.pk) == 2
    with pytest.raises(NotFound):
        svc.submit(actor=c.delegates[1].user, proposal_id=p.pk)  # only the proposer submits
    assert svc.submit(actor=c.delegates[0].user, proposal_id=p.pk).status == "submitted"
    with pytest.raises(Conflict):
        svc.second(actor=c.delegates[3].user, proposal_id=p.pk)
    assert Proposal.objects.get(pk=p.pk).number == 1 and _draft(c).number == 2


def test_full_lifecycle_with_one_send_back(small_congress, dept, monkeypatch):
    c = small_congress
    co = Department.objects.create(org=c.congress.org, name="后勤保障部")
    p = _submitted(c)
    with pytest.raises(Invalid, match="写明理由"):
        svc.review(actor=c.chair, proposal_id=p.pk, decision="convert")
    with pytest.raises(Conflict):
        svc.answer(actor=c.chair, proposal_id=p.pk, text="答复")
    assert svc.review(actor=c.chair, proposal_id=p.pk, decision="accept").status == "accepted"
    from django.utils import timezone
    monkeypatch.setattr(timezone, "localdate", lambda *a: dt.date(2026, 3, 1))
    monkeypatch.setattr(svc, "working_calendar", lambda: Cal(holidays={dt.date(2026, 5, d) for d in range(1, 6)}))
    p = svc.assign(actor=c.chair, proposal_id=p.pk, lead_id=dept.pk, co_ids=[co.pk, dept.pk], days=30)
    assert (p.status, p.reply_due) == ("assigned", dt.date(2026, 3, 31))
    assert [d.name for d in p.co_departments.all()] == ["后勤保障部"]
    with pytest.raises(Conflict, match="督办"):
        svc.follow_up(actor=c.chair, proposal_id=p.pk)
    monkeypatch.setattr(timezone, "localdate", lambda *a: dt.date(2026, 4, 1))
    assert svc.follow_up(actor=c.chair, proposal_id=p.pk).followups == 1
    p = svc.answer(actor=c.chair, proposal_id=p.pk, text="已增加两个窗口")
    assert p.status == "answered"
    with pytest.raises(Forbidden):
        svc.rate(actor=c.delegates[1].user, proposal_id=p.pk, rating="satisfied")
    p = svc.rate(actor=c.delegates[0].user, proposal_id=p.pk, rating="unsatisfied")
    # 04-01 + 30 days = 05-01, Labour Day holiday (05-01..05-05) → the first working day after it, 05-06
    assert (p.status, p.sent_back, p.reply_due) == ("assigned", 1, dt.date(2026, 5, 6))
    svc.answer(actor=c.chair, proposal_id=p.pk, text="再增加一个清真窗口")
    p = svc.rate(actor=c.delegates[0].user, proposal_id=p.pk, rating="unsatisfied")
    assert (p.status, p.rating, p.sent_back) == ("rated", "unsatisfied", 1)
    assert svc.archive(actor=c.chair, proposal_id=p.pk).status == "archived"
    with pytest.raises(Conflict):
        svc.archive(actor=c.chair, proposal_id=p.pk)


def test_converted_to_an_opinion_with_a_reason(small_congress, dept):
    c = small_congress
    p = svc.review(actor=c.chair, proposal_id=_submitted(c).pk, decision="convert", note="属于日常管理事项")
    assert (p.status, p.is_opinion) == ("converted", True)
    assert svc.assign(actor=c.chair, proposal_id=p.pk, lead_id=dept.pk).status == "assigned"


def test_another_district_cannot_reach_a_proposal(small_congress, dept, client):
    c = small_congress
    p = _submitted(c)
    for fn, kw in [(svc.review, {"decision": "accept"}), (svc.assign, {"lead_id": dept.pk}),
                   (svc.answer, {"text": "x"}), (svc.archive, {}), (svc.follow_up, {})]:
        with pytest.raises(NotFound):
            fn(actor=c.outsider_staff, proposal_id=p.pk, **kw)
    with pytest.raises(NotFound):
        selectors_proposals.access_proposal(actor=c.outsider_staff, proposal_id=p.pk)
    client.force_login(c.outsider_staff)
    assert client.get(reverse("congress:proposal", args=[p.pk])).status_code == 404
    assert client.post(reverse("congress:proposal_handle", args=[p.pk, "review"]), {"decision": "accept"}).status_code == 404
    page = client.get(reverse("congress:proposals_workbench"))
    assert page.status_code == 200 and "关于改善食堂的提案" not in page.content.decode()
    assert Proposal.objects.get(pk=p.pk).status == "submitted"


def test_a_department_from_another_union_cannot_be_assigned(small_congress, tree):
    c = small_congress
    foreign = Department.objects.create(org=tree.union_b, name="外单位部门")
    p = svc.review(actor=c.chair, proposal_id=_submitted(c).pk, decision="accept")
    with pytest.raises(Invalid, match="本单位"):
        svc.assign(actor=c.chair, proposal_id=p.pk, lead_id=foreign.pk)


def test_overdue_and_waiting_items_reach_the_to_do_centre(small_congress, dept, monkeypatch):
    c = small_congress
    from django.utils import timezone
    p1 = svc.review(actor=c.chair, proposal_id=_submitted(c).pk, decision="accept")
    monkeypatch.setattr(timezone, "localdate", lambda *a: dt.date(2026, 3, 1))
    svc.assign(actor=c.chair, proposal_id=p1.pk, lead_id=dept.pk, days=10)
    _submitted(c)
    monkeypatch.setattr(timezone, "localdate", lambda *a: dt.date(2026, 3, 12))
    queue = todo.queue_for(c.chair)
    counts = {k["kind"]: k["count"] for k in queue.kinds}
    assert counts["congress.overdue"] == 1 and counts["congress.review"] == 1 and counts["congress.reply"] == 0
    overdue = [r for r in queue.rows if r["item"].kind == "congress.overdue"][0]
    assert overdue["item"].deadline == dt.date(2026, 3, 11) and "督办" in overdue["item"].title
    outsider = {k["kind"]: k["count"] for k in todo.queue_for(c.outsider_staff).kinds}
    assert outsider.get("congress.overdue", 0) == 0 and outsider.get("congress.review", 0) == 0


def test_delegates_see_their_proposals_in_my_business(small_congress):
    c = small_congress
    p = _draft(c)
    items = [i for i in my_business.items_for(c.delegates[0].user) if i.code == "congress_proposal"]
    assert len(items) == 1 and items[0].pending and items[0].holder == "您"
    assert items[0].url == reverse("congress:proposal", args=[p.pk])
    assert not [i for i in my_business.items_for(c.delegates[1].user) if i.code == "congress_proposal"]


def test_pages_draft_second_submit_answer_and_rate(client, small_congress, dept):
    c = small_congress
    client.force_login(c.delegates[0].user)
    r = client.post(reverse("congress:proposal_new"), {"congress": c.congress.pk, "title": "关于增设充电桩的提案",
                                                       "reason": "电动车多", "measures": "增设 20 个"})
    p = Proposal.objects.get(title="关于增设充电桩的提案")
    assert r.status_code == 302 and r["Location"] == reverse("congress:proposal", args=[p.pk])
    bad = client.post(reverse("congress:proposal_new"), {"congress": c.congress.pk, "title": "", "reason": "x",
                                                         "measures": "y"})
    assert bad.status_code == 200 and "请填写案由" in bad.content.decode()
    r = client.post(reverse("congress:proposal_action", args=[p.pk, "submit"]), follow=True)
    assert "至少 2 名代表附议" in r.content.decode()
    for d in c.delegates[1:3]:
        client.force_login(d.user)
        page = client.get(reverse("congress:proposals")).content.decode()
        assert "关于增设充电桩的提案" in page
        client.post(reverse("congress:proposal_action", args=[p.pk, "second"]))
    client.force_login(c.delegates[0].user)
    client.post(reverse("congress:proposal_action", args=[p.pk, "submit"]))
    client.force_login(c.chair)
    assert "关于增设充电桩的提案" in client.get(reverse("congress:proposals_workbench")).content.decode()
    client.post(reverse("congress:proposal_handle", args=[p.pk, "review"]), {"decision": "accept"})
    client.post(reverse("congress:proposal_handle", args=[p.pk, "assign"]), {"lead": dept.pk, "days": "abc"})
    assert Proposal.objects.get(pk=p.pk).status == "accepted"  # a bad number of days changes nothing
    client.post(reverse("congress:proposal_handle", args=[p.pk, "assign"]), {"lead": dept.pk, "days": "15"})
    client.post(reverse("congress:proposal_handle", args=[p.pk, "answer"]), {"reply": "年内建成"})
    client.force_login(c.delegates[0].user)
    page = client.get(reverse("congress:proposal", args=[p.pk])).content.decode()
    assert "年内建成" in page and "基本满意" in page
    client.post(reverse("congress:proposal_action", args=[p.pk, "rate"]), {"rating": "satisfied"})
    p.refresh_from_db()
    assert (p.status, p.rating) == ("rated", "satisfied")
    assert client.post(reverse("congress:proposal_action", args=[p.pk, "nonsense"])).status_code == 404


def test_demo_seeds_273_proposals_in_varied_states_once(small_congress):
    from io import StringIO

    from niangjia.congress.demo_proposals import seed_proposals

    union = small_congress.congress.org
    seed_proposals(StringIO(), union)
    seed_proposals(StringIO(), union)
    qs = Proposal.objects.filter(congress=small_congress.congress)
    assert qs.count() == 273
    states = set(qs.values_list("status", flat=True))
    assert states == {"drafting", "submitted", "accepted", "converted", "assigned", "answered", "rated", "archived"}
    from django.utils import timezone
    assert qs.filter(status="assigned", reply_due__lt=timezone.localdate()).count() == 10
    assert not qs.exclude(status="drafting").filter(pk__in=[
        p.pk for p in qs.exclude(status="drafting") if p.seconders.count() < 2])
    assert sorted(qs.values_list("number", flat=True)) == list(range(1, 274))


# --- races (PostgreSQL) -------------------------------------------------------------------------------------------

def _race(fn, n):
    barrier = threading.Barrier(n)
    results = []

    def run(i):
        barrier.wait()
        try:
            results.append(fn(i))
        except Exception as exc:  # noqa: BLE001 - the test counts refusals
            results.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


@requires_postgres
@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_racing_seconders_and_submits_hold(small_congress):
    c = small_congress
    p = _draft(c)
    # 6 other delegates each second 3 times at once: 18 requests, 6 seconders.
    senders = [d for d in c.delegates[1:] for _ in range(3)]
    results = _race(lambda i: svc.second(actor=senders[i].user, proposal_id=p.pk), len(senders))
    assert len([r for r in results if not isinstance(r, Exception)]) == 6
    assert Seconder.objects.filter(proposal=p).count() == 6
    results = _race(lambda i: svc.submit(actor=c.delegates[0].user, proposal_id=p.pk), 5)
    assert len([r for r in results if not isinstance(r, Exception)]) == 1


@requires_postgres
@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_racing_drafts_get_gap_free_numbers(small_congress):
    c = small_congress
    _race(lambda i: _draft(c, proposer=i), 7)
    assert sorted(Proposal.objects.values_list("number", flat=True)) == list(range(1, 8))
