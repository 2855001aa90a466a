"""Welfare-spending rules as data (policies.md §13), one row per region and year, and the union's welfare
purchases made outside the market (so the gauge sees all of them)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from niangjia.core.models import Org

MONEY = {"max_digits": 12, "decimal_places": 2}


class WelfareRule(models.Model):
    """`region` is a 2-digit province or 4-digit city prefix of `Org.region_code`; a city row overrides only the
    fields it fills (Ankang's one-half share on top of Shaanxi's cap). Empty = no such rule."""

    class Enforcement(models.TextChoices):
        REFUSE = "refuse", _("Refuse")
        FLAG = "flag", _("Flag")

    region = models.CharField(_("region code prefix"), max_length=4)
    region_name = models.CharField(_("region"), max_length=30)
    year = models.PositiveSmallIntegerField(_("year"))
    version = models.CharField(_("rule version"), max_length=40)
    source = models.CharField(_("source"), max_length=200)
    festival_cap = models.DecimalField(_("festival-gift cap per member per year"), null=True, blank=True, **MONEY)
    occasion_caps = models.JSONField(_("caps per occasion"), default=dict, blank=True)  # {"spring": "500", "*": "200"}
    allowed_festivals = models.JSONField(_("allowed festivals"), default=list, blank=True)
    birthday_cap = models.DecimalField(_("birthday-gift cap"), null=True, blank=True, **MONEY)
    # {"marriage": "600", "hospital": "1000", "death": "2000", "death_kin": "1000"}
    event_caps = models.JSONField(_("caps per life event"), default=dict, blank=True)
    poverty_extra = models.DecimalField(_("extra poverty purchases outside the cap"), null=True, blank=True, **MONEY)
    poverty_share_min = models.DecimalField(_("minimum poverty-purchase share"), null=True, blank=True,
                                            max_digits=4, decimal_places=3)
    poverty_per_worker_min = models.DecimalField(_("poverty purchases per worker per year"), null=True, blank=True,
                                                 **MONEY)
    enforcement = models.CharField(_("when a cap is exceeded"), max_length=6, choices=Enforcement.choices,
                                   default=Enforcement.REFUSE)
    effective_from = models.DateField(_("in force from"), null=True, blank=True)
    # Versions: a version already cited by an order or a recorded purchase is never edited; a new version replaces
    # it (this row keeps its figures and is marked superseded), so every cited version can still be read back.
    superseded_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["region", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["region", "year"], condition=Q(superseded_at__isnull=True),
                                    name="market_welfare_rule_current_once"),
            models.UniqueConstraint(fields=["region", "year", "version"], name="market_welfare_rule_version_once"),
            models.CheckConstraint(condition=Q(poverty_share_min__isnull=True)
                                   | (Q(poverty_share_min__gt=0) & Q(poverty_share_min__lte=1)),
                                   name="market_welfare_share_fraction"),
        ]

    def __str__(self) -> str:
        return f"{self.region_name} {self.year} ({self.version})"


class WelfareSpend(models.Model):
    """A welfare purchase a union made outside the market (a supermarket, another supplier), recorded so the
    share is computed over all of them. Cash and shopping cards are refused (全总 2014)."""

    class Kind(models.TextChoices):
        GOODS = "goods", _("Goods")
        CASH = "cash", _("Cash")
        CARD = "card", _("Shopping card")

    org = models.ForeignKey(Org, models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField(_("year"))
    occasion = models.CharField(_("occasion"), max_length=12)
    kind = models.CharField(_("kind"), max_length=6, choices=Kind.choices, default=Kind.GOODS)
    amount = models.DecimalField(_("amount"), **MONEY)
    certified = models.BooleanField(_("from a certified poverty-area supplier"), default=False)
    supplier_name = models.CharField(_("supplier"), max_length=120)
    supplier_county = models.CharField(_("supplier county"), max_length=60, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    rule_version = models.CharField(_("rule version"), max_length=120, blank=True)
    flags = models.JSONField(_("rule flags"), default=list, blank=True)  # breaches kept under a "flag" rule

    class Meta:
        ordering = ["-id"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="market_welfare_spend_positive"),
            models.CheckConstraint(condition=Q(kind="goods"), name="market_welfare_spend_goods_only"),
        ]
