"""Proxies, paper roll call and candidate elections, counted against all delegates.

Cases from policies.md §5 and §12 and the issue (7 delegates: quorum 5, majority 4):
| case | expected |
|---|---|
| proxies off (default) | recording one refused; a proxy never counts |
| 4 checked in + 1 proxy whose holder is present | present 5, quorate, voting opens |
| 4 checked in + 1 proxy whose holder is absent | present 4, opening refused with the numbers |
| grantor comes after all | counts once, in person; the holder cannot vote for them |
| a holder takes a second proxy | refused (at most one per holder) |
| a chain (grantor holds, or holder has given) | refused |
| recorded after the sitting started | refused ("in advance") |
| paper roll call + paper ballot by the chair | counted; a phone check-in cannot be voted for on paper |
| election 2 seats, 3 candidates, 4/4/3 of 7 | both with 4 elected (more than half of all 7) |
| election 1 seat, A 4 B 4 | tie reported, nobody elected silently |
| election 2 seats, A 5 B 3 C 2 | A elected, shortfall 1 reported |
| more marks than seats / a foreign candidate | refused 422 |
| candidates ≤ seats at creation | refused (差额选举) |
"""

import pytest
from django.urls import reverse

from niangjia.congress import services, services_proxies
from niangjia.congress.models import Candidate, CandidateTally, ElectionMark, Motion, Sitting
from niangjia.core.errors import Conflict, Invalid

pytestmark = pytest.mark.django_db


@pytest.fixture
def planned(small_congress):
    c = small_congress
    Sitting.objects.filter(pk=c.sitting.pk).update(status=Sitting.Status.PLANNED)
    c.sitting.refresh_from_db()
    return c


def _enable(c):
    services_proxies.set_proxies_enabled(actor=c.chair, congress_id=c.congress.pk, enabled=True)


def test_proxies_are_off_by_default(planned):
    c = planned
    with pytest.raises(Conflict, match="未启用"):
        services_proxies.record_proxy(actor=c.chair, sitting_id=c.sitting.pk, grantor_id=c.delegates[6].pk,
                                      holder_id=c.delegates[0].pk)


def test_a_proxy_counts_only_with_its_holder_present(planned):
    c = planned
    _enable(c)
    services_proxies.record_proxy(actor=c.chair, sitting_id=c.sitting.pk, grantor_id=c.delegates[6].pk,
                                  holder_id=c.delegates[0].pk)
    services.start_sitting(actor=c.chair, sitting_id=c.sitting.pk)
    m = services.create_motion(actor=c.chair, sitting_id=c.sitting.pk, title="决议", kind="resolution", secret=False)
    for d in c.delegates[1:5]:
        services.check_in(actor=d.user, sitting_id=c.sitting.pk)
    with pytest.raises(Conflict, match="实到 4 人，不足法定人数 5 人"):
        services.open_motion(actor=c.chair, motion_id=m.pk)
    assert services.check_in(actor=c.delegates[0].user, sitting_id=c.sitting.pk) == 6  # 5 in person + 1 proxy
    m = services.open_motion(actor=c.chair, motion_id=m.pk)
    assert (m.present, m.by_proxy) == (6, 1)
    services.cast_ballot(actor=c.delegates[0].user, motion_id=m.pk, choice="yes")
    services.cast_ballot(actor=c.delegates[0].user, motion_id=m.pk, choice="yes", for_delegate=c.delegates[6].pk)
    with pytest.raises(Conflict, match="已经投过票"):
        services.cast_ballot(actor=c.delegates[0].user, motion_id=m.pk, choice="no", for_delegate=c.delegates[6].pk)
    with pytest.raises(Conflict, match="没有受这位代表委托"):
        services.cast_ballot(actor=c.delegates[1].user, motion_id=m.pk, choice="no", for_delegate=c.delegates[5].pk)
    for d in c.delegates[1:3]:
        services.cast_ballot(actor=d.user, motion_id=m.pk, choice="yes")
    m = services.close_motion(actor=c.chair, motion_id=m.pk)
    assert (m.yes, m.passed) == (4, True)  # 4 of all 7 is more than half
    assert any("1 人由到会代表受托" in line for line in m.explanation)


