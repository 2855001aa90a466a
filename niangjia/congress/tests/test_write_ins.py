"""Write-in candidates (另选他人) in congress elections.

A delegate may write in a person who is not on the ballot. The person must be an active member of the union's
subtree, named unambiguously. A write-in is counted like a printed candidate: more than half of **all** delegates
to pass, the same seat filling and the same tie and shortfall reports (policies.md §5, §12). The explanation, the
result and the tallies list write-ins marked （另选他人）. A secret election stays unlinkable.

Cases (7 delegates: majority 4):
| case | expected |
|---|---|
| "张 三、李四，张三" in one field | names 张三, 李四 (spaces removed, split on 、，, each once) |
| a name longer than 60 characters | refused |
| 2 marks + 1 write-in with 2 seats / 1 + 1 / 0 + 0 | refused / valid / valid (supports nobody) |
| write-in reaches 4 of 7 | elected, explanation "王五（另选他人） 得 4 票，当选" |
| write-in reaches 3 of 7 | not elected ("未超过全体代表半数") |
| write-in ties a printed candidate for the last seat, both over half | reported "须另行确定", nobody drawn |
| a name no active member of the union has, a member of another union | refused 422, no ballot, no row |
| a name two members share | refused (cannot tell who), nothing written |
| the name of a printed candidate | counted for that candidate (once, even when also marked) |
| later voters' ballot paper (page and API) while open | printed candidates only |
| secret election with write-ins, raw tables after closing | no row ties a person voted for to a delegate |
| elected write-in → delegate button | that very member, even if a namesake joins later |
| racing ballots writing in the same new name (PostgreSQL) | one candidate row, every ballot counted once |
"""

import pytest
from django.db import connection
from django.urls import reverse

from niangjia.conftest import requires_postgres
from niangjia.congress import rules, services
from niangjia.congress.models import BallotReceipt, Candidate, CandidateTally, Delegate, ElectionMark
from niangjia.congress.services_elected import delegates_from_election
from niangjia.congress.tests.conftest import bearer_client
from niangjia.core.errors import Conflict, Invalid

pytestmark = pytest.mark.django_db
API = "/api/v1/congress"


# --- pure rules -----------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("raw", "names"), [
    (["张 三、李四，张三"], ["张三", "李四"]),
    (["王五", "", "  ", "赵六;钱七"], ["王五", "赵六", "钱七"]),
    ([], []),
    (None, []),
    (["欧阳" + "娜" * 58], ["欧阳" + "娜" * 58]),  # 60 characters: allowed
])
def test_write_in_names(raw, names):
    assert rules.write_in_names(raw) == names


def test_a_write_in_name_over_60_characters_or_with_control_characters_is_refused():
    with pytest.raises(ValueError, match="too long"):
        rules.write_in_names(["娜" * 61])
    with pytest.raises(ValueError, match="not a name"):
        rules.write_in_names(["王\x00五"])


@pytest.mark.parametrize(("marked", "written", "seats", "ok"), [
    (2, 1, 2, False), (1, 1, 2, True), (0, 2, 2, True), (0, 0, 2, True), (0, 3, 2, False), (3, 0, 3, True),
])
def test_marks_and_write_ins_together_at_most_the_seats(marked, written, seats, ok):
    assert rules.marks_within_seats(marked=marked, written=written, seats=seats) is ok


@pytest.mark.parametrize(("votes", "seats", "elected", "tied", "line"), [
    ({"甲": 5, "乙": 2, "王五": 4}, 2, ["甲", "王五"], [], "王五（另选他人） 得 4 票，当选"),
    ({"甲": 5, "乙": 4, "王五": 3}, 2, ["甲", "乙"], [], "王五（另选他人） 得 3 票，未超过全体代表半数，未当选"),
    ({"甲": 6, "乙": 4, "王五": 4}, 2, ["甲"], ["乙", "王五"], "王五（另选他人） 得 4 票，得票相同，须另行确定"),
    ({"甲": 2, "王五": 4}, 2, ["王五"], [], "缺额 1 名"),
])
def test_write_ins_count_like_printed_candidates(votes, seats, elected, tied, line):
    r = rules.count_election(total=7, present=7, seats=seats, votes=votes, write_ins={"王五"})
    assert sorted(r.elected) == sorted(elected) and sorted(r.passed_but_tied) == sorted(tied)
    assert any(line in x for x in r.explanation), r.explanation
    plain = rules.count_election(total=7, present=7, seats=seats, votes=votes)
    assert (plain.elected, plain.passed_but_tied, plain.seats_unfilled) == (r.elected, r.passed_but_tied,
                                                                              r.seats_unfilled)


