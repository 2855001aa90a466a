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
