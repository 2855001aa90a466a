"""The draft voted by all workers (第三十六条, policies §6), the workers' request that obliges a proposal (one fifth,
policies §12 local example) and the per-region wage parameters. Tables first, from the policy."""

import datetime as dt
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from niangjia.bargaining import rules, selectors, services
from niangjia.bargaining.models import (
    BargainingAsk,
    Negotiation,
    RegionWageParams,
    StaffHeadcount,
    WorkerBallot,
    WorkersVote,
)
from niangjia.bargaining.tests.conftest import bearer_client, to_draft
from niangjia.core.errors import Conflict, Invalid, NotFound
from niangjia.core.models import AuditEvent

API = "/api/v1/bargaining"
J = {"content_type": "application/json"}
TODAY = dt.date(2026, 10, 20)

# --- rules: the table from 第三十六条 and 民法典 1259 ("以上" includes the number; 过半数 = more than half) -----

WORKERS_TABLE = [
    # total, yes, no, abstain → quorum, majority, quorate, passed
    (10, 6, 1, 0, 7, 6, True, True),      # 7 of 10 take part (⅔ = 6.67 → 7), 6 yes > 5
    (10, 5, 2, 0, 7, 6, True, False),     # exactly half is not more than half
    (10, 6, 0, 0, 7, 6, False, False),    # 6 take part: below two thirds, so no vote
    (9, 5, 1, 0, 6, 5, True, True),       # ⅔ of 9 = 6 exactly ("以上" includes it); 5 > 4.5
    (9, 4, 2, 0, 6, 5, True, False),
    (3, 2, 0, 0, 2, 2, True, True),
    (1, 1, 0, 0, 1, 1, True, True),
    (120, 61, 19, 0, 80, 61, True, True),  # 80 present = ⅔ of 120 exactly; 61 > 60
    (120, 60, 20, 0, 80, 61, True, False),
    (120, 61, 0, 18, 80, 61, False, False),  # 79 take part: abstentions count as taking part, still short
    (295, 148, 49, 0, 197, 148, True, True),  # the congress example of policies §12 with all workers
]


@pytest.mark.parametrize(("total", "yes", "no", "abstain", "quorum", "majority", "quorate", "passed"), WORKERS_TABLE)
def test_workers_vote_table(total, yes, no, abstain, quorum, majority, quorate, passed):
    r = rules.workers_vote_result(total=total, yes=yes, no=no, abstain=abstain)
    assert (r["quorum"], r["majority"], r["quorate"], r["passed"]) == (quorum, majority, quorate, passed)
    assert r["rule_version"] == rules.WORKERS_VOTE_RULE_VERSION and len(r["explanation"]) == 3


@given(st.integers(1, 3000), st.data())
def test_workers_vote_against_brute_force(total, data):
    yes = data.draw(st.integers(0, total))
    no = data.draw(st.integers(0, total - yes))
    abstain = data.draw(st.integers(0, total - yes - no))
    r = rules.workers_vote_result(total=total, yes=yes, no=no, abstain=abstain)
    # brute force: the least whole numbers that satisfy "≥ ⅔ of all" and "> ½ of all", found by counting up
    quorum = next(k for k in range(total + 1) if 3 * k >= 2 * total)
    majority = next(k for k in range(total + 2) if 2 * k > total)
    assert r["quorum"] == quorum and r["majority"] == majority
    assert r["passed"] == (yes + no + abstain >= quorum and yes >= majority)


def test_workers_vote_refuses_impossible_counts():
    for args in ((0, 0, 0, 0), (10, 8, 3, 0), (10, -1, 0, 0)):
        assert rules.workers_vote_problems(*args)
        with pytest.raises(ValueError):
            rules.workers_vote_result(total=args[0], yes=args[1], no=args[2], abstain=args[3])


ASK_TABLE = [  # asks, staff, denominator → threshold, reached ("五分之一以上" includes one fifth itself)
    (20, 100, 5, 20, True), (19, 100, 5, 20, False), (21, 101, 5, 21, True), (20, 101, 5, 21, False),
    (1, 1, 5, 1, True), (0, 1, 5, 1, False), (34, 100, 3, 34, True), (33, 100, 3, 34, False),
]


