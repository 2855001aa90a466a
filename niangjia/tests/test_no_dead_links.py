"""No button leads to a 404 (issue 12): over the demo data, each kind of user follows every same-site link and
htmx GET they are shown, from the home page and their own area. A shown link that answers 404, 403, 405 or 500,
or that sends a signed-in user back to the login page, is a button that should not have been there; a POST
form whose action resolves to no view is a dead button too (not submitted). Every page's visible text must be
Chinese (the language test's deny-rule: no English words or raw codes).

One test seeds the demo once (a 200-member federation, ~20 s on SQLite) and crawls as each user in turn."""

import io

import pytest
from django.core.management import call_command
from django.test import Client

from niangjia.core import pii
from niangjia.core.models import Org, OrgRole, User
from niangjia.tests.crawl import crawl

pytestmark = pytest.mark.django_db

DISTRICT = "上城区总工会"


def _demo_login(phone: str) -> User:
    return User.objects.get(phone_index=pii.blind_index(phone, purpose="phone"))


def _new_login(phone: str, name: str, org: Org, role: str) -> User:
    user = User.objects.create_user(phone, "Test-pass-2020", display_name=name, real_name=name)
    OrgRole.objects.create(user=user, org=org, role=role)
    return user


def _users() -> list[tuple[str, User | None, list[str]]]:
    district = Org.objects.get(name=DISTRICT)
    union = Org.objects.filter(level="grassroots", path__startswith=district.path).order_by("path").first()
    workbench = ["/", "/workbench/"]
    return [
        ("district staff", _demo_login("13800000002"), workbench),
        ("district admin", _new_login("13700000101", "上城区管理员", district, "admin"), workbench),
        ("grassroots staff", _new_login("13700000102", "基层工会干部", union, "staff"), workbench),
        ("worker", _demo_login("13800000011"), ["/", "/me/"]),
        ("supplier", _demo_login("13800000008"), ["/", "/market/supply/"]),
        ("volunteer lawyer", _demo_login("13800000005"), ["/", "/rights/workbench/"]),
        ("employer representative", _demo_login("13800000007"), ["/", "/me/"]),
        ("judge", _demo_login("13800000009"), ["/", "/me/"]),
        ("delegate", _demo_login("13800000010"), ["/", "/me/"]),
        ("visitor", None, ["/"]),
    ]


# Fewer pages than this means the crawl did not get in (a login or start page broke), not that all is well.
MIN_PAGES = {"district staff": 100, "district admin": 100, "grassroots staff": 100, "worker": 30, "supplier": 30}


def test_every_shown_link_works_for_each_kind_of_user():
    call_command("seed_demo", members=200, quiet_logins=True, stdout=io.StringIO())
    problems = []
    for who, user, starts in _users():
        client = Client()
        if user is not None:
            client.force_login(user)
        report = crawl(client, who, starts, limit=800, signed_in=user is not None)
        problems += [f"[{who}] {failure}" for failure in report.failures]
        problems += [f"[{who}] English on {url}: {words}" for url, words in report.english.items()]
        if report.left:
            problems.append(f"[{who}] crawl stopped at {report.fetched} pages with {report.left} links unchecked")
        if report.pages < MIN_PAGES.get(who, 10):
            problems.append(f"[{who}] only {report.pages} pages read: the crawl did not get in")
    assert not problems, "\n".join(problems)
