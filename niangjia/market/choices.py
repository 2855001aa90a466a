"""Choices the market's pages need (views import no models)."""

from niangjia.market.models import GroupOrder, Occasion, OrderCycle, Product, Supplier, WelfareSpend

SHORTFALL_RULES = OrderCycle.Shortfall.choices
GROUP_MODES = GroupOrder.Mode.choices
OCCASIONS = Occasion.choices
SUPPLIER_KINDS = Supplier.Kind.choices
SPEND_KINDS = WelfareSpend.Kind.choices
PRODUCT_STATUSES = Product.Status.choices
