"""Fixtures of the classroom tests (courses_fixtures.py), visible to every test module of the app."""

from niangjia.training.tests.courses_fixtures import bearer, course  # noqa: F401
