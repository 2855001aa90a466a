import datetime as dt
from decimal import Decimal as D

import pytest
from django.utils import timezone

from niangjia.core.services import tokens
from niangjia.market.models import FlashSale, Product, Supplier


@pytest.fixture
def supplier(tree):
    return Supplier.objects.create(name="商洛山阳县天竹农业合作社", kind="cooperative", county="山阳县",
                                   certificate_no="SX-FP-2026-001", certificate_expires=dt.date(2099, 12, 31),
                                   listed_832=True, org=tree.city, settlement_account="6222020200112233445")


@pytest.fixture
def product(supplier):
    return Product.objects.create(supplier=supplier, title="山阳核桃 5 斤装", unit="箱", specification="5 斤",
                                  origin_county="山阳县", price=D("88.00"), stock=1000, status="on_sale")


@pytest.fixture
def make_sale(product, tree):
    def _make(stock=100, limit=1, price=D("59.90"), open_=True, timeout=15, org=None):
        now = timezone.now()
        starts = now - dt.timedelta(minutes=5) if open_ else now + dt.timedelta(hours=1)
        return FlashSale.objects.create(product=product, org=org or tree.city, price=price, stock_total=stock,
                                        per_member_limit=limit, starts_at=starts, ends_at=starts + dt.timedelta(hours=2),
                                        payment_timeout_minutes=timeout)

    return _make


@pytest.fixture
def bearer():
    def _bearer(user):
        raw, _ = tokens.issue_token(actor=user, user=user, name="test")
        return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}

    return _bearer
