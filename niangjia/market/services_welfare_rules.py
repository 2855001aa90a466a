"""Keeping the welfare-spending rules of policies.md §13 current from the workbench: admins of the union that owns a
region (a provincial federation for its province row and its cities' rows, a city federation for its own row) list,
create and edit them. Amounts through core.money, shares as percentages 0–100, dates checked. A version already
cited by a group order or a recorded purchase is never changed in place: saving it makes a new version and the old
row is kept, marked superseded (so every cited version can still be read back). Every write is audited."""

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from niangjia.core import audit
from niangjia.core.errors import Conflict, Invalid, NotFound
from niangjia.core.money import MoneyError, parse_yuan
from niangjia.market import rules_welfare as rw
from niangjia.market.models import GroupOrder, WelfareRule, WelfareSpend
from niangjia.market.selectors_welfare import label_of, may_edit, owned_prefixes

MONEY_FIELDS = {"festival_cap": "节日慰问品每人每年上限", "birthday_cap": "生日慰问上限",
                "poverty_extra": "消费扶贫另计额度", "poverty_per_worker_min": "每名职工每年扶贫采购额"}
OCCASION_KEYS = (*rw.FESTIVALS, "*")
FIELDS = ("region_name", "version", "source", "effective_from", "festival_cap", "occasion_caps",
          "allowed_festivals", "birthday_cap", "event_caps", "poverty_extra", "poverty_share_min",
          "poverty_per_worker_min", "enforcement")


def is_used(row: WelfareRule) -> bool:
    label = label_of(row)
    cited = Q(rule_version=label) | Q(rule_version__startswith=f"{label} + ") | Q(rule_version__endswith=f" + {label}")
    return GroupOrder.objects.filter(cited).exists() or WelfareSpend.objects.filter(cited).exists()


def _money(value, label: str) -> Decimal | None:
    if value is None or str(value).strip() == "":
        return None
    try:
        return parse_yuan(value, label, maximum=Decimal("1000000"))
    except MoneyError as exc:
        raise Invalid(str(exc), code="market.rule_amount") from None


def _percent(value) -> Decimal | None:
    """"30" → 0.300; "33.3" → 0.333. Empty = no share rule."""
    if value is None or str(value).strip() == "":
        return None
    try:
        pct = Decimal(str(value).strip())
    except InvalidOperation:
        raise Invalid("扶贫采购比例应为 0 到 100 之间的数字（百分比）。", code="market.rule_share") from None
    if not pct.is_finite() or not Decimal(0) < pct <= Decimal(100):
        raise Invalid("扶贫采购比例应大于 0、不超过 100（百分比；没有比例要求请留空）。", code="market.rule_share")
    if pct != pct.quantize(Decimal("0.1")):
        raise Invalid("扶贫采购比例最多保留一位小数。", code="market.rule_share")
    return (pct / 100).quantize(Decimal("0.001"))


def clean(data: dict, *, year: int) -> dict:
    """Validate the form's rule data into model values, or Invalid with a Chinese reason (nothing written)."""
    out: dict = {}
    for key, label, limit in (("region_name", "地区名称", 30), ("version", "版本号", 40), ("source", "依据文件", 200)):
        value = (data.get(key) or "").strip()
        if not value:
            raise Invalid(f"请填写{label}。", code="market.rule_text")
        if len(value) > limit:
            raise Invalid(f"{label}不能超过 {limit} 个字。", code="market.rule_text")
        out[key] = value
    if "+" in out["version"]:
        raise Invalid("版本号不能含有“+”（它用来连接省、市两级的版本）。", code="market.rule_text")
    raw_date = (data.get("effective_from") or "").strip()
    out["effective_from"] = None
    if raw_date:
        try:
            out["effective_from"] = dt.date.fromisoformat(raw_date)
        except ValueError:
            raise Invalid("施行日期应为日期，如 2026-01-01。", code="market.rule_date") from None
        if out["effective_from"].year not in (year - 1, year):
            raise Invalid(f"施行日期应在 {year} 年或前一年内。", code="market.rule_date")
    for key, label in MONEY_FIELDS.items():
        out[key] = _money(data.get(key), label)
    out["occasion_caps"] = {}
    for key in OCCASION_KEYS:
        amount = _money(data.get(f"occasion_{key}"), "单个节日上限")
        if amount is not None:
            out["occasion_caps"][key] = f"{amount:.2f}"
    out["event_caps"] = {}
    for key in rw.EVENTS:
        amount = _money(data.get(f"event_{key}"), f"{rw.EVENT_NAMES[key]}慰问上限")
        if amount is not None:
            out["event_caps"][key] = f"{amount:.2f}"
    festivals = [f for f in (data.get("allowed_festivals") or []) if f]
    unknown = [f for f in festivals if f not in rw.FESTIVALS]
    if unknown:
        raise Invalid("允许发放慰问品的节日只能从全总规定的七个节日中选择。", code="market.rule_festivals")
    out["allowed_festivals"] = [f for f in rw.FESTIVALS if f in festivals]
    out["poverty_share_min"] = _percent(data.get("poverty_share_pct"))
    if data.get("enforcement") not in WelfareRule.Enforcement.values:
        raise Invalid("请选择超出上限时的处理方式。", code="market.rule_enforcement")
    out["enforcement"] = data["enforcement"]
    if all(out[k] in (None, {}, []) for k in ("festival_cap", "occasion_caps", "birthday_cap", "event_caps",
                                               "poverty_extra", "poverty_share_min", "poverty_per_worker_min")):
        raise Invalid("请至少填写一项上限或扶贫采购要求。", code="market.rule_empty")
    return out


