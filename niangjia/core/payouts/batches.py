"""Payout batch use cases: preview → create (prepared) → release (another person) → export the bank
file → settle rows (bank result file or by hand) → settled when every row is paid or returned.

Every money step takes the count and total the person confirmed on screen; when the data changed
since (a new approval, an account fixed) the step is refused and shows the new figures instead."""

from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import islice

from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.utils import timezone

from niangjia.core import audit, pii, scoping
from niangjia.core.banking import BankCardError, check_card_number
from niangjia.core.errors import Conflict, Forbidden, Invalid, NotFound
from niangjia.core.four_eyes import require_other_hands
from niangjia.core.models import BankLayout, Org, PayeeAccount, Payout, PayoutBatch, User
from niangjia.core.notifications import notify
from niangjia.core.payouts import bankfile, sources
from niangjia.core.payouts.accounts import PAYEE_LINK, unusable_reason

CHUNK = 2_000


@dataclass
class Refused:
    name: str  # masked
    amount: Decimal
    reason: str


@dataclass
class Preview:
    source: sources.PayoutSource
    org: Org
    count: int = 0
    total: Decimal = Decimal("0.00")
    refused: list[Refused] = field(default_factory=list)
    refused_total: Decimal = Decimal("0.00")
    rows: list = field(default_factory=list)  # (item, account) pairs, only when building


def _chunks(iterable, size) -> Iterator[list]:
    it = iter(iterable)
    while chunk := list(islice(it, size)):
        yield chunk


def live_source_ids(source_key: str):
    """Items already in a pending or paid row: a subquery the app excludes from what is payable."""
    return Payout.objects.filter(source=source_key, status__in=Payout.LIVE).values("source_id")


def _org(actor, org_id, roles=scoping.STAFF_ROLES) -> Org:
    org = Org.objects.filter(pk=org_id).first()
    if org is None or not scoping.covers(actor, org, roles=roles):
        raise NotFound("未找到该工会，或您无权办理发放。")
    return org


def _walk(actor, source: sources.PayoutSource, org: Org, keep_rows: bool, lock: bool) -> Preview:
    preview = Preview(source=source, org=org)
    items = source.payable(actor=actor, org=org, exclude=live_source_ids(source.key), lock=lock)
    for chunk in _chunks(items, CHUNK):
        accounts = {a.person_index: a for a in PayeeAccount.objects.filter(
            person_index__in={i.person_index for i in chunk if i.person_index})}
        for item in chunk:
            account = accounts.get(item.person_index)
            reason = "没有身份证号信息" if not item.person_index else unusable_reason(account)
            if reason:
                preview.refused.append(Refused(pii.mask_name(item.name), item.amount, reason))
                preview.refused_total += item.amount
                continue
            preview.count += 1
            preview.total += item.amount
            if keep_rows:
                preview.rows.append((item, account))
    return preview


def preview_batch(*, actor, source_key: str, org_id: int) -> Preview:
    """What a batch would hold now: count, total, the budget, and the rows refused for want of an account."""
    return _walk(actor, sources.get(source_key), _org(actor, org_id), keep_rows=False, lock=False)


def _confirmed(count: int, total: Decimal, confirm_count, confirm_total) -> None:
    try:
        same = int(confirm_count) == count and Decimal(str(confirm_total)) == total
    except (TypeError, ValueError, ArithmeticError):
        same = False
    if not same:
        raise Conflict(f"请先核对并确认：本次共 {count} 人、合计 {total:,.2f} 元（数据已变化或尚未确认）。",
                       code="payout.confirm", details={"count": count, "total": str(total)})


