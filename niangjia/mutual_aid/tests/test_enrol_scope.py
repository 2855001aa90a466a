"""Enrolment lookup never tells one district anything about another's members (issue 10, "Scope and audit").

The probe: 西湖区 staff posting 上城区 member ids to the enrolment form got an error naming those members
(because they were already enrolled). Foreign ids are refused with the same message as a wrong id; nothing
is written.
"""

import datetime as dt

import pytest

from niangjia.core.errors import NotFound
from niangjia.mutual_aid import services
from niangjia.mutual_aid.models import Enrolment, EnrolmentBatch


@pytest.fixture
def staff_b(make_user, tree):
    return make_user(roles=[(tree.district_b, "staff")], name="西湖区干事")


@pytest.mark.parametrize("with_own_member", [False, True])
def test_foreign_ids_are_refused_without_naming_anyone(tree, plan, enrolled, staff_b, make_member, with_own_member):
    # with an own member who is already enrolled, the batch used to fail on the unique index and then
    # list every already-enrolled person among ALL posted ids, the other district's included
    own = make_member(tree.union_b, name="西湖会员")
    services.enrol_members(actor=staff_b, plan_id=plan.pk, org_id=tree.union_b.pk, member_ids=[own.pk],
                           on=dt.date(2020, 1, 1))
    ids = [enrolled.pk] + ([own.pk] if with_own_member else [])
    before = (Enrolment.objects.count(), EnrolmentBatch.objects.count())
    with pytest.raises(NotFound) as info:
        services.enrol_members(actor=staff_b, plan_id=plan.pk, org_id=tree.union_b.pk, member_ids=ids,
                               on=dt.date(2020, 1, 2))
    assert "李护士" not in info.value.message and "已参加" not in info.value.message
    assert info.value.code == "mutual_aid.member_not_found"
    assert (Enrolment.objects.count(), EnrolmentBatch.objects.count()) == before


def test_a_foreign_id_and_a_nonexistent_id_get_the_same_answer(tree, plan, enrolled, staff_b):
    answers = []
    for member_id in (enrolled.pk, 987654):
        with pytest.raises(NotFound) as info:
            services.enrol_members(actor=staff_b, plan_id=plan.pk, org_id=tree.union_b.pk, member_ids=[member_id],
                                   on=dt.date(2020, 1, 2))
        answers.append((info.value.code, info.value.message, info.value.details))
    assert answers[0] == answers[1]


def test_non_numeric_ids_are_a_chinese_error(tree, plan, staff_b):
    from niangjia.core.errors import Invalid

    with pytest.raises(Invalid):
        services.enrol_members(actor=staff_b, plan_id=plan.pk, org_id=tree.union_b.pk, member_ids=["abc"],
                               on=dt.date(2020, 1, 2))