@pytest.mark.parametrize(("asks", "staff", "d", "threshold", "reached"), ASK_TABLE)
def test_one_fifth_table(asks, staff, d, threshold, reached):
    assert rules.ask_threshold(staff, d) == threshold
    assert rules.ask_reached(asks, staff, d) is reached


@given(st.integers(1, 100_000), st.integers(0, 100_000), st.integers(2, 10))
def test_one_fifth_against_brute_force(staff, asks, d):
    assert rules.ask_reached(asks, staff, d) == (asks >= next(k for k in range(staff + 1) if k * d >= staff))


P = rules.RegionParams(minimum_wage=Decimal("2100.00"), lower_pct=Decimal("2.00"), base_pct=Decimal("6.00"),
                       upper_pct=Decimal("9.00"))
REGION_TABLE = [  # minimum wage, increase → (ok, words)
    (Decimal("2099.99"), None, [(False, "低于当地最低工资标准")]),
    (Decimal("2100.00"), None, [(True, "不低于")]),
    (None, Decimal("1.99"), [(False, "低于工资指导线下线")]),
    (None, Decimal("2.00"), [(True, "在下线")]),
    (None, Decimal("6.00"), [(True, "在基准线")]),
    (None, Decimal("9.00"), [(True, "在基准线")]),
    (None, Decimal("9.01"), [(False, "高于工资指导线上线")]),
    (None, Decimal("-5.00"), [(False, "低于工资指导线下线")]),  # the 2020 pay cut against a positive lower line
]


@pytest.mark.parametrize(("wage", "increase", "expected"), REGION_TABLE)
def test_region_comparison_table(wage, increase, expected):
    notes = rules.compare_with_region(rules.WageTerms(minimum_wage=wage, increase_pct=increase), P)
    assert [n["ok"] for n in notes] == [ok for ok, _words in expected]
    assert all(words in n["text"] for n, (_ok, words) in zip(notes, expected, strict=True))


def test_region_params_problems():
    assert rules.region_params_problems(P) == []
    bad = rules.RegionParams(minimum_wage=Decimal("0"), lower_pct=Decimal("7"), base_pct=Decimal("6"),
                             upper_pct=Decimal("200"))
    assert len(rules.region_params_problems(bad, 11)) == 4


# --- services: the vote of all workers --------------------------------------------------------------------


@pytest.fixture
def voters(people, make_member):
    return [people.member] + [make_member(people.tree.union_a, name=f"职工{i}").user for i in range(4)]


def _open(people, negotiation, total=5):
    to_draft(people, negotiation)
    return services.open_workers_vote(actor=people.staff, negotiation_id=negotiation.pk, workers_total=total,
                                      closes_on=TODAY + dt.timedelta(days=3), today=TODAY)


def test_all_workers_pass_the_draft(people, negotiation, voters):
    vote = _open(people, negotiation, total=5)
    assert Negotiation.objects.get(pk=negotiation.pk).stage == "voting"
    for user, choice in zip(voters, ["yes", "yes", "yes", "no"], strict=False):  # 4 of 5 take part (≥ 4), 3 yes > 2.5
        services.cast_worker_ballot(actor=user, negotiation_id=negotiation.pk, choice=choice, today=TODAY)
    with pytest.raises(Conflict):  # one ballot per worker
        services.cast_worker_ballot(actor=voters[0], negotiation_id=negotiation.pk, choice="no", today=TODAY)
    with pytest.raises(NotFound):  # a member of another union
        services.cast_worker_ballot(actor=people.other_member, negotiation_id=negotiation.pk, choice="yes", today=TODAY)
    assert WorkerBallot.objects.filter(vote=vote).count() == 4
    vote = services.close_workers_vote(actor=people.staff, negotiation_id=negotiation.pk)
    assert vote.result["passed"] is True and vote.result["present"] == 4
    n = Negotiation.objects.get(pk=negotiation.pk)
    assert n.stage == "approved" and "获得通过" in n.agreement.vote_explanation[-1]
    assert AuditEvent.objects.filter(action="bargaining.workers_vote_close").count() == 1
    with pytest.raises(Conflict):  # closed: no more ballots
        services.cast_worker_ballot(actor=voters[4], negotiation_id=negotiation.pk, choice="yes", today=TODAY)