@transaction.atomic
def create_batch(*, actor, source_key: str, org_id: int, confirm_count, confirm_total,
                 layout_id: int | None = None) -> tuple[PayoutBatch, list[Refused]]:
    """Prepare a batch of every payable item with a usable account. Rows without one are left out and
    returned (they stay payable once the account is fixed)."""
    source = sources.get(source_key)
    org = _org(actor, org_id)
    preview = _walk(actor, source, org, keep_rows=True, lock=True)
    if preview.count == 0:
        if preview.refused:
            raise Invalid(f"有 {len(preview.refused)} 笔待发放，但都没有可用的收款账户，未生成批次。",
                          code="payout.no_valid_rows", details={"refused": [r.__dict__ for r in preview.refused[:200]]})
        raise Invalid("没有待发放的款项。", code="payout.nothing_to_pay")
    _confirmed(preview.count, preview.total, confirm_count, confirm_total)
    layout = (BankLayout.objects.filter(pk=layout_id).first() if layout_id
              else BankLayout.objects.filter(is_default=True).first())
    batch = PayoutBatch.objects.create(org=org, source=source.key, title=f"{source.label}代发 {timezone.localdate()}",
                                       budget=source.budget, layout=layout, count=preview.count,
                                       total=preview.total, created_by=actor)
    rows = (Payout(batch=batch, seq=seq, source=source.key, source_id=item.source_id, org_id=item.org_id,
                   person_index=item.person_index, user_id=item.user_id or account.user_id, holder=account.holder,
                   account_number=account.account_number,
                   account_tail=account.account_number[-4:], bank_name=account.bank_name, branch=account.branch,
                   amount=item.amount, purpose=item.purpose[:60], note=item.note[:120],
                   prepared_by_id=item.prepared_by_id)
            for seq, (item, account) in enumerate(preview.rows, start=1))
    try:
        with transaction.atomic():
            for chunk in _chunks(rows, CHUNK):
                Payout.objects.bulk_create(chunk)
    except IntegrityError:
        raise Conflict("其中有款项刚被其他人编入发放批次，请刷新后重试。", code="payout.taken") from None
    audit.record(actor, "payout.batch_create", batch, org=org,
                 summary={"source": source.key, "count": preview.count, "total": str(preview.total),
                          "refused": len(preview.refused)})
    return batch, preview.refused


def _batch(actor, batch_id: int, roles, for_update=True) -> PayoutBatch:
    qs = PayoutBatch.objects.select_related("org", "created_by", "released_by", "layout")
    if for_update:
        qs = qs.select_for_update(of=("self",))
    batch = qs.filter(pk=batch_id).first()
    if batch is None or not scoping.covers(actor, batch.org):
        raise NotFound("未找到该发放批次，或您无权查看。")
    if not scoping.covers(actor, batch.org, roles=roles):
        raise Forbidden("这一步需要审批权限。", code="payout.approver_only")
    return batch


@transaction.atomic
def release_batch(*, actor, batch_id: int, confirm_count, confirm_total) -> PayoutBatch:
    """双人复核: neither the person who prepared the batch nor anyone who prepared its rows may release it."""
    batch = _batch(actor, batch_id, scoping.APPROVER_ROLES)
    if batch.status != PayoutBatch.Status.DRAFT:
        raise Conflict("该批次已经放行过了。", code="payout.released")
    require_other_hands(actor, prepared_by=batch.created_by_id, what="该发放批次", step="放行")
    makers = set(Payout.objects.filter(batch=batch).exclude(prepared_by=None)
                 .values_list("prepared_by", flat=True).distinct())
    require_other_hands(actor, prepared_by=makers, what="批次中部分款项（如慰问名单）", step="放行")
    _confirmed(batch.count, batch.total, confirm_count, confirm_total)
    batch.status, batch.released_by, batch.released_at = PayoutBatch.Status.RELEASED, actor, timezone.now()
    batch.save(update_fields=["status", "released_by", "released_at"])
    audit.record(actor, "payout.batch_release", batch, org=batch.org,
                 summary={"count": batch.count, "total": str(batch.total)})
    return batch


def bank_rows(batch: PayoutBatch) -> Iterator[bankfile.BankRow]:
    qs = (Payout.objects.filter(batch=batch).order_by("seq")
          .values_list("seq", "holder", "account_number", "bank_name", "branch", "amount", "purpose", "note"))
    for seq, holder, account, bank, branch, amount, purpose, note in qs.iterator(chunk_size=CHUNK):
        yield bankfile.BankRow(seq, holder, account, f"{bank}{branch}", amount, purpose, note)


