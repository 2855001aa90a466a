"""消费扶贫 market: certified suppliers, their products, flash sales (限时抢购) and orders.

The two limits of a flash sale live in the database, not only in code: `FlashSale.sold <= stock_total`
and `MemberSaleTotal.quantity <= limit` are check constraints, so no code path (or race) can oversell.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from niangjia.core import pii
from niangjia.core.models import Org

MONEY = {"max_digits": 12, "decimal_places": 2}


class Supplier(models.Model):
    class Kind(models.TextChoices):
        ENTERPRISE = "enterprise", _("Poverty-relief enterprise")
        COOPERATIVE = "cooperative", _("Cooperative")
        VILLAGE = "village", _("Village")

    name = models.CharField(_("name"), max_length=120)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    county = models.CharField(_("county"), max_length=60)
    uscc = models.CharField(_("unified social credit code"), max_length=18, null=True, blank=True, unique=True)
    certificate_no = models.CharField(_("certificate number"), max_length=60)
    certificate_expires = models.DateField(_("certificate expiry"))
    listed_832 = models.BooleanField(_("listed on the 832 platform"), default=False)
    org = models.ForeignKey(Org, models.PROTECT, related_name="+")  # the union that certified / manages it
    contact_name = models.CharField(_("contact"), max_length=60, blank=True)
    contact_phone = pii.EncryptedTextField(_("contact phone"), blank=True)
    settlement_account = pii.EncryptedTextField(_("settlement account"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["certificate_no"], name="market_supplier_certificate_unique"),
            models.CheckConstraint(condition=Q(kind__in=["enterprise", "cooperative", "village"]),
                                   name="market_supplier_kind_valid"),
        ]

    def __str__(self) -> str:
        return self.name


class SupplierAccount(models.Model):
    """Links a login holding the supplier role to the one supplier it manages: the role alone only says "a supplier
    of this union", and a supplier must not reach another supplier's products or sales."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="+")
    supplier = models.ForeignKey(Supplier, models.CASCADE, related_name="accounts")
    linked_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "supplier"], name="market_supplier_account_unique")]


class Product(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ON_SALE = "on_sale", _("On sale")
        OFF = "off", _("Off the shelf")

    supplier = models.ForeignKey(Supplier, models.PROTECT, related_name="products")
    title = models.CharField(_("title"), max_length=120)
    unit = models.CharField(_("unit"), max_length=12)
    specification = models.CharField(_("specification"), max_length=120, blank=True)
    origin_county = models.CharField(_("origin county"), max_length=60)
    price = models.DecimalField(_("price"), **MONEY)
    stock = models.PositiveIntegerField(_("stock"), default=0)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.DRAFT)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.CheckConstraint(condition=Q(price__gt=0), name="market_product_price_positive"),
        ]

    def __str__(self) -> str:
        return self.title


class ProductPhoto(models.Model):
    """A photo of a product, stored through core's upload service (type by content, size limit)."""

    product = models.ForeignKey(Product, models.CASCADE, related_name="photos")
    attachment = models.ForeignKey("core.Attachment", models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["id"]


class FlashSale(models.Model):
    """One session (场次) of a flash sale: a stock sold at a price between two instants."""

    product = models.ForeignKey(Product, models.PROTECT, related_name="sales")
    org = models.ForeignKey(Org, models.PROTECT, related_name="+")  # the union that runs it; its subtree buys
    price = models.DecimalField(_("flash price"), **MONEY)
    stock_total = models.PositiveIntegerField(_("stock for the sale"))
    sold = models.PositiveIntegerField(default=0)
    per_member_limit = models.PositiveIntegerField(_("limit per member"))
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    payment_timeout_minutes = models.PositiveSmallIntegerField(default=15)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(sold__gte=0) & Q(sold__lte=F("stock_total")),
                                   name="market_sale_sold_within_stock"),
            models.CheckConstraint(condition=Q(per_member_limit__gte=1), name="market_sale_limit_positive"),
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="market_sale_period"),
            models.CheckConstraint(condition=Q(price__gt=0), name="market_sale_price_positive"),
            models.CheckConstraint(condition=Q(payment_timeout_minutes__gte=1), name="market_sale_timeout_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.product} · {self.starts_at:%Y-%m-%d %H:%M}"

    @property
    def stock_left(self) -> int:
        return self.stock_total - self.sold


class SaleSession(models.Model):
    """A time window (场次) of a sale in which members may buy; stock and the per-member limit are the sale's,
    shared by its sessions. A sale without session rows is open over its whole period."""

    sale = models.ForeignKey(FlashSale, models.CASCADE, related_name="sessions")
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))

    class Meta:
        ordering = ["starts_at"]
        constraints = [models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="market_session_period")]
        indexes = [models.Index(fields=["sale", "starts_at"], name="market_session_sale_start")]


class MemberSaleTotal(models.Model):
    """How many units one member holds in one sale (pending + paid). The limit is copied onto the row so
    the database itself refuses a quantity above it."""

    sale = models.ForeignKey(FlashSale, models.CASCADE, related_name="member_totals")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.CASCADE, related_name="+")
    quantity = models.PositiveIntegerField(default=0)
    limit = models.PositiveIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["sale", "user"], name="market_member_total_once"),
            models.CheckConstraint(condition=Q(quantity__gte=0) & Q(quantity__lte=F("limit")),
                                   name="market_member_total_within_limit"),
        ]


class Order(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting payment")
        PAID = "paid", _("Paid by the member")
        RELEASED = "released", _("Released (not paid in time)")

    sale = models.ForeignKey(FlashSale, models.PROTECT, related_name="orders")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    quantity = models.PositiveIntegerField()
    amount = models.DecimalField(**MONEY)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    paid_at = models.DateTimeField(null=True, blank=True)
    released_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gte=1), name="market_order_quantity_positive"),
            models.CheckConstraint(condition=Q(status__in=["pending", "paid", "released"]),
                                   name="market_order_status_valid"),
        ]
        indexes = [models.Index(fields=["status", "expires_at"], name="market_order_expiry"),
                   models.Index(fields=["sale", "status"], name="market_order_sale_status")]


from niangjia.market.models_group import CycleItem, GroupOrder, GroupOrderLine, Occasion, OrderCycle  # noqa: E402
from niangjia.market.models_welfare import WelfareRule, WelfareSpend  # noqa: E402

__all__ = ["CycleItem", "FlashSale", "GroupOrder", "GroupOrderLine", "MemberSaleTotal", "Occasion", "Order",
           "OrderCycle", "Product", "ProductPhoto", "SaleSession", "Supplier", "WelfareRule", "WelfareSpend"]