def test_paper_ballots_count_and_a_failed_vote_goes_back_to_talks(people, negotiation, voters):
    _open(people, negotiation, total=10)
    for user in voters[:3]:
        services.cast_worker_ballot(actor=user, negotiation_id=negotiation.pk, choice="yes", today=TODAY)
    with pytest.raises(Invalid):  # 3 online + 8 on paper > 10 workers: nothing written
        services.close_workers_vote(actor=people.staff, negotiation_id=negotiation.pk, paper_yes=8)
    assert WorkersVote.objects.get().status == "open"
    vote = services.close_workers_vote(actor=people.staff, negotiation_id=negotiation.pk, paper_yes=2, paper_no=2)
    # 7 of 10 take part (≥ 7), 5 yes is exactly half: not more than half of all workers
    assert (vote.result["present"], vote.result["yes"], vote.result["passed"]) == (7, 5, False)
    assert Negotiation.objects.get(pk=negotiation.pk).stage == "talks"


def test_opening_refusals_write_nothing(people, negotiation):
    with pytest.raises(Conflict):  # no draft yet
        services.open_workers_vote(actor=people.staff, negotiation_id=negotiation.pk, workers_total=5,
                                   closes_on=TODAY, today=TODAY)
    to_draft(people, negotiation)
    for total, closes in ((0, TODAY), (5, TODAY - dt.timedelta(days=1)), (5, TODAY + dt.timedelta(days=31))):
        with pytest.raises(Invalid):
            services.open_workers_vote(actor=people.staff, negotiation_id=negotiation.pk, workers_total=total,
                                       closes_on=closes, today=TODAY)
    with pytest.raises(NotFound):
        services.open_workers_vote(actor=people.outsider, negotiation_id=negotiation.pk, workers_total=5,
                                   closes_on=TODAY, today=TODAY)
    assert WorkersVote.objects.count() == 0 and Negotiation.objects.get(pk=negotiation.pk).stage == "draft"


def test_ballot_after_the_last_day_and_beyond_the_number_of_workers(people, negotiation, voters):
    _open(people, negotiation, total=2)
    services.cast_worker_ballot(actor=voters[0], negotiation_id=negotiation.pk, choice="yes", today=TODAY)
    services.cast_worker_ballot(actor=voters[1], negotiation_id=negotiation.pk, choice="abstain", today=TODAY)
    with pytest.raises(Conflict):  # more ballots than workers
        services.cast_worker_ballot(actor=voters[2], negotiation_id=negotiation.pk, choice="yes", today=TODAY)
    with pytest.raises(Conflict):
        services.cast_worker_ballot(actor=voters[3], negotiation_id=negotiation.pk, choice="yes",
                                    today=TODAY + dt.timedelta(days=4))


