"""Bargaining with the other apps: the platform calendar (rights' holiday table) moves a statutory deadline, and
the draft agreement is voted by the congress as a `contract` motion with the congress's counting rules."""

import datetime as dt

import pytest

from niangjia.bargaining import services
from niangjia.bargaining.tests.conftest import people, start, to_draft  # noqa: F401 - fixtures
from niangjia.congress import services as congress_services
from niangjia.congress.models import Congress, Delegate, DelegateGroup, Motion, Sitting
from niangjia.core.errors import Conflict, NotFound
from niangjia.rights.models import Holiday

D = dt.date


def test_holiday_table_row_moves_the_deadline(people):  # noqa: F811
    # An admin marks Mon 11-23 as a day off in the workbench holiday table: 11-03 + 20 = 11-23 moves to 11-24.
    Holiday.objects.create(day=D(2026, 11, 23), name="测试休息日", is_workday=False)
    n = start(people, received_on=D(2026, 11, 3))
    assert n.offer.reply_due == D(2026, 11, 24)


@pytest.fixture
def congress_of_union_a(people, make_member):  # noqa: F811
    """7 delegates: quorum 5 (≥ ⅔ × 7), passing needs 4 (> ½ of all 7)."""
    congress = Congress.objects.create(org=people.tree.union_a, title="湖滨商贸第一届职代会")
    group = DelegateGroup.objects.create(congress=congress, name="一组")
    delegates = []
    for i in range(7):
        m = make_member(people.tree.union_a, name=f"代表{i}")
        delegates.append(Delegate.objects.create(congress=congress, group=group, member=m, user=m.user, name=m.name))
    sitting = Sitting.objects.create(congress=congress, title="第二次会议", status=Sitting.Status.IN_PROGRESS)
    return sitting, delegates


@pytest.mark.parametrize(("yes", "passed", "stage"), [(4, True, "approved"), (3, False, "talks")])
def test_draft_is_voted_by_the_congress(people, congress_of_union_a, yes, passed, stage):  # noqa: F811
    sitting, delegates = congress_of_union_a
    n = start(people)
    to_draft(people, n)
    agreement = services.submit_to_congress(actor=people.staff, negotiation_id=n.pk, sitting_id=sitting.pk)
    motion = Motion.objects.get(pk=agreement.motion_id)
    assert motion.kind == "contract" and motion.sitting_id == sitting.pk
    with pytest.raises(Conflict):  # not closed yet
        services.record_congress_result(actor=people.staff, negotiation_id=n.pk)
    for d in delegates[:5]:
        congress_services.check_in(actor=d.user, sitting_id=sitting.pk)
    congress_services.open_motion(actor=people.staff, motion_id=motion.pk)
    for i, d in enumerate(delegates[:5]):
        congress_services.cast_ballot(actor=d.user, motion_id=motion.pk, choice="yes" if i < yes else "no")
    congress_services.close_motion(actor=people.staff, motion_id=motion.pk)
    agreement = services.record_congress_result(actor=people.staff, negotiation_id=n.pk)
    n.refresh_from_db()
    assert n.stage == stage
    assert any("通过" in line or "未通过" in line or "不" in line for line in agreement.vote_explanation)
    assert bool(passed) == (n.stage == "approved")


def test_a_sitting_of_another_union_cannot_take_the_draft(people, make_member):  # noqa: F811
    other = Congress.objects.create(org=people.tree.union_a2, title="上城物流职代会")
    sitting = Sitting.objects.create(congress=other, title="第一次会议", status=Sitting.Status.IN_PROGRESS)
    n = start(people)
    to_draft(people, n)
    with pytest.raises(NotFound):
        services.submit_to_congress(actor=people.staff, negotiation_id=n.pk, sitting_id=sitting.pk)
    n.refresh_from_db()
    assert n.stage == "draft" and not Motion.objects.exists()
