"""Reads of suppliers and product photos."""

from django.db.models import Count, Q, QuerySet

from niangjia.core import scoping
from niangjia.core.errors import NotFound
from niangjia.market.models import Product, ProductPhoto, Supplier
from niangjia.market.selectors import _visible_org_q

SUPPLIER_ROLES = frozenset({"supplier"})


def suppliers_in_scope(*, actor) -> QuerySet[Supplier]:
    q = scoping.scope_q(actor, org_field="org") | scoping.scope_q(actor, roles=SUPPLIER_ROLES, org_field="org")
    return Supplier.objects.filter(q).select_related("org").annotate(
        n_products=Count("products", filter=Q(products__status="on_sale")))


def supplier_for(*, actor, supplier_id: int) -> Supplier:
    supplier = suppliers_in_scope(actor=actor).filter(pk=supplier_id).first()
    if supplier is None:
        raise NotFound("未找到该供应商，或您无权查看。")
    supplier.product_list = list(supplier.products.prefetch_related("photos").order_by("id"))
    return supplier


def photo_for(*, actor, photo_id: int) -> ProductPhoto:
    """A product photo for anyone who may see the product (members above whose union it is sold, staff in scope)."""
    photo = (ProductPhoto.objects.select_related("attachment", "product")
             .filter(_visible_org_q(actor, "product__supplier__org"), pk=photo_id).first())
    if photo is None:
        raise NotFound("未找到该照片。")
    return photo


def first_photos(product_ids) -> dict[int, int]:
    out: dict[int, int] = {}
    for pid, photo_id in (ProductPhoto.objects.filter(product_id__in=list(product_ids))
                          .order_by("id").values_list("product_id", "id")):
        out.setdefault(pid, photo_id)
    return out


def products_of_supplier(*, supplier) -> QuerySet[Product]:
    return supplier.products.all()