@transaction.atomic
def export_batch(*, actor, batch_id: int, fmt: str) -> tuple[str, bytes, str]:
    """The bank file with full account numbers: released batches only, approvers only, audited as a reveal."""
    batch = _batch(actor, batch_id, scoping.UNMASK_ROLES)
    if batch.status == PayoutBatch.Status.DRAFT:
        raise Conflict("该批次尚未经第二人放行，不能导出银行文件。", code="payout.not_released")
    if fmt not in ("xlsx", "csv"):
        raise Invalid("文件格式只能是 xlsx 或 csv。", code="payout.format")
    columns = bankfile.check_layout(batch.layout.columns if batch.layout else bankfile.STANDARD_COLUMNS)
    rows = bank_rows(batch)
    if fmt == "xlsx":
        data = bankfile.xlsx_bytes(rows, columns, total=batch.total, count=batch.count)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        data, content_type = bankfile.csv_bytes(rows, columns), "text/csv; charset=utf-8"
    batch.exported_at, batch.export_count = batch.exported_at or timezone.now(), batch.export_count + 1
    batch.save(update_fields=["exported_at", "export_count"])
    audit.record(actor, "pii.reveal", batch, org=batch.org,
                 summary={"field": "bank_account", "rows": batch.count, "format": fmt})
    return f"代发-{batch.org.name}-批次{batch.pk}.{fmt}", data, content_type


def _without_account(rows: list[Payout]) -> list[int]:
    """Rows whose account is empty or not a valid card number: they can never have been paid by the bank."""
    bad = []
    for r in rows:
        if not (len(r.account_tail) == 4 and r.account_tail.isdigit()):
            bad.append(r.seq)
            continue
        if "account_number" not in r.__dict__:  # deferred (bank result import): the tail was checked
            continue
        try:
            check_card_number(r.account_number)
        except BankCardError:
            bad.append(r.seq)
    return bad


def _settle(actor, batch: PayoutBatch, rows: list[Payout], paid: bool, reason: str, now) -> None:
    source = sources.get(batch.source)
    ids = [r.pk for r in rows]
    if paid:
        bad = _without_account(rows)
        if bad:  # defence in depth: a batch takes only valid accounts, but a row must never be paid without one
            raise Conflict(f"序号 {'、'.join(map(str, bad[:20]))} 没有有效的收款账号，不能登记为已支付；"
                           "请登记为退票，待本人更正账户后重新发放。", code="payout.no_account")
        Payout.objects.filter(pk__in=ids).update(status=Payout.Status.PAID, settled_at=now, settled_by=actor)
        for chunk in _chunks([r.source_id for r in rows], CHUNK):
            source.on_paid(actor=actor, source_ids=chunk, when=now)
        return
    Payout.objects.filter(pk__in=ids).update(status=Payout.Status.RETURNED, settled_at=now, settled_by=actor,
                                             return_reason=reason[:200])
    for chunk in _chunks(rows, CHUNK):
        PayeeAccount.objects.filter(person_index__in={r.person_index for r in chunk}).update(
            needs_fix_since=now, needs_fix_reason=reason[:200])
        users = {u.pk: u for u in User.objects.filter(pk__in={r.user_id for r in chunk if r.user_id})}
        for r in chunk:
            notify(users.get(r.user_id), "payout.returned", "款项被银行退回，请更正收款账户",
                   f"{r.purpose} {r.amount:,.2f} 元被银行退回（{reason or r.return_reason}）。请在“我的 → 收款账户”"
                   "核对并更正账户，工会将在下一批次重新发放。", link=PAYEE_LINK)
    if source.on_returned:
        source.on_returned(actor=actor, source_ids=[r.source_id for r in rows], reason=reason)


def _finish(batch: PayoutBatch, now) -> None:
    if not Payout.objects.filter(batch=batch, status=Payout.Status.PENDING).exists():
        batch.status, batch.settled_at = PayoutBatch.Status.SETTLED, now
        batch.save(update_fields=["status", "settled_at"])


def _settleable(actor, batch_id) -> PayoutBatch:
    batch = _batch(actor, batch_id, scoping.APPROVER_ROLES)
    if batch.status == PayoutBatch.Status.DRAFT or batch.exported_at is None:
        raise Conflict("请先放行并导出银行文件，再登记银行处理结果。", code="payout.not_exported")
    return batch


