"""Money leaving the union: payee bank accounts, payout batches and their rows, bank file layouts.

One set of models for relief, mutual aid and care (no per-app copies). An app registers a payout
source (`core.payouts.sources`): what is payable, and what to do when a row is paid. A row snapshots
the account it was sent to, so a later change of account does not rewrite history.
"""

from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from niangjia.core import pii
from niangjia.core.models import Org, User

MONEY = {"max_digits": 12, "decimal_places": 2}


class PayeeAccount(models.Model):
    """收款账户: one per person (the blind ID index, so it follows the person across unions)."""

    person_index = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(User, models.SET_NULL, null=True, blank=True, related_name="payee_accounts")
    holder = models.CharField(_("account holder"), max_length=60)
    account_number = pii.EncryptedTextField(_("card number"), blind_index=("account_index", "bank_account"))
    account_index = models.CharField(max_length=64, db_index=True, editable=False)
    bank_name = models.CharField(_("bank"), max_length=120)
    branch = models.CharField(_("branch"), max_length=120, blank=True)
    confirmed_at = models.DateTimeField(null=True, blank=True)  # the worker confirmed it themselves
    needs_fix_since = models.DateTimeField(null=True, blank=True)  # a payment to it was returned (退票)
    needs_fix_reason = models.CharField(max_length=200, blank=True)
    updated_by = models.ForeignKey(User, models.SET_NULL, null=True, blank=True, related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{pii.mask_name(self.holder)} {pii.mask_bank_account(self.account_number)}"


class BankLayout(models.Model):
    """The column order of one bank's 代发 (batch payment) template, as data an admin can add to."""

    code = models.CharField(max_length=30, unique=True)
    name = models.CharField(max_length=60)
    columns = models.JSONField(help_text="the standard column names in the bank's order")
    is_default = models.BooleanField(default=False)

    class Meta:
        ordering = ["-is_default", "name"]
        constraints = [models.UniqueConstraint(fields=["is_default"], condition=Q(is_default=True),
                                               name="core_banklayout_one_default")]

    def __str__(self) -> str:
        return self.name


class PayoutBatch(models.Model):
    """A 代发 batch: prepared by one person, released by another (双人复核), settled row by row."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Prepared, awaiting release")
        RELEASED = "released", _("Released for the bank")
        SETTLED = "settled", _("Settled")

    org = models.ForeignKey(Org, models.PROTECT, related_name="+")
    source = models.CharField(max_length=20)
    title = models.CharField(max_length=120)
    budget = models.CharField(_("source budget"), max_length=120)
    layout = models.ForeignKey(BankLayout, models.PROTECT, null=True, blank=True, related_name="+")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    count = models.PositiveIntegerField(default=0)
    total = models.DecimalField(default=0, **MONEY)
    created_by = models.ForeignKey(User, models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    released_by = models.ForeignKey(User, models.PROTECT, null=True, blank=True, related_name="+")
    released_at = models.DateTimeField(null=True, blank=True)
    exported_at = models.DateTimeField(null=True, blank=True)
    export_count = models.PositiveIntegerField(default=0)
    settled_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-id"]
        constraints = [
            # 双人复核 in the database as well as in the service
            models.CheckConstraint(condition=Q(released_by__isnull=True) | ~Q(released_by=F("created_by")),
                                   name="core_payoutbatch_four_eyes"),
            models.CheckConstraint(condition=Q(total__gte=0), name="core_payoutbatch_total_nonneg"),
        ]
        indexes = [models.Index(fields=["org", "source", "status"], name="core_payoutbatch_org")]


class Payout(models.Model):
    """One row of a batch: one payment to one account. The account is a snapshot (encrypted)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting the bank")
        PAID = "paid", _("Paid")
        RETURNED = "returned", _("Returned by the bank")

    LIVE = ("pending", "paid")

    batch = models.ForeignKey(PayoutBatch, models.PROTECT, related_name="rows")
    seq = models.PositiveIntegerField()
    source = models.CharField(max_length=20)
    source_id = models.BigIntegerField()
    org = models.ForeignKey(Org, models.PROTECT, related_name="+", db_index=False)
    person_index = models.CharField(max_length=64)
    user = models.ForeignKey(User, models.SET_NULL, null=True, blank=True, related_name="+", db_index=False)
    holder = models.CharField(max_length=60)
    account_number = pii.EncryptedTextField()
    account_tail = models.CharField(max_length=4)  # last four digits: shown and matched without decrypting
    bank_name = models.CharField(max_length=120)
    branch = models.CharField(max_length=120, blank=True)
    amount = models.DecimalField(**MONEY)
    purpose = models.CharField(max_length=60)
    note = models.CharField(max_length=120, blank=True)
    prepared_by = models.ForeignKey(User, models.SET_NULL, null=True, blank=True, related_name="+", db_index=False)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    return_reason = models.CharField(max_length=200, blank=True)
    settled_at = models.DateTimeField(null=True, blank=True)
    settled_by = models.ForeignKey(User, models.SET_NULL, null=True, blank=True, related_name="+", db_index=False)

    class Meta:
        ordering = ["batch", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["batch", "seq"], name="core_payout_seq"),
            # an approved item is paid at most once: a returned row frees it for a later batch
            models.UniqueConstraint(fields=["source", "source_id"], condition=Q(status__in=["pending", "paid"]),
                                    name="core_payout_one_live_row"),
            models.CheckConstraint(condition=Q(amount__gt=0), name="core_payout_amount_pos"),
            models.CheckConstraint(condition=Q(status__in=["pending", "paid", "returned"]),
                                   name="core_payout_status"),
        ]
