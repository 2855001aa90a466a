"""One household per head: merging the household records one person holds twice, with their ledgers.

Before the constraint (migration 0005) one head could hold several household records, each with its own
yearly caps — the audit paid 100,000 of kind A in one year that way. An admin merges such a group into
one household: every file, application, ledger row, year total, visit, flag, income record and evidence
file moves to the household kept; the other is marked `merged_into` and keeps only its member list.
"""

from django.db import transaction
from django.db.models import Q

from niangjia.core import audit, scoping
from niangjia.core.errors import Conflict, Forbidden, Invalid, NotFound
from niangjia.relief import rules
from niangjia.relief.models import (
    Application,
    Disbursement,
    FileApplication,
    FileStatusChange,
    HardshipFile,
    Household,
    HouseholdYearTotal,
    IncomeRecord,
    RiskFlag,
    Visit,
)


@transaction.atomic
def merge_households(*, actor, keep_id: int, merge_id: int, reason: str) -> dict:
    """Merge household `merge_id` into `keep_id` (same head: the same ID-number blind index). Admins whose
    scope covers both. Returns what moved and any year whose merged total is above its cap."""
    reason = (reason or "").strip()
    if keep_id == merge_id:
        raise Invalid("请选择两户不同的家庭。", code="relief.merge_same")
    rows = {h.pk: h for h in Household.objects.select_for_update(of=("self",)).select_related("org", "head")
            .filter(pk__in=[keep_id, merge_id]).order_by("pk")}
    keep, other = rows.get(keep_id), rows.get(merge_id)
    if keep is None or other is None or not all(scoping.covers(actor, h.org) for h in (keep, other)):
        raise NotFound("未找到该家庭，或您无权操作。")
    if not all(scoping.covers(actor, h.org, roles=scoping.ADMIN_ROLES) for h in (keep, other)):
        raise Forbidden("合并重复家庭档案须由管理范围覆盖两户的管理员办理。", code="relief.merge_admin_only")
    if keep.merged_into_id or other.merged_into_id:
        raise Conflict("其中一户已经合并过。", code="relief.merge_done")
    index = keep.head.id_index if keep.head_id else ""
    if not index or not other.head_id or other.head.id_index != index:
        raise Invalid("两户的户主不是同一人（身份证号不同），不能合并。", code="relief.merge_not_same_head")
    if not reason:
        raise Invalid("合并必须填写原因。", code="relief.reason_required")
    pending = Q(stage__in=["approved", "rejected"])
    if (FileApplication.objects.filter(household=keep).exclude(pending).exists()
            and FileApplication.objects.filter(household=other).exclude(pending).exists()):
        raise Conflict("两户都有正在办理的建档申请，请先办结其中一份再合并。", code="relief.merge_pending")

    moved: dict[str, int] = {}
    # files: at most one open file per household — the other household's open file is closed as merged
    keep_open = keep.files.filter(status__in=HardshipFile.OPEN).first()
    for f in HardshipFile.objects.filter(household=other, status__in=HardshipFile.OPEN):
        if keep_open is not None:
            FileStatusChange.objects.create(file=f, from_status=f.status, to_status="merged", on=_today(),
                                            reason=f"并入家庭 #{keep.pk}（{reason[:100]}）", actor=actor)
            f.status = "merged"
            f.save(update_fields=["status"])
    moved["files"] = HardshipFile.objects.filter(household=other).update(household=keep)
    moved["file_applications"] = FileApplication.objects.filter(household=other).update(household=keep)
    moved["applications"] = Application.objects.filter(household=other).update(household=keep)
    # ledger: rows move as they are (append-only rows are re-keyed, never edited); a campaign that paid
    # both records cannot hold two rows for one household, so such a row stays and is reported
    double = list(Disbursement.objects.filter(household=other, campaign__isnull=False,
                                              campaign__in=Disbursement.objects.filter(household=keep)
                                              .values("campaign")).values_list("pk", flat=True))
    moved["disbursements"] = Disbursement.objects.filter(household=other).exclude(pk__in=double).update(
        household=keep)
    over_cap = _merge_year_totals(keep, other)
    moved["visits"] = Visit.objects.filter(household=other).update(household=keep)
    keep_codes = set(RiskFlag.objects.filter(household=keep, active=True).values_list("code", flat=True))
    RiskFlag.objects.filter(household=other, active=True, code__in=keep_codes).update(active=False)
    moved["flags"] = RiskFlag.objects.filter(household=other).update(household=keep)
    keep_months = set(IncomeRecord.objects.filter(household=keep).values_list("month", flat=True))
    moved["income_records"] = (IncomeRecord.objects.filter(household=other).exclude(month__in=keep_months)
                               .update(household=keep))
    keep.evidence.add(*other.evidence.all())
    # the head's index passes to the household kept (the other may have been the one holding it)
    Household.objects.filter(pk=other.pk).update(merged_into=keep, head_id_index="")
    Household.objects.filter(pk=keep.pk).update(head_id_index=index)
    summary = {"merged": other.pk, "reason": reason[:200], **moved, "double_campaign_rows": double,
               "over_cap": over_cap}
    audit.record(actor, "relief.household_merge", keep, org=keep.org, summary=summary)
    return summary


def _today():
    from django.utils import timezone

    return timezone.localdate()


def _merge_year_totals(keep: Household, other: Household) -> list[str]:
    """Add the other household's year totals to the kept household's (locked). A merged total above the
    cap raises the stored cap to the total (the CHECK total ≤ cap holds, no remainder is left) and is
    reported so that the overpayment can be recovered."""
    over = []
    for row in HouseholdYearTotal.objects.select_for_update().filter(household=other).order_by("pk"):
        HouseholdYearTotal.objects.bulk_create(
            [HouseholdYearTotal(household=keep, year=row.year, cap_key=row.cap_key, total=0, cap=row.cap)],
            ignore_conflicts=True)
        total = HouseholdYearTotal.objects.select_for_update().get(household=keep, year=row.year,
                                                                    cap_key=row.cap_key)
        cap = max(total.cap, row.cap)
        total.total = total.total + row.total
        if total.total > cap:
            over.append(f"{row.year} 年{rules.KIND_LABELS.get(row.cap_key, row.cap_key)}合计 {rules.yuan(total.total)} 元，"
                        f"超过上限 {rules.yuan(cap)} 元")
            cap = total.total
        total.cap = cap
        total.save(update_fields=["total", "cap"])
        row.delete()
    return over
