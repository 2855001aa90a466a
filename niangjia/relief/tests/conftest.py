from decimal import Decimal

import pytest

from niangjia.relief import services
from niangjia.relief.reference import seed_reference


@pytest.fixture
def ref(db):
    return seed_reference()


@pytest.fixture
def staff_a(tree, make_user):
    return make_user(roles=[(tree.union_a, "staff")], name="基层干事")


@pytest.fixture
def district_a(tree, make_user):
    return make_user(roles=[(tree.district_a, "approver")], name="区审批人")


@pytest.fixture
def city_approver(tree, make_user):
    return make_user(roles=[(tree.city, "approver")], name="市审批人")


@pytest.fixture
def staff_b(tree, make_user):
    return make_user(roles=[(tree.district_b, "approver")], name="西湖区审批人")


@pytest.fixture
def make_member(db):
    """Like the core fixture, but passes a member number: the core one overflows member_no (20 chars) on
    PostgreSQL because its temporary number is longer than the column (reported to core)."""
    from django.utils import timezone

    from niangjia.conftest import id_number_for, next_phone
    from niangjia.core import pii
    from niangjia.core.models import User
    from niangjia.core.services.members import create_member_row

    counter = iter(range(1, 100_000))

    def _make(org, name="王师傅"):
        n = next(counter)
        id_number = id_number_for(n, birth=f"19{60 + n % 30}0{1 + n % 9}1{n % 9}")
        phone = next_phone()
        user = User.objects.create_user(phone, "Test-pass-2020", display_name=name, real_name=name)
        user.id_number = id_number
        user.id_index = pii.blind_index(id_number, purpose="id")
        user.verified_at = timezone.now()
        user.save()
        return create_member_row(org=org, user=user, name=name, id_number=id_number, phone=phone,
                                 member_no=f"R{org.pk:04d}{n:06d}")

    return _make


@pytest.fixture
def make_household(ref, make_member):
    def _make(actor, org, incomes=("3000", "2000"), region="330102", illness=False, member=None):
        member = member or make_member(org)
        rows = [{"name": member.name, "relation": "self", "age": 45, "work_status": "employed",
                 "monthly_income": incomes[0], "illness": illness, "diagnosis": "尿毒症" if illness else ""}]
        rows += [{"name": f"家属{i}", "relation": "spouse" if i == 1 else "child", "age": 40,
                  "work_status": "employed", "monthly_income": inc} for i, inc in enumerate(incomes[1:], start=1)]
        return services.create_household(actor=actor, org_id=org.pk, head_name=member.name, region_code=region,
                                          members=rows, bank_account="6222020200112233445", head_member_id=member.pk)

    return _make


def money(x) -> Decimal:
    return Decimal(x)
