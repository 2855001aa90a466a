"""Accounts for benchmarks and external load tests (`manage.py loadtest_accounts`). Never in production.

Everything lives under one demo city `压测演示市总工会` and its grassroots union, so a load test never touches a
real union. The password is hashed once and the hash reused: hashing 10,000 times would take minutes.
"""

import datetime as dt
import secrets
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from niangjia.core import pii
from niangjia.core.models import Member, Org, OrgRole, User, path_segment
from niangjia.core.services import orgs, tokens
from niangjia.core.validators import id_check_char, uscc_check_char
from niangjia.market.models import Product, Supplier

CITY = "压测演示市总工会"
UNION = "压测演示企业工会"
PHONE_PREFIX = "170"


def demo_orgs() -> tuple[Org, Org]:
    city = Org.objects.filter(name=CITY, parent=None).first() or orgs.create_root(name=CITY, level="city",
                                                                                 region_code="610100")
    union = Org.objects.filter(name=UNION, parent=city).first()
    if union is None:
        seed = "91610100MA6LQADT1"
        union = Org.objects.create(name=UNION, level="grassroots", parent=city, path="", depth=2,
                                   region_code="610100", employer_name="压测演示企业", uscc=seed + uscc_check_char(seed))
        union.path = city.path + path_segment(union.pk)
        union.save(update_fields=["path"])
    return city, union


def _id_number(n: int) -> str:
    # Distinct, valid-looking numbers in a region code reserved for the demo (610199): date from n, then seq.
    day = dt.date(1970, 1, 1) + dt.timedelta(days=n // 1000)
    first17 = f"610199{day:%Y%m%d}{n % 1000:03d}"
    return first17 + id_check_char(first17)


@transaction.atomic
def create_accounts(count: int, *, password: str | None = None) -> list[dict]:
    """`count` new verified members of the demo union, each with a token: [{"phone", "token"}]."""
    _city, union = demo_orgs()
    start = User.objects.filter(memberships__org=union).count()
    hashed = make_password(password or secrets.token_urlsafe(12))
    now = timezone.now()
    phones = [f"{PHONE_PREFIX}{start + i:08d}" for i in range(count)]
    users = [User(phone=p, phone_index=pii.blind_index(p, purpose="phone"), password=hashed,
                  display_name=f"压测{start + i}", real_name=f"压测{start + i}", verified_at=now, phone_verified_at=now)
             for i, p in enumerate(phones)]
    User.objects.bulk_create(users, batch_size=500)
    users = list(User.objects.filter(phone_index__in=[u.phone_index for u in users]).order_by("pk"))
    members = []
    for i, user in enumerate(users):
        idn = _id_number(start + i)
        members.append(Member(org=union, user=user, name=user.real_name, id_number=idn,
                              id_index=pii.blind_index(idn, purpose="id"), phone=user.phone,
                              phone_index=user.phone_index, gender="M", birth_date=dt.date(1980, 1, 1),
                              member_no=f"LT{secrets.token_hex(8)}", join_date=now.date()))
    Member.objects.bulk_create(members, batch_size=500)
    out = []
    for user in users:
        raw, _token = tokens.issue_token(actor=None, user=user, name="loadtest", days=7)
        out.append({"phone": user.phone, "token": raw})
    return out


@transaction.atomic
def staff_account() -> dict:
    """A staff account of the demo city with a token, and a product to sell: what a benchmark needs."""
    city, union = demo_orgs()
    phone = f"{PHONE_PREFIX}99999999"
    user = User.objects.filter(phone_index=pii.blind_index(phone, purpose="phone")).first()
    if user is None:
        user = User.objects.create_user(phone, secrets.token_urlsafe(12), display_name="压测工作人员")
        OrgRole.objects.create(user=user, org=city, role="staff")
    supplier = Supplier.objects.filter(certificate_no="LOADTEST-0001").first() or Supplier.objects.create(
        name="压测演示合作社", kind="cooperative", county="山阳县", certificate_no="LOADTEST-0001",
        certificate_expires=dt.date(2099, 12, 31), org=city)
    product = supplier.products.first() or Product.objects.create(
        supplier=supplier, title="压测核桃礼盒", unit="箱", origin_county="山阳县", price=Decimal("88.00"),
        stock=100000, status="on_sale")
    raw, _token = tokens.issue_token(actor=None, user=user, name="loadtest", days=7)
    return {"phone": phone, "token": raw, "product_id": product.pk, "org_id": city.pk, "union_id": union.pk}
