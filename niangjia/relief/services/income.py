"""Monthly income records (月收入记录) and the exit rule (§1 脱困) they feed."""

import datetime as dt
import re

from django.db import IntegrityError, transaction
from django.utils import timezone

from niangjia.core import audit
from niangjia.core.errors import Conflict, Invalid
from niangjia.relief import selectors
from niangjia.relief.models import IncomeRecord
from niangjia.relief.services.common import to_money


def _month(value) -> dt.date:
    """'2026-11', '2026/11', '2026-11-15' or a date → the first day of that month."""
    if isinstance(value, dt.date):
        return value.replace(day=1)
    m = re.fullmatch(r"\s*(\d{4})\s*[-/年.]\s*(\d{1,2})\s*(?:[-/.]\s*\d{1,2})?\s*月?\s*", str(value or ""))
    if not m or not 1 <= int(m.group(2)) <= 12:
        raise Invalid("月份格式不正确，应为 YYYY-MM，例如 2026-11。", code="relief.income_month")
    return dt.date(int(m.group(1)), int(m.group(2)), 1)


def _clean(month, income, rigid, people, today: dt.date) -> tuple[dt.date, object, object, int]:
    month = _month(month)
    if month > today.replace(day=1):
        raise Invalid("收入月份不能晚于本月。", code="relief.income_month")
    if month.year < 2000:
        raise Invalid("收入月份不正确。", code="relief.income_month")
    income = to_money(income, "家庭月收入")
    rigid = to_money(rigid or "0", "当月刚性支出")
    try:
        people = int(str(people).strip())
    except (TypeError, ValueError):
        raise Invalid("共同生活人数应为 1 到 30 的整数。", code="relief.income_people") from None
    if not 1 <= people <= 30:
        raise Invalid("共同生活人数应为 1 到 30 的整数。", code="relief.income_people")
    return month, income, rigid, people


def _store(actor, household, month, income, rigid, people, source, visit=None) -> IncomeRecord:
    """Insert or correct the record of that month (one per household and month; the old values are
    kept in the audit event)."""
    old = IncomeRecord.objects.select_for_update().filter(household=household, month=month).first()
    try:
        with transaction.atomic():
            row, _created = IncomeRecord.objects.update_or_create(
                household=household, month=month,
                defaults={"income": income, "rigid": rigid, "people": people, "source": source, "visit": visit,
                          "recorded_by": actor})
    except IntegrityError:  # another visit recorded the same month at the same moment
        raise Conflict("该月收入刚刚已由他人录入，请刷新后核对。", code="relief.income_conflict") from None
    summary = {"month": month.isoformat()[:7], "income": str(income), "rigid": str(rigid), "people": people,
               "source": source}
    if old is not None:
        summary["replaced"] = {"income": str(old.income), "rigid": str(old.rigid), "people": old.people}
    audit.record(actor, "relief.income_record", row, org=household.org, summary=summary)
    return row


@transaction.atomic
def record_income(*, actor, household_id: int, month, income, rigid="0", people, visit=None) -> IncomeRecord:
    """The helper enters the household's income of a month (usually at a visit)."""
    household = selectors.access_household(actor=actor, household_id=household_id, for_update=True)
    month, income, rigid, people = _clean(month, income, rigid, people, timezone.localdate())
    return _store(actor, household, month, income, rigid, people, IncomeRecord.Source.VISIT, visit)


INCOME_HEADERS = ["家庭编号", "月份", "家庭月收入", "当月刚性支出", "共同生活人数"]


@transaction.atomic
def import_income_records(*, actor, upload) -> int:
    """Monthly income records from .xlsx. Every row is checked (household in scope, month, amounts, people,
    one row per household and month); one bad row refuses the whole file and nothing is written."""
    from niangjia.core.spreadsheets import ImportRejected, RowError, read_rows

    rows = read_rows(upload, INCOME_HEADERS, required=["家庭编号", "月份", "家庭月收入", "共同生活人数"])
    ids = {int(r["家庭编号"]) for _line, r in rows if (r.get("家庭编号") or "").strip().isdigit()}
    households = {h.pk: h for h in selectors.households_visible_to(actor=actor).filter(pk__in=ids)}
    today = timezone.localdate()
    errors, ready, seen = [], [], {}
    for line, r in rows:
        try:
            raw = (r.get("家庭编号") or "").strip()
            household = households.get(int(raw)) if raw.isdigit() else None
            if household is None:
                raise Invalid(f"家庭编号“{raw}”不存在或不在您的管理范围内")
            month, income, rigid, people = _clean(r.get("月份"), r.get("家庭月收入"), r.get("当月刚性支出") or "0",
                                                  r.get("共同生活人数"), today)
            key = (household.pk, month)
            if key in seen:
                raise Invalid(f"与第 {seen[key]} 行重复（同一家庭同一月份只能有一行）")
            seen[key] = line
            ready.append((household, month, income, rigid, people))
        except Invalid as exc:
            errors.append(RowError(line, exc.message))
    if errors:
        raise ImportRejected(errors)
    for household, month, income, rigid, people in ready:
        _store(actor, household, month, income, rigid, people, IncomeRecord.Source.IMPORT)
    return len(ready)