def test_workers_vote_pages_and_api(client, people, negotiation, voters):
    from django.utils import timezone

    to_draft(people, negotiation)
    staff = bearer_client(people.staff)
    today = timezone.localdate()
    r = staff.post(f"{API}/negotiations/{negotiation.pk}/workers-vote",
                   {"workers_total": 5, "closes_on": today.isoformat()}, **J)
    assert r.status_code == 201 and r.json()["open"] and r.json()["quorum"] == 4
    client.force_login(voters[0])
    page = client.get(f"/bargaining/{negotiation.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "集体合同草案表决（全体职工）" in page and "赞成" in page
    client.post(f"/bargaining/{negotiation.pk}/ballot/", {"choice": "yes"})
    page = client.get(f"/bargaining/{negotiation.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "您已投票" in page
    for user in voters[1:4]:
        assert bearer_client(user).post(f"{API}/negotiations/{negotiation.pk}/workers-ballots",
                                        {"choice": "yes"}, **J).status_code == 201
    r = bearer_client(voters[1]).post(f"{API}/negotiations/{negotiation.pk}/workers-ballots", {"choice": "no"}, **J)
    assert r.status_code == 409 and "只能投一次" in r.json()["message"]
    assert bearer_client(people.other_member).post(f"{API}/negotiations/{negotiation.pk}/workers-ballots",
                                                   {"choice": "no"}, **J).status_code == 404
    client.force_login(people.staff)
    page = client.get(f"/bargaining/workbench/{negotiation.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "全体职工 5 人，网上已投票 4 人" in page
    r = staff.post(f"{API}/negotiations/{negotiation.pk}/workers-vote/close", {}, **J)
    assert r.status_code == 200 and r.json()["passed"] is True and not r.json()["open"]
    assert bearer_client(people.outsider).get(f"{API}/negotiations/{negotiation.pk}/workers-vote").status_code == 404


def test_open_vote_is_in_the_todo_centre(people, negotiation):
    from niangjia.core import todo

    _open(people, negotiation)
    kinds = {k["kind"]: k["count"] for k in todo.queue_for(people.staff).kinds}
    assert kinds.get("bargaining.workers_vote") == 1
    assert not {k["kind"]: k["count"] for k in todo.queue_for(people.outsider).kinds}.get("bargaining.workers_vote")


# --- the one-fifth request -------------------------------------------------------------------------------------


def test_one_fifth_of_the_staff_oblige_a_proposal(client, people, make_member):
    from django.utils import timezone

    from niangjia.core import todo

    year = timezone.localdate().year
    services.set_staff_headcount(actor=people.staff, org_id=people.tree.union_a.pk, year=year, total=10)
    workers = [people.member, make_member(people.tree.union_a, name="甲").user]
    services.ask_for_bargaining(actor=workers[0])
    with pytest.raises(Conflict):  # once per worker per year
        services.ask_for_bargaining(actor=workers[0])
    assert selectors.asks_reached(actor=people.staff, year=year) == []
    client.force_login(workers[1])
    assert "要求工会发起工资集体协商" in client.get("/bargaining/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    client.post("/bargaining/ask/")
    assert BargainingAsk.objects.count() == 2  # 2 of 10 = one fifth ("以上" includes it)
    reached = selectors.asks_reached(actor=people.staff, year=year)
    assert [(r["org"].pk, r["asks"], r["staff_total"]) for r in reached] == [(people.tree.union_a.pk, 2, 10)]
    assert {k["kind"]: k["count"] for k in todo.queue_for(people.staff).kinds}.get("bargaining.asks") == 1
    assert not {k["kind"]: k["count"] for k in todo.queue_for(people.outsider).kinds}.get("bargaining.asks")
    assert selectors.asks_reached(actor=people.outsider, year=year) == []
    client.force_login(people.staff)
    assert "工会应向企业发出协商要约" in client.get("/bargaining/workbench/asks/",
                                                     HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    # the union proposes for that year: the item leaves the to-do centre
    services.start_negotiation(actor=people.staff, org_id=people.tree.union_a.pk, title="职工要求的协商", year=year,
                               from_side="union", content="应职工要求提出协商。", received_on=timezone.localdate())
    assert selectors.asks_reached(actor=people.staff, year=year) == []


def test_a_region_may_set_another_share(people, make_user, make_member):
    from django.utils import timezone

    year = timezone.localdate().year
    admin = make_user(roles=[(people.tree.district_a, "admin")], name="区总工会管理员")
    services.set_staff_headcount(actor=people.staff, org_id=people.tree.union_a.pk, year=year, total=10)
    services.ask_for_bargaining(actor=people.member)
    assert not selectors.ask_progress(org=people.tree.union_a, year=year)["reached"]
    services.save_region_params(actor=admin, org_id=people.tree.district_a.pk, year=year, minimum_wage="2100",
                                lower_pct="2", base_pct="6", upper_pct="9", ask_denominator=10)
    assert selectors.ask_progress(org=people.tree.union_a, year=year)["reached"]  # 1 of 10 with one in ten
    assert [(r["asks"], r["denominator"]) for r in selectors.asks_reached(actor=people.staff, year=year)] == [(1, 10)]
    with pytest.raises(Invalid):
        services.set_staff_headcount(actor=people.staff, org_id=people.tree.union_a.pk, year=year, total=0)
    with pytest.raises(NotFound):
        services.set_staff_headcount(actor=people.outsider, org_id=people.tree.union_a.pk, year=year, total=5)
    assert StaffHeadcount.objects.get().total == 10
    r = bearer_client(make_member(people.tree.union_a, name="乙").user).post(f"{API}/asks", **J)
    assert r.status_code == 201 and r.json()["asks"] == 2


# --- per-region parameters -------------------------------------------------------------------------------------


def test_region_params_are_versioned_audited_and_used(client, people, make_user, negotiation):
    admin = make_user(roles=[(people.tree.district_a, "admin")], name="区总工会管理员")
    other_admin = make_user(roles=[(people.tree.district_b, "admin")], name="西湖区管理员")
    args = {"org_id": people.tree.district_a.pk, "year": 2026, "lower_pct": "2", "base_pct": "6", "upper_pct": "9"}
    with pytest.raises(Invalid):  # core.money refuses thousands separators
        services.save_region_params(actor=admin, minimum_wage="2,100", **args)
    with pytest.raises(Invalid):  # lower > base
        services.save_region_params(actor=admin, minimum_wage="2100", **{**args, "lower_pct": "7"})
    with pytest.raises(NotFound):  # another district's admin
        services.save_region_params(actor=other_admin, minimum_wage="2100", **args)
    with pytest.raises(NotFound):  # staff are not admins
        services.save_region_params(actor=people.district_staff, minimum_wage="2100", **args)
    assert RegionWageParams.objects.count() == 0
    v1 = services.save_region_params(actor=admin, minimum_wage="2000", **args)
    v2 = services.save_region_params(actor=admin, minimum_wage="2100.00", source="杭政〔2026〕1号", **args)
    assert (v1.version, v2.version) == (1, 2)
    assert selectors.region_params_for(people.tree.union_a, 2026).pk == v2.pk
    assert selectors.region_params_for(people.tree.union_b, 2026) is None
    event = AuditEvent.objects.filter(action="bargaining.region_params").order_by("-id").first()
    assert event.summary["changes"] == {"minimum_wage": ["2000.00", "2100.00"]}
    # the wage terms are compared with them on the negotiation page
    from niangjia.bargaining.tests.conftest import to_talks

    to_talks(people, negotiation)
    services.add_position(actor=people.staff, negotiation_id=negotiation.pk, side="union",
                          terms=services.parse_terms(increase_pct="1", minimum_wage="2000"))
    client.force_login(people.staff)
    page = client.get(f"/bargaining/workbench/{negotiation.pk}/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "低于当地最低工资标准 2100.00 元/月" in page and "低于工资指导线下线 2.00%" in page
    client.force_login(admin)
    page = client.get("/bargaining/workbench/region-params/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "杭政〔2026〕1号" in page and "地区工资参数" in page
    r = client.post("/bargaining/workbench/region-params/", {**args, "minimum_wage": "abc", "ask_denominator": "5"},
                    HTTP_ACCEPT_LANGUAGE="zh-hans", follow=True)
    assert r.status_code == 200 and RegionWageParams.objects.count() == 2
    client.force_login(people.staff)  # staff without the admin role: 404
    assert client.get("/bargaining/workbench/region-params/").status_code == 404
    r = bearer_client(admin).post(f"{API}/region-params", {**args, "minimum_wage": "2200"}, **J)
    assert r.status_code == 201 and r.json()["version"] == 3
    assert bearer_client(other_admin).post(f"{API}/region-params", {**args, "minimum_wage": "2200"},
                                           **J).status_code == 404


def test_new_pages_have_no_english(client, people, make_user, negotiation):
    import re

    admin = make_user(roles=[(people.tree.district_a, "admin")], name="区总工会管理员")
    services.save_region_params(actor=admin, org_id=people.tree.district_a.pk, year=2026, minimum_wage="2100",
                                lower_pct="2", base_pct="6", upper_pct="9")
    _open(people, negotiation)
    for user, url in ((admin, "/bargaining/workbench/region-params/"), (people.staff, "/bargaining/workbench/asks/"),
                      (people.staff, f"/bargaining/workbench/{negotiation.pk}/"), (people.member, "/bargaining/"),
                      (people.member, f"/bargaining/{negotiation.pk}/")):
        client.force_login(user)
        html = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
        body = re.sub(r"<[^>]+>", " ", re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", html.split("<main", 1)[-1]
                                              .split(">", 1)[1], flags=re.S))
        words = set(re.findall(r"\b[A-Za-z]{4,}\b", body)) - {"Niangjia", "Excel"}
        assert not words, (url, words)
