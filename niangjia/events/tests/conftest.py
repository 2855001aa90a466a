import datetime as dt

import pytest
from django.utils import timezone


@pytest.fixture
def city_staff(tree, make_user):
    return make_user(roles=[(tree.city, "staff")], name="市总干事")


@pytest.fixture
def recuperation_rules(db):
    """The rules come from a data migration; a transactional test (live server, races) flushes the tables it
    ran in, so a later test in the same run would find none. Put them back as the migration does."""
    import importlib

    from django.apps import apps

    from niangjia.events.models import RecuperationRule

    if not RecuperationRule.objects.exists():
        importlib.import_module("niangjia.events.migrations.0002_recuperation_rules").add(apps, None)


@pytest.fixture
def make_event(city_staff, tree, recuperation_rules):
    from niangjia.events import services

    def _make(capacity=2, kind="lecture", actor=None, audience=None, offer_hours=24, **kw):
        now = timezone.now()
        kw.setdefault("starts_at", now + dt.timedelta(days=10))
        kw.setdefault("ends_at", kw["starts_at"] + dt.timedelta(hours=2))
        kw.setdefault("registration_closes_at", now + dt.timedelta(days=5))
        return services.create_event(actor or city_staff, title=kw.pop("title", "劳动法讲座"), kind=kind,
                                     capacity=capacity, audience_org_id=(audience or tree.city).pk,
                                     offer_hours=offer_hours, **kw)

    return _make


@pytest.fixture
def many_members(db):
    """n active members with logins, inserted in bulk (a race test needs a thousand of them)."""
    import itertools
    import uuid

    from django.contrib.auth.hashers import make_password

    from niangjia.conftest import id_number_for, next_phone
    from niangjia.core import pii
    from niangjia.core.models import Member, User

    seq = itertools.count(5000)

    def _make(org, n):
        password = make_password("Test-pass-2020")
        phones = [next_phone() for _ in range(n)]
        users = User.objects.bulk_create([
            User(phone=p, phone_index=pii.blind_index(p, purpose="phone"), password=password, real_name=f"职工{i}",
                 display_name=f"职工{i}") for i, p in enumerate(phones)])
        users = list(User.objects.filter(phone_index__in=[u.phone_index for u in users]).order_by("id"))
        rows = []
        for user in users:
            number = id_number_for(next(seq) % 1000, birth="19900101")
            rows.append(Member(org=org, user=user, name=user.real_name, id_number=number,
                               id_index=pii.blind_index(number + str(user.pk), purpose="id"), gender="M",
                               birth_date=timezone.localdate().replace(year=1990), member_no=uuid.uuid4().hex[:18],
                               join_date=timezone.localdate()))
        Member.objects.bulk_create(rows)
        return users

    return _make
