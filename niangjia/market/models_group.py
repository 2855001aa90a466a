"""Union group orders (工会团购): an order cycle opens one supplier's catalogue to unions for a period; a union
orders for its members (a per-person budget the members spend, or N units for a member list); the cycle is
confirmed (minimum reached, shortfalls allocated by the stated rule), printed (then locked), charged and settled."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from niangjia.core.models import Member, Org

MONEY = {"max_digits": 12, "decimal_places": 2}


class Occasion(models.TextChoices):
    """What a welfare purchase is for (全总 2014: the festivals; plus the other gift kinds of §13)."""
    NEW_YEAR = "new_year", _("New Year's Day")
    SPRING = "spring", _("Spring Festival")
    QINGMING = "qingming", _("Qingming")
    LABOUR = "labour", _("Labour Day")
    DRAGON_BOAT = "dragon_boat", _("Dragon Boat Festival")
    MID_AUTUMN = "mid_autumn", _("Mid-Autumn Festival")
    NATIONAL = "national", _("National Day")
    BIRTHDAY = "birthday", _("Birthday")
    MARRIAGE = "marriage", _("Marriage of a member")
    HOSPITALISATION = "hospital", _("Hospitalisation of a member")
    BEREAVEMENT_MEMBER = "death", _("Death of a member")
    BEREAVEMENT_RELATIVE = "death_kin", _("Death of a member's close relative")


class OrderCycle(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open for orders")
        CONFIRMED = "confirmed", _("Confirmed")
        LOCKED = "locked", _("Printed (locked)")
        SETTLED = "settled", _("Settled")
        CANCELLED = "cancelled", _("Cancelled")

    class Shortfall(models.TextChoices):
        PRO_RATA = "pro_rata", _("Pro rata")
        FIRST_COME = "first_come", _("First come, first served")

    supplier = models.ForeignKey("market.Supplier", models.PROTECT, related_name="cycles")
    org = models.ForeignKey(Org, models.PROTECT, related_name="+")  # the union running it: its subtree orders
    title = models.CharField(_("title"), max_length=120)
    opens_at = models.DateTimeField(_("opens at"))
    closes_at = models.DateTimeField(_("closes at"))
    delivery_on = models.DateField(_("delivery date"))
    min_quantity = models.PositiveIntegerField(_("minimum units for the cycle"), default=0)
    shortfall_rule = models.CharField(_("shortfall rule"), max_length=10, choices=Shortfall.choices,
                                      default=Shortfall.PRO_RATA)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    locked_at = models.DateTimeField(null=True, blank=True)
    settled_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    settled_at = models.DateTimeField(null=True, blank=True)
    settled_amount = models.DecimalField(null=True, blank=True, **MONEY)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.CheckConstraint(condition=Q(closes_at__gt=F("opens_at")), name="market_cycle_period"),
            models.CheckConstraint(condition=Q(status__in=["open", "confirmed", "locked", "settled", "cancelled"]),
                                   name="market_cycle_status_valid"),
            # No "settle without charging": a settled cycle carries who settled it and the amount.
            models.CheckConstraint(condition=~Q(status="settled") | (Q(settled_by__isnull=False)
                                                                     & Q(settled_amount__isnull=False)),
                                   name="market_cycle_settled_complete"),
        ]

    def __str__(self) -> str:
        return self.title


class CycleItem(models.Model):
    """A product offered in a cycle at a price, with the units the supplier can deliver."""

    cycle = models.ForeignKey(OrderCycle, models.CASCADE, related_name="items")
    product = models.ForeignKey("market.Product", models.PROTECT, related_name="+")
    price = models.DecimalField(_("price"), **MONEY)
    available = models.PositiveIntegerField(_("units available"))

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "product"], name="market_cycle_item_once"),
            models.CheckConstraint(condition=Q(price__gt=0), name="market_cycle_item_price_positive"),
        ]


class GroupOrder(models.Model):
    class Mode(models.TextChoices):
        LIST = "list", _("N units for a member list")
        BUDGET = "budget", _("Members choose within a budget")

    class Status(models.TextChoices):
        COLLECTING = "collecting", _("Members choosing")
        PLACED = "placed", _("Placed")
        CANCELLED = "cancelled", _("Cancelled")

    cycle = models.ForeignKey(OrderCycle, models.PROTECT, related_name="group_orders")
    org = models.ForeignKey(Org, models.PROTECT, related_name="+")  # the union buying for its members
    mode = models.CharField(_("how members get goods"), max_length=8, choices=Mode.choices)
    occasion = models.CharField(_("occasion"), max_length=12, choices=Occasion.choices)
    budget_per_person = models.DecimalField(_("budget per person"), null=True, blank=True, **MONEY)
    delivery_point = models.CharField(_("delivery point"), max_length=120)
    status = models.CharField(max_length=10, choices=Status.choices)
    total_amount = models.DecimalField(default=0, **MONEY)
    rule_version = models.CharField(max_length=80, blank=True)
    flags = models.JSONField(default=list, blank=True)  # cap breaches let through under a "flag" rule
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    placed_at = models.DateTimeField(null=True, blank=True)
    charged_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    charged_at = models.DateTimeField(null=True, blank=True)
    charged_amount = models.DecimalField(null=True, blank=True, **MONEY)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "org"], condition=~Q(status="cancelled"),
                                    name="market_group_order_once_per_cycle"),
            models.CheckConstraint(condition=Q(total_amount__gte=0), name="market_group_order_total_nonneg"),
            models.CheckConstraint(condition=~Q(mode="budget") | Q(budget_per_person__gt=0),
                                   name="market_group_order_budget_positive"),
        ]


class GroupOrderLine(models.Model):
    """Units of one item for one member. `allocated` is set when the cycle is confirmed (shortfall rule)."""

    order = models.ForeignKey(GroupOrder, models.CASCADE, related_name="lines")
    member = models.ForeignKey(Member, models.PROTECT, related_name="+")
    item = models.ForeignKey(CycleItem, models.PROTECT, related_name="lines")
    quantity = models.PositiveIntegerField()
    allocated = models.PositiveIntegerField(null=True, blank=True)
    unit_price = models.DecimalField(**MONEY)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]
        constraints = [
            models.UniqueConstraint(fields=["order", "member", "item"], name="market_group_line_once"),
            models.CheckConstraint(condition=Q(quantity__gte=1), name="market_group_line_quantity_positive"),
            models.CheckConstraint(condition=Q(allocated__isnull=True) | Q(allocated__lte=F("quantity")),
                                   name="market_group_line_allocated_within"),
        ]

    @property
    def units(self) -> int:
        return self.quantity if self.allocated is None else self.allocated
