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