def test_a_grantor_who_comes_votes_in_person_and_counts_once(planned):
    c = planned
    _enable(c)
    services_proxies.record_proxy(actor=c.chair, sitting_id=c.sitting.pk, grantor_id=c.delegates[6].pk,
                                  holder_id=c.delegates[0].pk)
    services.start_sitting(actor=c.chair, sitting_id=c.sitting.pk)
    for d in c.delegates[:4] + [c.delegates[6]]:
        services.check_in(actor=d.user, sitting_id=c.sitting.pk)
    m = services.create_motion(actor=c.chair, sitting_id=c.sitting.pk, title="决议", kind="resolution", secret=True)
    m = services.open_motion(actor=c.chair, motion_id=m.pk)
    assert (m.present, m.by_proxy) == (5, 0)
    with pytest.raises(Conflict, match="本人已经到会"):
        services.cast_ballot(actor=c.delegates[0].user, motion_id=m.pk, choice="no", for_delegate=c.delegates[6].pk)
    services.cast_ballot(actor=c.delegates[6].user, motion_id=m.pk, choice="yes")


def test_at_most_one_proxy_per_holder_no_chains_and_only_in_advance(planned):
    c = planned
    _enable(c)
    rec = services_proxies.record_proxy
    rec(actor=c.chair, sitting_id=c.sitting.pk, grantor_id=c.delegates[6].pk, holder_id=c.delegates[0].pk)
    with pytest.raises(Conflict, match="至多接受一名"):
        rec(actor=c.chair, sitting_id=c.sitting.pk, grantor_id=c.delegates[5].pk, holder_id=c.delegates[0].pk)
    with pytest.raises(Conflict, match="已经委托"):
        rec(actor=c.chair, sitting_id=c.sitting.pk, grantor_id=c.delegates[6].pk, holder_id=c.delegates[1].pk)
    with pytest.raises(Conflict, match="已受他人委托"):
        rec(actor=c.chair, sitting_id=c.sitting.pk, grantor_id=c.delegates[0].pk, holder_id=c.delegates[1].pk)
    with pytest.raises(Conflict, match="本人已委托他人"):
        rec(actor=c.chair, sitting_id=c.sitting.pk, grantor_id=c.delegates[5].pk, holder_id=c.delegates[6].pk)
    with pytest.raises(Invalid):
        rec(actor=c.chair, sitting_id=c.sitting.pk, grantor_id=c.delegates[5].pk, holder_id=c.delegates[5].pk)
    services.start_sitting(actor=c.chair, sitting_id=c.sitting.pk)
    with pytest.raises(Conflict, match="会议开始前"):
        rec(actor=c.chair, sitting_id=c.sitting.pk, grantor_id=c.delegates[5].pk, holder_id=c.delegates[1].pk)


def test_paper_roll_call_and_paper_ballots_count(small_congress):
    c = small_congress
    for d in c.delegates[:3]:
        services.check_in(actor=d.user, sitting_id=c.sitting.pk)
    for d in c.delegates[3:5]:
        services.check_in(actor=c.chair, sitting_id=c.sitting.pk, delegate_id=d.pk)
    m = services.create_motion(actor=c.chair, sitting_id=c.sitting.pk, title="决议", kind="resolution", secret=True)
    m = services.open_motion(actor=c.chair, motion_id=m.pk)
    assert m.present == 5
    for d in c.delegates[3:5]:
        services.cast_ballot(actor=c.chair, motion_id=m.pk, choice="yes", delegate_id=d.pk)
    with pytest.raises(Conflict, match="纸质点名"):
        services.cast_ballot(actor=c.chair, motion_id=m.pk, choice="yes", delegate_id=c.delegates[0].pk)
    with pytest.raises(Conflict, match="已经投过票"):
        services.cast_ballot(actor=c.chair, motion_id=m.pk, choice="no", delegate_id=c.delegates[3].pk)
    for d in c.delegates[:2]:
        services.cast_ballot(actor=d.user, motion_id=m.pk, choice="yes")
    m = services.close_motion(actor=c.chair, motion_id=m.pk)
    assert (m.yes, m.passed) == (4, True)


