"""Demo of the market: two certified suppliers of the city union with a product each. The demo supplier login
13800000008 (supplier role at the city) is linked to the first only, so it shows what a supplier account may not
reach. Created once (keyed by certificate number). Each load also makes sure the worker's 抢购 page has something to
show: a sale open now and one starting tomorrow at 10:00 (with its countdown), made again only when the last ones
have ended, so a demo restarted weeks later is not empty."""

import datetime as dt
from decimal import Decimal

SUPPLIERS = [
    ("商洛山阳县天竹农业合作社", "cooperative", "山阳县", "DEMO-SX-FP-001", "山阳核桃 5 斤装", "箱", "5 斤", "88.00"),
    ("安康平利县女娲茶业有限公司", "enterprise", "平利县", "DEMO-SX-FP-002", "平利绞股蓝茶 250 克", "盒", "250 克", "68.00"),
]
SUPPLIER_LOGIN = "13800000008"


def seed(stdout) -> None:
    from django.db import transaction

    from niangjia.core import pii
    from niangjia.core.models import OrgRole, User
    from niangjia.market.models import Product, Supplier, SupplierAccount

    login = User.objects.filter(phone_index=pii.blind_index(SUPPLIER_LOGIN, purpose="phone")).first()
    grant = OrgRole.objects.filter(user=login, role="supplier").select_related("org").first() if login else None
    if grant is None:
        return
    if Supplier.objects.filter(certificate_no=SUPPLIERS[0][3]).exists():
        _keep_sales_current(stdout)
        return
    city = grant.org
    with transaction.atomic():
        created = []
        for name, kind, county, cert, title, unit, spec, price in SUPPLIERS:
            s = Supplier.objects.create(name=name, kind=kind, county=county, certificate_no=cert,
                                        certificate_expires=dt.date(2028, 12, 31), listed_832=True, org=city,
                                        contact_name="王经理")
            Product.objects.create(supplier=s, title=title, unit=unit, specification=spec, origin_county=county,
                                   price=Decimal(price), stock=500, status="on_sale")
            created.append(s)
        SupplierAccount.objects.get_or_create(user=login, supplier=created[0])
    stdout.write(f"market: {len(created)} demo suppliers; {SUPPLIER_LOGIN} linked to {created[0].name}\n")
    _keep_sales_current(stdout)


def _keep_sales_current(stdout) -> None:
    """Through the service, as staff would: the city admin who runs the demo opens the sales."""
    from django.utils import timezone

    from niangjia.core.models import OrgRole
    from niangjia.market import services
    from niangjia.market.models import FlashSale, Product

    products = list(Product.objects.filter(supplier__certificate_no__in=[s[3] for s in SUPPLIERS])
                    .select_related("supplier__org").order_by("supplier__certificate_no"))
    if len(products) < 2 or FlashSale.objects.filter(product__in=products, ends_at__gt=timezone.now()).exists():
        return
    admin = (OrgRole.objects.filter(org=products[0].supplier.org, role="admin").select_related("user")
             .order_by("id").first())
    if admin is None:
        return
    now = timezone.localtime()
    tomorrow_ten = (now + dt.timedelta(days=1)).replace(hour=10, minute=0, second=0, microsecond=0)
    services.create_sale(actor=admin.user, product_id=products[0].pk, stock=300, per_member_limit=2, price="78.00",
                         starts_at=now, ends_at=now + dt.timedelta(days=30))
    services.create_sale(actor=admin.user, product_id=products[1].pk, stock=200, per_member_limit=1, price="58.00",
                         starts_at=tomorrow_ten, ends_at=tomorrow_ten + dt.timedelta(hours=2))
    stdout.write("market: a demo flash sale open now and one tomorrow at 10:00\n")
