"""Dynamic monitoring: risk flags, alerts and visits."""

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone

from niangjia.core import audit, scoping
from niangjia.core.errors import Conflict, Invalid, NotFound
from niangjia.core.models import User
from niangjia.core.notifications import notify
from niangjia.relief import rules, selectors
from niangjia.relief.models import (
    HardshipFile,
    Household,
    RiskFlag,
    Visit,
)
from niangjia.relief.services.common import (
    _not_future,
    _save_photos,
    atomic_with_uploads,
    models_max,
    models_min,
)
from niangjia.relief.services.income import _clean, _store


@transaction.atomic
def raise_flag(*, actor, household_id: int, code: str, note: str = "") -> RiskFlag:
    household = selectors.access_household(actor=actor, household_id=household_id)
    if code not in RiskFlag.STAFF_RAISED:
        raise Invalid("工作人员只能标记感染、隔离、失业等事件。", code="relief.flag_code")
    try:
        with transaction.atomic():
            flag = RiskFlag.objects.create(household=household, org=household.org, code=code, raised_by=actor,
                                           note=note[:200])
    except IntegrityError:
        raise Conflict("该家庭已有同类预警。", code="relief.flag_exists") from None
    audit.record(actor, "relief.flag_raise", flag, org=household.org, summary={"code": code})
    _alert_helpers({household.pk: [code]})
    return flag


@transaction.atomic
def clear_flag(*, actor, flag_id: int, note: str = "") -> RiskFlag:
    flag = RiskFlag.objects.select_related("org").filter(pk=flag_id, active=True).first()
    if flag is None or not scoping.covers(actor, flag.org):
        raise NotFound("未找到该预警，或您无权操作。")
    flag.active, flag.cleared_at = False, timezone.now()
    flag.note = (flag.note + " / " + note)[:200] if note else flag.note
    flag.save(update_fields=["active", "cleared_at", "note"])
    audit.record(actor, "relief.flag_clear", flag, org=flag.org)
    return flag


def _alert_helpers(new_by_household: dict[int, list[str]]) -> int:
    """One message per helper summarising the new flags of the households they look after."""
    if not new_by_household:
        return 0
    helpers: dict[int, list[int]] = {}
    for hid, helper_id in (HardshipFile.objects.filter(household_id__in=list(new_by_household),
                                                       status__in=HardshipFile.OPEN, helper__isnull=False)
                           .values_list("household_id", "helper_id")):
        helpers.setdefault(helper_id, []).append(hid)
    users = User.objects.in_bulk(list(helpers))
    for helper_id, hids in helpers.items():
        codes = sorted({c for h in hids for c in new_by_household[h]})
        labels = "、".join(str(RiskFlag.Code(c).label) for c in codes)
        notify(users[helper_id], "relief.flag", f"您负责的 {len(hids)} 户出现新的监测预警",
               f"预警类型：{labels}。请尽快联系走访。", link="/relief/workbench/monitoring/")
    return len(helpers)


def recompute_flags(*, today: dt.date | None = None, chunk: int = 20_000) -> dict[str, int]:
    """Recompute every rule-based flag of §4 for all households, chunk by chunk (a few queries each)."""
    today = today or timezone.localdate()
    params = selectors.category_policy().params.get("monitoring", {})
    dibao = selectors.dibao_map(today.year)
    stats = {"raised": 0, "cleared": 0}
    rule_codes = ["borderline", "unstable_exit", "illness", "medical_cost", "exit_ready"]
    bounds = Household.objects.aggregate(lo=models_min("id"), hi=models_max("id"))
    lo = bounds["lo"]
    while lo is not None and lo <= bounds["hi"]:
        hi = lo + chunk
        facts = selectors.household_facts(lo, hi, today, dibao)
        wanted: dict[tuple[int, str], str] = {}
        for hid, (org_id, f) in facts.items():
            for code, reason in rules.risk_flags(f, params).items():
                wanted[(hid, code)] = (org_id, reason)
        # §1 脱困: propose the exit of an open file whose monthly records hold 6 months above dibao
        for hid, check in selectors.exit_checks(lo, hi, today, dibao).items():
            if check.holds and hid in facts:
                summary = next(line for line in check.lines if line.startswith("连续"))
                wanted[(hid, "exit_ready")] = (facts[hid][0], summary)
        with transaction.atomic():
            current = {(h, c): pk for pk, h, c in RiskFlag.objects.filter(
                household_id__gte=lo, household_id__lt=hi, active=True, code__in=rule_codes)
                .values_list("pk", "household_id", "code")}
            to_clear = [pk for key, pk in current.items() if key not in wanted]
            new = [RiskFlag(household_id=h, org_id=wanted[(h, c)][0], code=c, note=wanted[(h, c)][1][:200])
                   for (h, c) in wanted if (h, c) not in current]
            if to_clear:
                RiskFlag.objects.filter(pk__in=to_clear).update(active=False, cleared_at=timezone.now())
            RiskFlag.objects.bulk_create(new, batch_size=2000)
            by_household: dict[int, list[str]] = {}
            for f in new:
                by_household.setdefault(f.household_id, []).append(f.code)
            _alert_helpers(by_household)
        stats["raised"] += len(new)
        stats["cleared"] += len(to_clear)
        lo = hi
    selectors.snapshot_flags(today)
    return stats


@atomic_with_uploads
def record_visit(*, actor, household_id: int, on: dt.date, notes: str, next_visit_on: dt.date | None = None,
                 photos=None, income=None, rigid=None, people=None) -> Visit:
    """A home visit; with `income` (and `people`), the household's income of the visit's month is
    recorded too (月收入记录, read by the exit rule)."""
    household = selectors.access_household(actor=actor, household_id=household_id, for_update=True)
    _not_future(on, "走访日期")
    if next_visit_on and next_visit_on <= on:
        raise Invalid("下次走访日期应晚于本次走访日期。", code="relief.next_visit")
    if not notes.strip():
        raise Invalid("请填写走访情况。", code="relief.visit_notes")
    visit = Visit.objects.create(household=household, visitor=actor, on=on, notes=notes, next_visit_on=next_visit_on)
    attachments = _save_photos(actor, household.org, photos)
    if attachments:
        visit.photos.add(*attachments)
    if income not in (None, ""):
        month, amount, rigid_amount, n = _clean(on, income, rigid or "0", people, timezone.localdate())
        _store(actor, household, month, amount, rigid_amount, n, "visit", visit)
    if household.last_visit_on is None or on > household.last_visit_on:
        household.last_visit_on = on
        household.save(update_fields=["last_visit_on"])
    audit.record(actor, "relief.visit", visit, org=household.org)
    return visit
