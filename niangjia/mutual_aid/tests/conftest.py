import datetime as dt

import pytest

from niangjia.mutual_aid.demo import ensure_plan


@pytest.fixture
def plan(tree):
    return ensure_plan(tree.city)


@pytest.fixture
def staff(make_user, tree):
    return make_user(roles=[(tree.district_a, "staff")], name="区工会干事")


@pytest.fixture
def approver(make_user, tree):
    return make_user(roles=[(tree.district_a, "approver")], name="区工会审批人")


@pytest.fixture
def approver2(make_user, tree):
    return make_user(roles=[(tree.district_a, "approver")], name="第二审批人")


@pytest.fixture
def enrolled(make_member, tree, plan, staff):
    """A member of union_a enrolled on 2020-01-01 (first time: waits until 2020-03-31)."""
    from niangjia.mutual_aid import services

    member = make_member(tree.union_a, name="李护士")
    services.enrol_members(actor=staff, plan_id=plan.pk, org_id=tree.union_a.pk, member_ids=[member.pk],
                           on=dt.date(2020, 1, 1))
    return member
