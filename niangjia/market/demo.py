"""Demo of the market: two certified suppliers of the city union with a product each. The demo supplier login
13800000008 (supplier role at the city) is linked to the first only, so it shows what a supplier account may not
reach. Created once (keyed by certificate number)."""

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
    if grant is None or Supplier.objects.filter(certificate_no=SUPPLIERS[0][3]).exists():
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