def _election(c, seats, names, secret=False, present=7):
    for d in c.delegates[:present]:
        services.check_in(actor=d.user, sitting_id=c.sitting.pk)
    m = services.create_motion(actor=c.chair, sitting_id=c.sitting.pk, title="选举工会委员", kind="election",
                               secret=secret, seats=seats, candidates=names)
    services.open_motion(actor=c.chair, motion_id=m.pk)
    return m, {x.name: x.pk for x in Candidate.objects.filter(motion=m)}


def _vote(c, m, ids, marks):
    for d, mark in zip(c.delegates, marks, strict=False):
        services.cast_ballot(actor=d.user, motion_id=m.pk, candidates=[ids[n] for n in mark])


@pytest.mark.parametrize("secret", [False, True])
def test_election_counts_against_all_delegates(small_congress, secret):
    c = small_congress
    m, ids = _election(c, 2, ["甲", "乙", "丙"], secret=secret)
    _vote(c, m, ids, [("甲", "乙"), ("甲", "乙"), ("甲", "丙"), ("甲", "乙"), ("乙", "丙"), ("丙",), ()])
    m = services.close_motion(actor=c.chair, motion_id=m.pk)
    got = {x.name: (x.votes, x.elected) for x in Candidate.objects.filter(motion=m)}
    assert got == {"甲": (4, True), "乙": (4, True), "丙": (3, False)}
    assert m.passed is True
    assert ElectionMark.objects.filter(motion=m).exists() is (not secret)
    assert sum(CandidateTally.objects.filter(motion=m).values_list("count", flat=True)) == 11


def test_a_tie_for_the_last_seat_is_reported_not_drawn(small_congress):
    c = small_congress
    m, ids = _election(c, 1, ["甲", "乙"])
    _vote(c, m, ids, [("甲",), ("甲",), ("甲",), ("甲",), ("乙",), ("乙",), ("乙",)])
    # 甲 4 (> 3.5) elected; now a real tie: both above half is impossible with 1 mark each, so test with 2 seats/3.
    m = services.close_motion(actor=c.chair, motion_id=m.pk)
    assert Candidate.objects.get(motion=m, name="甲").elected is True


def test_a_tie_over_the_majority_is_reported(small_congress):
    c = small_congress
    m, ids = _election(c, 1, ["甲", "乙", "丙"])
    Motion.objects.filter(pk=m.pk).update(seats=2)  # each delegate may mark 2 of 3
    m.refresh_from_db()
    services.close_motion  # noqa: B018 - keep the import used in this test's reading
    _vote(c, m, ids, [("甲", "乙"), ("甲", "乙"), ("甲", "乙"), ("甲", "乙"), ("丙",), ("丙",), ()])
    Motion.objects.filter(pk=m.pk).update(seats=1)
    m = services.close_motion(actor=c.chair, motion_id=m.pk)
    got = {x.name: x.elected for x in Candidate.objects.filter(motion=m)}
    assert got == {"甲": None, "乙": None, "丙": False}
    assert m.passed is False and any("得票相同" in line for line in m.explanation)


def test_a_shortfall_is_reported(small_congress):
    c = small_congress
    m, ids = _election(c, 2, ["甲", "乙", "丙"])
    _vote(c, m, ids, [("甲",), ("甲",), ("甲", "乙"), ("甲", "乙"), ("甲", "乙"), ("丙",), ("丙",)])
    m = services.close_motion(actor=c.chair, motion_id=m.pk)
    assert Candidate.objects.get(motion=m, name="甲").elected is True
    assert Candidate.objects.get(motion=m, name="乙").elected is False  # 3 is not more than half of 7
    assert any("缺额 1 名" in line for line in m.explanation)


