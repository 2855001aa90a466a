"""Delegates from election results (issue 14: "Delegates come from Excel import (all-or-nothing) or election
results"). Cases first:
| case | expected |
|---|---|
| closed election, both elected names are registered members of the union | 2 delegates in the named group, audited |
| the same button again | refused (already delegates), nothing added |
| one elected name is not a member of the union (all-or-nothing, like the import) | refused, no delegate, no group |
| a candidate below the majority (not elected) | never made a delegate |
| an election still open, or a resolution | refused |
| staff of another district (scope) | 404, nothing created |
"""

import pytest
from django.urls import reverse

from niangjia.congress import services
from niangjia.congress.models import Delegate, DelegateGroup
from niangjia.congress.services_elected import delegates_from_election
from niangjia.core.errors import Conflict, NotFound
from niangjia.core.models import AuditEvent

pytestmark = pytest.mark.django_db


def _election(c, names=("张三", "李四", "王五")):
    for d in c.delegates[:6]:
        services.check_in(actor=d.user, sitting_id=c.sitting.pk)
    m = services.create_motion(actor=c.chair, sitting_id=c.sitting.pk, title="补选职工代表", kind="election",
                               secret=False, seats=2, candidates=list(names))
    services.open_motion(actor=c.chair, motion_id=m.pk)
    ids = {x.name: x.pk for x in m.candidates.all()}
    # 5 of 7 mark the first two (≥ 4, more than half of all 7 delegates: elected); 1 marks the third (not elected).
    for d in c.delegates[:5]:
        services.cast_ballot(actor=d.user, motion_id=m.pk, candidates=[ids[names[0]], ids[names[1]]])
    services.cast_ballot(actor=c.delegates[5].user, motion_id=m.pk, candidates=[ids[names[2]]])
    return m


def test_elected_candidates_become_delegates_once(small_congress, tree, make_member):
    c = small_congress
    people = {n: make_member(tree.union_a, name=n) for n in ("张三", "李四", "王五")}
    m = _election(c)
    with pytest.raises(Conflict):  # still open
        delegates_from_election(actor=c.chair, motion_id=m.pk, group_name="新代表团")
    services.close_motion(actor=c.chair, motion_id=m.pk)
    made = delegates_from_election(actor=c.chair, motion_id=m.pk, group_name="新代表团")
    assert sorted(d.name for d in made) == ["张三", "李四"]
    new = Delegate.objects.filter(group__name="新代表团")
    assert {d.member_id for d in new} == {people["张三"].pk, people["李四"].pk}
    assert {d.user_id for d in new} == {people["张三"].user_id, people["李四"].user_id}
    assert not Delegate.objects.filter(member=people["王五"]).exists()
    assert AuditEvent.objects.filter(action="congress.delegates_from_election").count() == 1
    with pytest.raises(Conflict, match="已经是本届代表"):
        delegates_from_election(actor=c.chair, motion_id=m.pk, group_name="新代表团")
    assert Delegate.objects.filter(congress=c.congress).count() == 9


def test_one_unknown_name_refuses_all(small_congress, tree, make_member):
    c = small_congress
    make_member(tree.union_a, name="张三")  # 李四 is not a member of this union
    make_member(tree.union_b, name="李四")  # a 李四 in the other district does not count
    m = _election(c)
    services.close_motion(actor=c.chair, motion_id=m.pk)
    with pytest.raises(Conflict, match="李四：不是本工会范围内的在册会员"):
        delegates_from_election(actor=c.chair, motion_id=m.pk, group_name="新代表团")
    assert Delegate.objects.filter(congress=c.congress).count() == 7
    assert not DelegateGroup.objects.filter(name="新代表团").exists()


def test_resolutions_and_other_districts_are_refused(small_congress, tree, make_member, client):
    c = small_congress
    for n in ("张三", "李四"):
        make_member(tree.union_a, name=n)
    r = services.create_motion(actor=c.chair, sitting_id=c.sitting.pk, title="决议", kind="resolution", secret=False)
    with pytest.raises(Conflict):
        delegates_from_election(actor=c.chair, motion_id=r.pk, group_name="新代表团")
    m = _election(c)
    services.close_motion(actor=c.chair, motion_id=m.pk)
    with pytest.raises(NotFound):
        delegates_from_election(actor=c.outsider_staff, motion_id=m.pk, group_name="新代表团")
    url = reverse("congress:elected_delegates", args=[m.pk])
    client.force_login(c.outsider_staff)
    assert client.post(url, {"group": "新代表团"}).status_code == 404
    assert Delegate.objects.filter(congress=c.congress).count() == 7
    client.force_login(c.chair)
    page = client.get(reverse("congress:sitting", args=[c.sitting.pk]))
    assert f'data-testid="elected-{m.pk}"' in page.content.decode()
    r = client.post(url, {"group": "新代表团"}, follow=True)
    assert r.status_code == 200 and "2 名当选人已成为本届代表" in r.content.decode()
    assert Delegate.objects.filter(congress=c.congress).count() == 9


# --- 差额率: a per-congress minimum share of extra candidates ----------------------------------------------------
# | seats | min % | needed (ceil(seats × % / 100), and always > seats) |
# | 1 | 100 | 2 | 1 | 120 | 2 (1.2 → 2) | 5 | 120 | 6 | 7 | 120 | 9 (8.4 → 9) | 10 | 120 | 12 | 10 | 100 | 11 | 4 | 150 | 6 |

@pytest.mark.parametrize(("seats", "pct", "needed"), [(1, 100, 2), (1, 120, 2), (5, 120, 6), (7, 120, 9),
                                                      (10, 120, 12), (10, 100, 11), (4, 150, 6), (3, 134, 5)])
def test_minimum_candidates(seats, pct, needed):
    from niangjia.congress import rules

    assert rules.min_candidates(seats, pct) == needed


def test_an_election_below_the_congress_ratio_is_refused(small_congress):
    from niangjia.congress.models import Motion
    from niangjia.core.errors import Invalid

    c = small_congress
    c.congress.min_candidate_pct = 120
    c.congress.save()
    names = [f"候选人{i}" for i in range(11)]
    with pytest.raises(Invalid, match="至少需要候选人 12 名，现有 11 名"):
        services.create_motion(actor=c.chair, sitting_id=c.sitting.pk, title="选举", kind="election", secret=True,
                               seats=10, candidates=names)
    assert not Motion.objects.exists()
    m = services.create_motion(actor=c.chair, sitting_id=c.sitting.pk, title="选举", kind="election", secret=True,
                               seats=10, candidates=[*names, "候选人11"])
    assert m.candidates.count() == 12