@transaction.atomic
def mark_rows(*, actor, batch_id: int, row_ids: list[int], paid: bool, reason: str = "") -> PayoutBatch:
    """Mark rows by hand: paid, or returned (退票) with the bank's reason."""
    batch = _settleable(actor, batch_id)
    reason = (reason or "").strip()
    if not paid and not reason:
        raise Invalid("登记退票必须填写退票原因。", code="payout.reason_required")
    rows = list(Payout.objects.select_for_update().filter(batch=batch, pk__in=[int(i) for i in row_ids]))
    if not rows or len(rows) != len(set(row_ids)):
        raise NotFound("请选择本批次中的发放明细。")
    done = [r.seq for r in rows if r.status != Payout.Status.PENDING]
    if done:
        raise Conflict(f"序号 {'、'.join(map(str, done[:20]))} 已登记过结果。", code="payout.settled")
    now = timezone.now()
    _settle(actor, batch, rows, paid, reason, now)
    _finish(batch, now)
    audit.record(actor, "payout.rows_paid" if paid else "payout.rows_returned", batch, org=batch.org,
                 summary={"rows": [r.seq for r in rows][:200], "reason": reason})
    return batch


@dataclass
class ImportSummary:
    paid: int
    returned: int
    batch: PayoutBatch


@transaction.atomic
def import_results(*, actor, batch_id: int, upload) -> ImportSummary:
    """The bank's result file: every line is checked against the batch (序号, amount, account tail)
    before anything is recorded; one bad line refuses the whole file."""
    from niangjia.core.spreadsheets import ImportRejected, RowError

    batch = _settleable(actor, batch_id)
    if upload is None:
        raise Invalid("请选择银行返回的结果文件。", code="payout.result_file")
    lines = bankfile.read_results(upload)
    rows = {r.seq: r for r in Payout.objects.select_for_update().filter(batch=batch, status=Payout.Status.PENDING)
            .defer("account_number")}
    settled = set(Payout.objects.filter(batch=batch).exclude(status=Payout.Status.PENDING)
                  .values_list("seq", flat=True))
    errors, seen = [], set()
    for ln in lines:
        row = rows.get(ln.seq)
        if ln.seq in seen:
            errors.append(RowError(ln.line, f"序号 {ln.seq} 重复出现"))
        elif row is None:
            errors.append(RowError(ln.line, f"序号 {ln.seq} 已登记过结果" if ln.seq in settled
                                   else f"本批次没有序号 {ln.seq}"))
        elif ln.amount is not None and ln.amount != row.amount:
            errors.append(RowError(ln.line, f"序号 {ln.seq} 金额 {ln.amount} 与批次中的 {row.amount} 不一致"))
        elif ln.account_tail and ln.account_tail != row.account_tail:
            errors.append(RowError(ln.line, f"序号 {ln.seq} 账号与批次中的不一致"))
        seen.add(ln.seq)
    if errors:
        raise ImportRejected(errors)
    now = timezone.now()
    paid = [rows[ln.seq] for ln in lines if ln.paid]
    if paid:
        _settle(actor, batch, paid, True, "", now)
    by_reason: dict[str, list[Payout]] = {}
    for ln in lines:
        if not ln.paid:
            by_reason.setdefault(ln.reason, []).append(rows[ln.seq])
    for reason, returned in by_reason.items():
        _settle(actor, batch, returned, False, reason, now)
    _finish(batch, now)
    n_returned = sum(len(v) for v in by_reason.values())
    audit.record(actor, "payout.results_import", batch, org=batch.org,
                 summary={"paid": len(paid), "returned": n_returned})
    return ImportSummary(len(paid), n_returned, batch)


def totals_by_status(batch: PayoutBatch) -> dict[str, tuple[int, Decimal]]:
    from django.db.models import Count

    out = {s: (0, Decimal("0.00")) for s in Payout.Status.values}
    for r in Payout.objects.filter(batch=batch).values("status").annotate(n=Count("id"), s=Sum("amount")):
        out[r["status"]] = (r["n"], r["s"] or Decimal("0.00"))
    return out
