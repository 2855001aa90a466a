"""Fixtures of the contest tests."""

import pytest
from django.test import Client

from niangjia.core.services import tokens
from niangjia.training import services_contests as services
from niangjia.training.tests.contests.helpers import Clock


@pytest.fixture(autouse=True)
def _fresh_bank_cache():
    """Ids are reused from one test database to the next: a bank cached by an earlier test must not leak."""
    from niangjia.training import bank_cache_contests

    bank_cache_contests.clear()
    yield
    bank_cache_contests.clear()


@pytest.fixture
def api():
    return Client(enforce_csrf_checks=True)


@pytest.fixture
def bearer():
    def _bearer(user):
        raw, _ = tokens.issue_token(actor=user, user=user, name="test")
        return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}

    return _bearer


@pytest.fixture
def city_staff(tree, make_user):
    return make_user(roles=[(tree.city, "staff")], name="市总工作人员")


@pytest.fixture
def make_contest(tree, city_staff):
    def _make(question_count=8, time_limit_seconds=600, org=None, **extra):
        return services.create_contest(actor=city_staff, title="安全生产知识竞赛", question_count=question_count,
                                       time_limit_seconds=time_limit_seconds, org_id=(org or tree.city).pk, **extra)

    return _make


@pytest.fixture
def clock(monkeypatch):
    return Clock(monkeypatch)
