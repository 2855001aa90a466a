"""Reads of suppliers and product photos."""

from django.db.models import Count, Q, QuerySet

from niangjia.core import scoping
from niangjia.core.errors import NotFound
from niangjia.market.models import Product, ProductPhoto, Supplier
from niangjia.market.selectors import _visible_org_q, own_supplier_q


def suppliers_in_scope(*, actor) -> QuerySet[Supplier]:
    q = scoping.scope_q(actor, org_field="org") | own_supplier_q(actor, "")
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
             .filter(_visible_org_q(actor, "product__supplier__org", "product__supplier"), pk=photo_id).first())
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


def supplier_accounts(*, supplier) -> list:
    """The logins linked to a supplier (for staff who already passed supplier_for's scope check)."""
    return list(supplier.accounts.select_related("user").order_by("id"))


def is_linked_supplier(actor, supplier) -> bool:
    """The service-side check: the actor holds the supplier role over the supplier's union AND is linked to it."""
    from niangjia.market.models import SupplierAccount

    return (scoping.covers(actor, supplier.org, roles={"supplier"})
            and SupplierAccount.objects.filter(user_id=actor.pk, supplier_id=supplier.pk).exists())


def may_link_accounts(actor, supplier) -> bool:
    """Only staff covering the supplier's union link logins; a supplier account cannot add itself to another."""
    return scoping.covers(actor, supplier.org)