# --- services, pages, API -----------------------------------------------------------------------------------------

def _election(c, secret=False, seats=2, names=("甲", "乙", "丙")):
    for d in c.delegates:
        services.check_in(actor=d.user, sitting_id=c.sitting.pk)
    m = services.create_motion(actor=c.chair, sitting_id=c.sitting.pk, title="选举工会委员", kind="election",
                               secret=secret, seats=seats, candidates=list(names))
    services.open_motion(actor=c.chair, motion_id=m.pk)
    return m, {x.name: x.pk for x in Candidate.objects.filter(motion=m)}


@pytest.mark.parametrize("secret", [False, True])
def test_a_written_in_member_is_counted_and_elected(small_congress, tree, make_member, secret):
    c = small_congress
    wang = make_member(tree.union_a, name="王五")
    m, ids = _election(c, secret=secret)
    for d in c.delegates[:4]:
        services.cast_ballot(actor=d.user, motion_id=m.pk, candidates=[ids["甲"]], write_ins=["王五"])
    for d in c.delegates[4:6]:
        services.cast_ballot(actor=d.user, motion_id=m.pk, candidates=[ids["甲"], ids["乙"]])
    services.cast_ballot(actor=c.delegates[6].user, motion_id=m.pk, write_ins=["王 五"])
    m = services.close_motion(actor=c.chair, motion_id=m.pk)
    got = {x.name: (x.votes, x.elected, x.write_in) for x in Candidate.objects.filter(motion=m)}
    assert got == {"甲": (6, True, False), "乙": (2, False, False), "丙": (0, False, False), "王五": (5, True, True)}
    assert Candidate.objects.get(motion=m, name="王五").member_id == wang.pk
    assert "王五（另选他人） 得 5 票，当选" in m.explanation
    assert sum(CandidateTally.objects.filter(motion=m).values_list("count", flat=True)) == 6 + 2 + 5
    assert ElectionMark.objects.filter(motion=m).exists() is (not secret)


def test_bad_write_ins_are_refused_and_nothing_is_written(small_congress, tree, make_member):
    c = small_congress
    make_member(tree.union_a2, name="外单位")  # a member, but of another union
    make_member(tree.union_a, name="同名")
    make_member(tree.union_a, name="同名")
    m, ids = _election(c)
    voter = c.delegates[0].user
    for names, message in [(["没有这人"], "“没有这人”不是本工会范围内的在册会员"),
                           (["外单位"], "“外单位”不是本工会范围内的在册会员"),
                           (["同名"], "本工会有 2 名会员叫“同名”"),
                           (["娜" * 61], "不超过 60 字"), (["王\x00五"], "不含控制字符")]:
        with pytest.raises(Invalid, match=message):
            services.cast_ballot(actor=voter, motion_id=m.pk, write_ins=names)
    with pytest.raises(Invalid, match="最多只能选 2 人（含另选他人"):
        services.cast_ballot(actor=voter, motion_id=m.pk, candidates=[ids["甲"], ids["乙"]], write_ins=["同名"])
    assert not BallotReceipt.objects.filter(motion=m).exists()
    assert Candidate.objects.filter(motion=m, write_in=True).count() == 0
    # Still free to vote once after the refusals.
    services.cast_ballot(actor=voter, motion_id=m.pk, candidates=[ids["甲"]])
    with pytest.raises(Conflict):
        services.cast_ballot(actor=voter, motion_id=m.pk, write_ins=["甲"])


