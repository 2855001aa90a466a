import datetime as dt

import pytest


@pytest.fixture
def city_staff(make_user, tree):
    return make_user(roles=[(tree.city, "staff")], name="市总干事")


@pytest.fixture
def district_staff(make_user, tree):
    return make_user(roles=[(tree.district_a, "staff")], name="区总干事")


@pytest.fixture
def campaign(city_staff, tree):
    from niangjia.care import services

    return services.create_campaign(actor=city_staff, org_id=tree.city.pk, name="2020年送温暖", kind="warmth",
                                    form="cash", start=dt.date(2020, 12, 1), end=dt.date(2021, 2, 1),
                                    total_budget="10000", per_person="500")


# Relief's own test factories (reference data, households through relief's services): care never
# imports relief's models, and builds real hardship files the way relief's tests do.
from niangjia.relief.tests.conftest import make_household, ref  # noqa: E402, F401


@pytest.fixture
def open_hardship_file(make_household, make_user, tree):  # noqa: F811 - the fixture imported above
    """A real active hardship file (深度困难) headed by `member`, opened through relief's services."""
    from niangjia.relief import services as relief_services

    relief_staff = make_user(roles=[(tree.city, "approver")], name="帮扶干事")

    def _open(member, exit_after=False, relapse=False):
        hh = make_household(relief_staff, member.org, incomes=("600", "0"), member=member)
        f = relief_services.open_file(actor=relief_staff, household_id=hh.pk, category="deep", causes=["illness"],
                                      disposable="7200", rigid="0", year=2020)
        if exit_after or relapse:
            # no monthly income records here: an approver's override of the 6-month exit rule
            relief_services.change_file_status(actor=relief_staff, file_id=f.pk, to_status="exited",
                                               reason="收入稳定", override=True)
        if relapse:
            relief_services.change_file_status(actor=relief_staff, file_id=f.pk, to_status="relapsed",
                                               reason="再次患病")
        return f

    return _open
