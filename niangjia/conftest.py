"""Shared test fixtures: a small org tree, users with roles, members, and the browser.

Fixtures build state through the real services where it matters, so tests exercise what
production does.
"""

import os
import shutil
from dataclasses import dataclass

import pytest
from django.db import connection
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

from niangjia.core import pii
from niangjia.core.models import Org, OrgRole, User, path_segment
from niangjia.core.services.members import create_member_row

# Property tests run on loaded 2-core machines (CI, several suites at once): a per-example deadline
# measures the machine, not the code, so the default profile has none. HYPOTHESIS_PROFILE=dev restores it.
hypothesis_settings.register_profile("ci", deadline=None, suppress_health_check=[HealthCheck.too_slow])
hypothesis_settings.register_profile("dev", deadline=200)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]


def make_org(name, level, parent=None, region="330100", uscc=None, employer=""):
    org = Org.objects.create(name=name, level=level, parent=parent, region_code=region, path="",
                             depth=(parent.depth + 1 if parent else 1), uscc=uscc, employer_name=employer)
    org.path = (parent.path if parent else "") + path_segment(org.pk)
    org.save(update_fields=["path"])
    return org


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Throttle counters and other cached state must not leak from one test into the next."""
    from django.core.cache import cache

    cache.clear()


@dataclass
class Tree:
    city: Org
    district_a: Org
    district_b: Org
    street_a: Org
    street_b: Org
    union_a: Org  # grassroots under district A
    union_a2: Org  # second grassroots under district A
    union_b: Org  # grassroots under district B


@pytest.fixture
def tree(db) -> Tree:
    from niangjia.core.validators import uscc_check_char

    def uscc(seed: str) -> str:
        return seed + uscc_check_char(seed)

    city = make_org("杭州市总工会", "city", region="330100")
    da = make_org("上城区总工会", "district", city, region="330102")
    db_ = make_org("西湖区总工会", "district", city, region="330106")
    sa = make_org("湖滨街道总工会", "street", da, region="330102")
    sb = make_org("北山街道总工会", "street", db_, region="330106")
    ua = make_org("湖滨商贸有限公司工会", "grassroots", sa, region="330102", uscc=uscc("91330102MA2AAAAA1"),
                  employer="湖滨商贸有限公司")
    ua2 = make_org("上城物流有限公司工会", "grassroots", sa, region="330102", uscc=uscc("91330102MA2AAAAA2"),
                   employer="上城物流有限公司")
    ub = make_org("西湖茶业有限公司工会", "grassroots", sb, region="330106", uscc=uscc("91330106MA2BBBBB1"),
                  employer="西湖茶业有限公司")
    return Tree(city, da, db_, sa, sb, ua, ua2, ub)


_phone_counter = iter(range(10_000_000))


def next_phone() -> str:
    return f"139{next(_phone_counter):08d}"


@pytest.fixture
def make_user(db):
    def _make(phone=None, password="Test-pass-2020", roles=(), name="测试用户", **extra):
        user = User.objects.create_user(phone or next_phone(), password, display_name=name, **extra)
        for org, role in roles:
            OrgRole.objects.create(user=user, org=org, role=role)
        return user

    return _make


def id_number_for(seq: int, birth: str = "19800101", region: str = "330102") -> str:
    from niangjia.core.validators import id_check_char

    first17 = f"{region}{birth}{seq % 1000:03d}"
    return first17 + id_check_char(first17)


@pytest.fixture
def make_member(db, make_user):
    """An active member with a verified login account."""
    counter = iter(range(1, 100_000))

    def _make(org, name="王师傅", user=None, id_number=None, phone=None, frontline=False):
        n = next(counter)
        id_number = id_number or id_number_for(n, birth=f"19{60 + n % 30}0{1 + n % 9}1{n % 9}")
        phone = phone or next_phone()
        if user is None:
            user = User.objects.create_user(phone, "Test-pass-2020", display_name=name, real_name=name)
            user.id_number = id_number
            user.id_index = pii.blind_index(id_number, purpose="id")
            from django.utils import timezone

            user.verified_at = timezone.now()
            user.save()
        return create_member_row(org=org, user=user, name=name, id_number=id_number, phone=phone, frontline=frontline)

    return _make


@pytest.fixture
def make_verified_user(make_user):
    """A login account whose identity is verified (ID number `id_number_for(seq)`), not yet a member: what a
    join request needs."""
    from django.utils import timezone

    def _make(seq: int, name: str):
        user = make_user(name=name, real_name=name)
        user.id_number = id_number_for(seq)
        user.id_index = pii.blind_index(user.id_number, purpose="id")
        user.verified_at = timezone.now()
        user.save()
        return user

    return _make


def is_postgres() -> bool:
    return connection.vendor == "postgresql"


requires_postgres = pytest.mark.skipif(
    os.environ.get("DATABASE_URL", "").startswith("postgres") is False,
    reason="concurrency tests race real transactions and need PostgreSQL (set DATABASE_URL)",
)


# --- browser --------------------------------------------------------------------------------------


def chromium_available() -> bool:
    return os.path.exists(CHROMIUM) or shutil.which("chromium") is not None


@pytest.fixture(scope="session")
def browser():
    if not chromium_available():
        if os.environ.get("NIANGJIA_REQUIRE_BROWSER") == "1":
            pytest.fail(f"Chromium is required (NIANGJIA_REQUIRE_BROWSER=1) but not found at {CHROMIUM}")
        pytest.skip(f"browser tests skipped: Chromium not found at {CHROMIUM}")
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    # Load every view now, not in the live server's first request: that import (4–11 s on the loaded 2-core
    # machine) plus the first page went past the 15 s page timeout (the same cold start niangjia/wsgi.py avoids).
    from django.urls import get_resolver

    get_resolver().reverse_dict  # noqa: B018
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture
def phone_page(browser):
    """A phone-sized page (iPhone-like viewport, Chinese locale)."""
    context = browser.new_context(viewport={"width": 390, "height": 844}, locale="zh-CN", device_scale_factor=2)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def desktop_page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


VALID_CARD = "6222020200112233446"  # 622202… (ICBC debit format) with its Luhn check digit


@pytest.fixture
def pay_through_bank(make_user):
    """Pay what is payable for `source` in `org`'s subtree through the core payout flow: accounts for
    `people` (members) confirmed, one clerk prepares, a different approver releases, the bank file is
    exported and every row is marked paid (or returned). Returns the batch."""

    def _pay(*, source: str, org, people=(), paid: bool = True, preparer=None, releaser=None):
        from niangjia.core.payouts import accounts, batches

        for member in people:
            if member.user_id and member.user.id_index:
                accounts.save_own_account(actor=member.user, holder=member.name, account_number=VALID_CARD,
                                          bank_name="中国工商银行", branch="杭州分行")
            else:
                clerk = make_user(roles=[(member.org, "staff")])
                accounts.save_account_for_member(actor=clerk, member_id=member.pk, holder=member.name,
                                                 account_number=VALID_CARD, bank_name="中国工商银行",
                                                 signed_on_paper=True)
        preparer = preparer or make_user(roles=[(org, "staff")], name="出纳")
        releaser = releaser or make_user(roles=[(org, "approver")], name="复核人")
        preview = batches.preview_batch(actor=preparer, source_key=source, org_id=org.pk)
        batch, _ = batches.create_batch(actor=preparer, source_key=source, org_id=org.pk,
                                        confirm_count=preview.count, confirm_total=preview.total)
        batches.release_batch(actor=releaser, batch_id=batch.pk, confirm_count=batch.count,
                              confirm_total=batch.total)
        batches.export_batch(actor=releaser, batch_id=batch.pk, fmt="csv")
        batches.mark_rows(actor=releaser, batch_id=batch.pk, row_ids=list(batch.rows.values_list("pk", flat=True)),
                          paid=paid, reason="" if paid else "账户已销户")
        batch.refresh_from_db()
        return batch

    return _pay