def test_writing_in_a_printed_candidate_counts_for_that_candidate_once(small_congress):
    c = small_congress
    m, ids = _election(c)
    services.cast_ballot(actor=c.delegates[0].user, motion_id=m.pk, candidates=[ids["甲"]], write_ins=["甲"])
    services.cast_ballot(actor=c.delegates[1].user, motion_id=m.pk, candidates=[ids["乙"]], write_ins=["甲"])
    services.close_motion(actor=c.chair, motion_id=m.pk)
    got = {x.name: x.votes for x in Candidate.objects.filter(motion=m)}
    assert got == {"甲": 2, "乙": 1, "丙": 0}


def test_later_ballots_list_only_the_printed_candidates(client, small_congress, tree, make_member):
    c = small_congress
    make_member(tree.union_a, name="王五")
    m, ids = _election(c, secret=True)
    services.cast_ballot(actor=c.delegates[0].user, motion_id=m.pk, write_ins=["王五"])
    client.force_login(c.delegates[1].user)
    page = client.get(reverse("congress:home")).content.decode()
    assert "甲" in page and "王五" not in page and f'data-testid="write-in-{m.pk}"' in page
    api = bearer_client(c.delegates[1].user).get(f"{API}/motions/{m.pk}/result").json()
    assert {x["name"] for x in api["candidates"]} == {"甲", "乙", "丙"}
    client.force_login(c.chair)
    board = client.get(reverse("congress:sitting", args=[c.sitting.pk])).content.decode()
    assert "王五" not in board  # a secret election shows its write-ins with the count, at the close
    services.close_motion(actor=c.chair, motion_id=m.pk)
    board = client.get(reverse("congress:sitting", args=[c.sitting.pk])).content.decode()
    assert "王五（另选他人）：1" in board


def test_the_phone_page_takes_write_ins(client, small_congress, tree, make_member):
    c = small_congress
    make_member(tree.union_a, name="王五")
    make_member(tree.union_a, name="赵六")
    m, ids = _election(c)
    client.force_login(c.delegates[0].user)
    r = client.post(reverse("congress:vote", args=[m.pk]), {"write_ins": "王五、赵六"}, follow=True)
    assert "投票成功" in r.content.decode()
    client.force_login(c.delegates[1].user)
    r = client.post(reverse("congress:vote", args=[m.pk]), {"write_ins": "查无此人"}, follow=True)
    assert "不是本工会范围内的在册会员" in r.content.decode()
    assert set(Candidate.objects.filter(motion=m, write_in=True).values_list("name", flat=True)) == {"王五", "赵六"}
    assert BallotReceipt.objects.filter(motion=m).count() == 1


def test_write_ins_through_the_api(small_congress, tree, make_member):
    c = small_congress
    make_member(tree.union_a, name="王五")
    m, ids = _election(c)
    for d in c.delegates[:4]:
        r = bearer_client(d.user).post(f"{API}/motions/{m.pk}/ballots", {"candidates": [ids["甲"]],
                                                                        "write_ins": ["王五"]},
                                       content_type="application/json")
        assert r.status_code == 201, r.content
    bad = bearer_client(c.delegates[4].user).post(f"{API}/motions/{m.pk}/ballots", {"write_ins": ["查无此人"]},
                                                  content_type="application/json")
    assert bad.status_code == 422 and "在册会员" in bad.json()["message"]
    too_many = bearer_client(c.delegates[4].user).post(
        f"{API}/motions/{m.pk}/ballots", {"candidates": [ids["甲"], ids["乙"]], "write_ins": ["王五"]},
        content_type="application/json")
    assert too_many.status_code == 422
    chair = bearer_client(c.chair)
    assert chair.post(f"{API}/motions/{m.pk}/close").status_code == 200
    result = chair.get(f"{API}/motions/{m.pk}/result").json()
    got = {x["name"]: (x["votes"], x["elected"], x["write_in"]) for x in result["candidates"]}
    assert got["王五"] == (4, True, True) and got["甲"] == (4, True, False)
    assert set(result) >= {"delegates_total", "present", "yes", "no", "abstain", "not_voted", "quorate", "passed",
                           "explanation"}


