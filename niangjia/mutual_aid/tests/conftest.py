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


@pytest.fixture
def make_member(db):
    """Like niangjia/conftest.py's make_member, but passes member_no explicitly: core's temporary
    member number ("TMP" + timestamp + 6 digits, 26 chars) overflows max_length=20 on PostgreSQL."""
    from django.utils import timezone

    from niangjia.conftest import id_number_for, next_phone
    from niangjia.core import pii
    from niangjia.core.models import User
    from niangjia.core.services.members import create_member_row

    counter = iter(range(1, 100_000))

    def _make(org, name="王师傅", user=None, id_number=None, phone=None, frontline=False):
        n = next(counter)
        id_number = id_number or id_number_for(n, birth=f"19{60 + n % 30}0{1 + n % 9}1{n % 9}")
        phone = phone or next_phone()
        if user is None:
            user = User.objects.create_user(phone, "Test-pass-2020", display_name=name, real_name=name)
            user.id_number = id_number
            user.id_index = pii.blind_index(id_number, purpose="id")
            user.verified_at = timezone.now()
            user.save()
        return create_member_row(org=org, user=user, name=name, id_number=id_number, phone=phone,
                                 member_no=f"T{org.pk:04d}{n:06d}", frontline=frontline)

    return _make