def test_bad_election_ballots_and_motions_are_refused(small_congress):
    c = small_congress
    with pytest.raises(Invalid, match="差额选举"):
        services.create_motion(actor=c.chair, sitting_id=c.sitting.pk, title="选举", kind="election", secret=True,
                               seats=2, candidates=["甲", "乙"])
    m, ids = _election(c, 2, ["甲", "乙", "丙"])
    with pytest.raises(Invalid, match="最多只能选 2 人"):
        services.cast_ballot(actor=c.delegates[0].user, motion_id=m.pk, candidates=list(ids.values()))
    other, _ = _election(c, 1, ["丁", "戊"])
    with pytest.raises(Invalid, match="本次选举的候选人"):
        services.cast_ballot(actor=c.delegates[0].user, motion_id=m.pk,
                             candidates=[Candidate.objects.filter(motion=other).first().pk])
    services.cast_ballot(actor=c.delegates[0].user, motion_id=m.pk, candidates=[])  # supports nobody: valid
    with pytest.raises(Conflict):
        services.cast_ballot(actor=c.delegates[0].user, motion_id=m.pk, candidates=[ids["甲"]])


def test_chair_page_with_election_and_proxies_renders(client, planned):
    c = planned
    _enable(c)
    services_proxies.record_proxy(actor=c.chair, sitting_id=c.sitting.pk, grantor_id=c.delegates[6].pk,
                                  holder_id=c.delegates[0].pk)
    client.force_login(c.chair)
    page = client.get(reverse("congress:sitting", args=[c.sitting.pk])).content.decode()
    assert f"{c.delegates[6].name}（{c.delegates[6].pk} 号）由{c.delegates[0].name}" in page
    services.start_sitting(actor=c.chair, sitting_id=c.sitting.pk)
    m, ids = _election(c, 1, ["甲", "乙"], secret=True)
    _vote(c, m, ids, [("甲",)] * 5)
    services.close_motion(actor=c.chair, motion_id=m.pk)
    page = client.get(reverse("congress:sitting", args=[c.sitting.pk])).content.decode()
    assert "当选" in page and "甲：5" in page


# --- races (PostgreSQL) -------------------------------------------------------------------------------------------

from niangjia.conftest import requires_postgres  # noqa: E402
from niangjia.congress.tests.test_proposals import _race  # noqa: E402


@requires_postgres
@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_racing_proxies_to_one_holder_keep_one(planned):
    c = planned
    _enable(c)
    results = _race(lambda i: services_proxies.record_proxy(actor=c.chair, sitting_id=c.sitting.pk,
                                                            grantor_id=c.delegates[1 + i].pk,
                                                            holder_id=c.delegates[0].pk), 6)
    assert len([r for r in results if not isinstance(r, Exception)]) == 1


@requires_postgres
@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("secret", [False, True])
def test_racing_election_and_proxy_ballots_count_one_per_delegate(planned, secret):
    c = planned
    _enable(c)
    services_proxies.record_proxy(actor=c.chair, sitting_id=c.sitting.pk, grantor_id=c.delegates[6].pk,
                                  holder_id=c.delegates[0].pk)
    services.start_sitting(actor=c.chair, sitting_id=c.sitting.pk)
    m, ids = _election(c, 2, ["甲", "乙", "丙"], secret=secret, present=6)
    # 6 present delegates and the proxy holder for the 7th, each ballot sent 4 times at once: 28 racing requests.
    senders = [(d, None) for d in c.delegates[:6] for _ in range(4)] + [(c.delegates[0], c.delegates[6].pk)] * 4
    results = _race(lambda i: services.cast_ballot(actor=senders[i][0].user, motion_id=m.pk,
                                                   candidates=[ids["甲"]], for_delegate=senders[i][1]), len(senders))
    assert len([r for r in results if not isinstance(r, Exception)]) == 7
    m = services.close_motion(actor=c.chair, motion_id=m.pk)
    assert Candidate.objects.get(motion=m, name="甲").votes == 7