def test_a_secret_election_with_write_ins_leaves_no_row_tying_a_vote_to_a_delegate(small_congress, tree,
                                                                                   make_member):
    c = small_congress
    make_member(tree.union_a, name="王五")
    make_member(tree.union_a, name="赵六")
    m, ids = _election(c, secret=True)
    ballots = [([ids["甲"]], ["王五"]), ([], ["赵六"]), ([ids["乙"]], []), ([], ["王五", "赵六"]), ([ids["甲"]], []),
               ([], ["王五"]), ([ids["丙"]], ["赵六"])]
    for d, (marks, names) in zip(c.delegates, ballots, strict=True):
        services.cast_ballot(actor=d.user, motion_id=m.pk, candidates=marks, write_ins=names)
    services.close_motion(actor=c.chair, motion_id=m.pk)
    voter_columns = {"delegate_id", "user_id", "voter_id", "actor_id", "at", "created_at", "cast_at"}
    person_columns = {"candidate_id", "choice", "member_id", "name"}
    with connection.cursor() as cur:
        for table in [t for t in connection.introspection.table_names(cur) if t.startswith("congress_")]:
            columns = [col.name for col in connection.introspection.get_table_description(cur, table)]
            cur.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - table names from introspection
            for row in cur.fetchall():
                record = dict(zip(columns, row, strict=True))
                if record.get("motion_id") != m.pk:
                    continue
                # No row of this election holds both who voted and for whom (or a time that could order them).
                assert not (voter_columns & set(record) and person_columns & set(record)), (table, record)
    delegate_users = set(Delegate.objects.filter(congress=c.congress).values_list("member_id", flat=True))
    written = Candidate.objects.filter(motion=m, write_in=True)
    assert {x.name: x.votes for x in written} == {"王五": 3, "赵六": 3}
    assert not delegate_users & {x.member_id for x in written}  # the write-in row names the person written in
    assert not ElectionMark.objects.filter(motion=m).exists()
    from niangjia.core.models import AuditEvent

    assert not AuditEvent.objects.filter(action="congress.ballot", object_id=str(m.pk)).exists()


def test_an_elected_write_in_becomes_that_very_member(small_congress, tree, make_member):
    c = small_congress
    wang = make_member(tree.union_a, name="王五")
    m, ids = _election(c)
    for d in c.delegates[:4]:
        services.cast_ballot(actor=d.user, motion_id=m.pk, candidates=[ids["甲"]], write_ins=["王五"])
    services.close_motion(actor=c.chair, motion_id=m.pk)
    make_member(tree.union_a, name="甲")
    make_member(tree.union_a, name="王五")  # a namesake joins after the vote: the ballot already named the person
    made = delegates_from_election(actor=c.chair, motion_id=m.pk, group_name="补选代表团")
    assert {d.member_id for d in made} >= {wang.pk} and len(made) == 2


# --- race (PostgreSQL) --------------------------------------------------------------------------------------------

@requires_postgres
@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_racing_ballots_writing_in_the_same_new_name_make_one_candidate(small_congress, tree, make_member):
    from niangjia.congress.tests.test_votes import _race

    c = small_congress
    make_member(tree.union_a, name="王五")
    m, ids = _election(c, secret=True)
    senders = [d for d in c.delegates for _ in range(4)]
    results = _race(lambda i: services.cast_ballot(actor=senders[i].user, motion_id=m.pk, write_ins=["王五"]),
                    len(senders))
    assert len([r for r in results if not isinstance(r, Exception)]) == 7
    services.close_motion(actor=c.chair, motion_id=m.pk)
    written = Candidate.objects.get(motion=m, write_in=True)
    assert (written.name, written.votes, written.elected) == ("王五", 7, True)
    assert CandidateTally.objects.filter(candidate=written).count() == len(c.groups)
