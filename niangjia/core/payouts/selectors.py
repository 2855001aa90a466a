"""Read side of payouts: batches in scope, one batch with its rows, reconciliation."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q, Sum

from niangjia.core import scoping
from niangjia.core.errors import NotFound
from niangjia.core.models import BankLayout, Payout, PayoutBatch

ZERO = Decimal("0.00")


def batches_visible_to(*, actor, source: str = "", status: str = ""):
    qs = PayoutBatch.objects.filter(scoping.scope_q(actor)).select_related("org", "created_by", "released_by")
    if source:
        qs = qs.filter(source=source)
    return qs.filter(status=status) if status in PayoutBatch.Status.values else qs


def batch_status_choices():
    return list(PayoutBatch.Status.choices)


def row_status_choices():
    return list(Payout.Status.choices)


def access_batch_by_id(*, actor, batch_id: int) -> PayoutBatch:
    batch = batches_visible_to(actor=actor).select_related("layout").filter(pk=batch_id).first()
    if batch is None:
        raise NotFound("未找到该发放批次，或您无权查看。")
    return batch


def rows_of(batch: PayoutBatch, *, status: str = "", ids: list[int] | None = None):
    """Rows with a flag telling whether a returned row was re-issued in a later batch."""
    qs = Payout.objects.filter(batch=batch).order_by("seq")
    if status in Payout.Status.values:
        qs = qs.filter(status=status)
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    later = Payout.objects.filter(source=OuterRef("source"), source_id=OuterRef("source_id"),
                                  batch_id__gt=OuterRef("batch_id"))
    return qs.annotate(reissued=Exists(later)).defer("account_number")


def layouts():
    return list(BankLayout.objects.all())


@dataclass
class Line:
    label: str
    count: int
    total: Decimal


@dataclass
class Reconciliation:
    batch: PayoutBatch
    approved: Line
    exported: Line
    paid: Line
    returned: Line
    pending: Line
    reissued: Line

    @property
    def balanced(self) -> bool:
        """Approved = paid + returned + still at the bank, in count and in money; exported = approved."""
        parts = (self.paid, self.returned, self.pending)
        exported_ok = self.exported.count in (0, self.approved.count)
        return (exported_ok and sum(p.count for p in parts) == self.approved.count
                and sum((p.total for p in parts), ZERO) == self.approved.total)

    def lines(self) -> list[Line]:
        return [self.approved, self.exported, self.paid, self.returned, self.pending, self.reissued]


def reconciliation(batch: PayoutBatch) -> Reconciliation:
    """Per batch: approved (prepared and released), exported to the bank, paid, returned, and still open."""
    agg = Payout.objects.filter(batch=batch).aggregate(
        n=Count("id"), s=Sum("amount"),
        paid_n=Count("id", filter=Q(status="paid")), paid_s=Sum("amount", filter=Q(status="paid")),
        ret_n=Count("id", filter=Q(status="returned")), ret_s=Sum("amount", filter=Q(status="returned")),
        pend_n=Count("id", filter=Q(status="pending")), pend_s=Sum("amount", filter=Q(status="pending")))
    later = Payout.objects.filter(source=OuterRef("source"), source_id=OuterRef("source_id"),
                                  batch_id__gt=OuterRef("batch_id"))
    re = (Payout.objects.filter(batch=batch, status="returned").filter(Exists(later))
          .aggregate(n=Count("id"), s=Sum("amount")))
    exported = batch.exported_at is not None
    return Reconciliation(
        batch=batch,
        approved=Line("批准发放", agg["n"], agg["s"] or ZERO),
        exported=Line("已导出银行文件", agg["n"] if exported else 0, (agg["s"] or ZERO) if exported else ZERO),
        paid=Line("银行已支付", agg["paid_n"], agg["paid_s"] or ZERO),
        returned=Line("退票", agg["ret_n"], agg["ret_s"] or ZERO),
        pending=Line("待银行处理", agg["pend_n"], agg["pend_s"] or ZERO),
        reissued=Line("其中退票已在后续批次重发", re["n"], re["s"] or ZERO),
    )


@dataclass
class Actions:
    release: bool
    release_blocked: str  # why the actor may not release (shown instead of the button)
    export: bool
    settle: bool


def actions_for(*, actor, batch: PayoutBatch) -> Actions:
    """Which buttons the page shows: only actions the services would accept from this actor now."""
    approver = scoping.covers(actor, batch.org, roles=scoping.APPROVER_ROLES)
    release, blocked = False, ""
    if batch.status == PayoutBatch.Status.DRAFT:
        makers = set(Payout.objects.filter(batch=batch).exclude(prepared_by=None)
                     .values_list("prepared_by", flat=True).distinct())
        if actor.pk == batch.created_by_id or actor.pk in makers:
            blocked = "双人复核：本批次（或其中款项）由您准备，须由另一位审批人放行。"
        elif not approver:
            blocked = "放行需要审批权限。"
        else:
            release = True
    return Actions(release=release, release_blocked=blocked,
                   export=batch.status != PayoutBatch.Status.DRAFT and scoping.may_unmask(actor, batch.org),
                   settle=(batch.status == PayoutBatch.Status.RELEASED and batch.exported_at is not None
                           and approver))


def sources_for_choice():
    from niangjia.core.payouts import sources

    return [(s.key, s.label) for s in sources.all_sources()]


def orgs_for_payouts(*, actor):
    return scoping.orgs_visible_to(actor).exclude(level="grassroots").order_by("path")[:300]


def batches_awaiting_release(*, actor):
    """Prepared batches in scope that this person may release: 双人复核, so not the ones they prepared."""
    return (PayoutBatch.objects.filter(scoping.count_scope_q(actor, model=PayoutBatch),
                                       status=PayoutBatch.Status.DRAFT).exclude(created_by=actor)
            .select_related("org", "created_by").order_by("created_at", "id"))


def returned_not_reissued(*, actor):
    """Payments the bank returned that no later batch has paid again: someone must fix the account and
    re-issue them."""
    later = Payout.objects.filter(source=OuterRef("source"), source_id=OuterRef("source_id"),
                                  batch_id__gt=OuterRef("batch_id"))
    return (Payout.objects.filter(scoping.count_scope_q(actor, model=Payout), status=Payout.Status.RETURNED)
            .exclude(Exists(later)).select_related("batch", "org").defer("account_number")
            .order_by("settled_at", "id"))
