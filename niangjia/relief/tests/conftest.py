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
