"""Choices the market's pages need (views import no models)."""

from niangjia.market.models import (
    GroupOrder,
    Occasion,
    OrderCycle,
    Product,
    Supplier,
    WelfareRule,
    WelfareSpend,
)

SHORTFALL_RULES = OrderCycle.Shortfall.choices
GROUP_MODES = GroupOrder.Mode.choices
OCCASIONS = Occasion.choices
SUPPLIER_KINDS = Supplier.Kind.choices
SPEND_KINDS = WelfareSpend.Kind.choices
PRODUCT_STATUSES = Product.Status.choices
WELFARE_ENFORCEMENTS = WelfareRule.Enforcement.choices
FESTIVAL_CHOICES = [(v, label) for v, label in Occasion.choices if v in (
    "new_year", "spring", "qingming", "labour", "dragon_boat", "mid_autumn", "national")]
EVENT_CHOICES = [(v, label) for v, label in Occasion.choices if v in ("marriage", "hospital", "death", "death_kin")]