def _year(value) -> int:
    try:
        year = int(str(value).strip())
    except (TypeError, ValueError):
        raise Invalid("年度应为四位数字，如 2026。", code="market.rule_year") from None
    if not 2000 <= year <= 2100:
        raise Invalid("年度应在 2000 到 2100 之间。", code="market.rule_year")
    return year


def _region(actor, value) -> str:
    region = (value or "").strip()
    if not (region.isdigit() and len(region) in (2, 4)):
        raise Invalid("地区代码应为省级 2 位或市级 4 位数字（行政区划代码的前几位）。", code="market.rule_region")
    if not may_edit(actor, region):
        raise NotFound("您不是该地区所属工会的管理员，不能维护它的规则。")
    return region


def _snapshot(row: WelfareRule) -> dict:
    return {k: (str(v) if isinstance(v, Decimal | dt.date) else v) for k, v in
            ((f, getattr(row, f)) for f in FIELDS)}


def _audit_org(actor, region: str):
    owners = [org for prefix, org in owned_prefixes(actor) if region.startswith(prefix)]
    return owners[0] if owners else None


@transaction.atomic
def create_rule(*, actor, region: str, year, data: dict) -> WelfareRule:
    """A rule for a region and a year that has none yet (a later year of an existing rule included)."""
    region, year = _region(actor, region), _year(year)
    values = clean(data, year=year)
    if WelfareRule.objects.filter(region=region, year=year, superseded_at__isnull=True).exists():
        raise Conflict(f"{values['region_name']} {year} 年已有规则，请在该规则上修改或另立新版本。",
                       code="market.rule_exists")
    try:
        with transaction.atomic():  # a concurrent create of the same region and year meets the unique constraint
            row = WelfareRule.objects.create(region=region, year=year, created_by=actor, **values)
    except IntegrityError:
        raise Conflict(f"{values['region_name']} {year} 年已有规则，请刷新后在该规则上修改。", code="market.rule_exists") from None
    audit.record(actor, "market.welfare_rule_create", row, org=_audit_org(actor, region),
                 summary={"after": _snapshot(row)})
    return row


@transaction.atomic
def save_rule(*, actor, rule_id: int, data: dict) -> tuple[WelfareRule, bool]:
    """Edit the rule in force: in place while no order or purchase cites it; otherwise as a new version (the
    version number must change), the old row kept and marked superseded. Returns (row, new_version_made)."""
    old = WelfareRule.objects.select_for_update().filter(pk=rule_id, superseded_at__isnull=True).first()
    if old is None or not may_edit(actor, old.region):
        raise NotFound("未找到该规则，或您无权维护它。")
    values = clean(data, year=old.year)
    before = _snapshot(old)
    if not is_used(old):
        for key, value in values.items():
            setattr(old, key, value)
        try:
            with transaction.atomic():
                old.save()
        except IntegrityError:
            raise Conflict("该地区该年度已有同一版本号，请换一个版本号。", code="market.rule_version") from None
        audit.record(actor, "market.welfare_rule_edit", old, org=_audit_org(actor, old.region),
                     summary={"before": before, "after": _snapshot(old)})
        return old, False
    if values["version"] == old.version or WelfareRule.objects.filter(
            region=old.region, year=old.year, version=values["version"]).exists():
        raise Conflict(f"版本「{label_of(old)}」已被团购单或福利采购登记引用，不能原地修改；请填写新的版本号，"
                       "保存后将作为新版本生效。", code="market.rule_version_used")
    old.superseded_at = timezone.now()
    old.save(update_fields=["superseded_at"])
    try:
        with transaction.atomic():
            row = WelfareRule.objects.create(region=old.region, year=old.year, created_by=actor, **values)
    except IntegrityError:
        raise Conflict("该地区该年度已有同一版本号，请换一个版本号。", code="market.rule_version") from None
    audit.record(actor, "market.welfare_rule_version", row, org=_audit_org(actor, row.region),
                 summary={"replaces": label_of(old), "before": before, "after": _snapshot(row)})
    return row, True
