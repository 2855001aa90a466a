"""Welfare-spending compliance (policies.md §13): the rule in force for a union, the check when a group order is
placed, welfare purchases made outside the market, the gauge and the year-end report."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.db.models import DecimalField, ExpressionWrapper, F, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from niangjia.core import audit, scoping, selectors
from niangjia.core.errors import Invalid
from niangjia.core.models import Member
from niangjia.core.money import MoneyError, parse_yuan
from niangjia.market import rules_welfare as rw
from niangjia.market.models import GroupOrder, GroupOrderLine, Occasion, WelfareRule, WelfareSpend

NOT_FESTIVAL = [Occasion.BIRTHDAY, *rw.EVENTS]  # kept out of the festival totals
LINE_AMOUNT = ExpressionWrapper(F("unit_price") * Coalesce("allocated", "quantity"),
                                output_field=DecimalField(max_digits=14, decimal_places=2))


def _as_rule(row: WelfareRule | None) -> rw.Rule | None:
    if row is None:
        return None
    return rw.Rule(region=row.region, version=f"{row.region_name} {row.year} {row.version}",
                   festival_cap=row.festival_cap, occasion_caps=dict(row.occasion_caps or {}),
                   allowed_festivals=tuple(row.allowed_festivals or ()), birthday_cap=row.birthday_cap,
                   event_caps={k: Decimal(str(v)) for k, v in (row.event_caps or {}).items()},
                   poverty_extra=row.poverty_extra, poverty_share_min=row.poverty_share_min,
                   poverty_per_worker_min=row.poverty_per_worker_min, enforcement=row.enforcement)


def rule_for(region_code: str, year: int) -> rw.Rule | None:
    """The province row and the city row (if any) in force in `year`: each the latest year not after it."""
    def latest(prefix: str):
        return (WelfareRule.objects.filter(region=prefix, year__lte=year, superseded_at__isnull=True)
                .order_by("-year").first())

    return rw.merge(_as_rule(latest(region_code[:2])), _as_rule(latest(region_code[:4])))


def _member_spent(member_ids, year: int, *, birthday: bool, occasion: str | None = None,
                  exclude_order: int | None = None) -> dict:
    qs = GroupOrderLine.objects.filter(member_id__in=member_ids, order__status=GroupOrder.Status.PLACED,
                                       order__placed_at__year=year)
    qs = qs.filter(order__occasion=Occasion.BIRTHDAY) if birthday else qs.exclude(order__occasion__in=NOT_FESTIVAL)
    if occasion:
        qs = qs.filter(order__occasion=occasion)
    if exclude_order:
        qs = qs.exclude(order_id=exclude_order)
    return {r["member_id"]: r["s"] for r in qs.values("member_id").annotate(s=Sum(LINE_AMOUNT))}


def _other_per_head(org, year: int, occasion: str | None = None) -> Decimal:
    """Welfare goods bought outside the market, spread over the union's active members."""
    qs = WelfareSpend.objects.filter(org=org, year=year).exclude(occasion__in=NOT_FESTIVAL)
    if occasion:
        qs = qs.filter(occasion=occasion)
    total = qs.aggregate(s=Sum("amount"))["s"] or Decimal(0)
    heads = Member.objects.filter(org__path__startswith=org.path, status=Member.Status.ACTIVE).count()
    return (total / heads).quantize(Decimal("0.01")) if heads and total else Decimal(0)


@dataclass
class Verdict:
    version: str = ""
    flags: list = field(default_factory=list)


def check_group_order(order: GroupOrder, lines: list[GroupOrderLine]) -> Verdict:
    """Refuse (Invalid, with the reason and the rule version) or flag a group order that breaks a cap."""
    year = timezone.localdate().year
    rule = rule_for(order.org.region_code, year)
    if rule is None:
        return Verdict(version="")
    new: dict[int, Decimal] = defaultdict(Decimal)
    for ln in lines:
        new[ln.member_id] += ln.unit_price * ln.quantity
    birthday = order.occasion == Occasion.BIRTHDAY
    ids = list(new)
    spent_year = _member_spent(ids, year, birthday=birthday, exclude_order=order.pk)
    spent_occ = _member_spent(ids, year, birthday=birthday, occasion=order.occasion, exclude_order=order.pk)
    if not birthday:
        per_head, per_head_occ = _other_per_head(order.org, year), _other_per_head(order.org, year, order.occasion)
        spent_year = {m: spent_year.get(m, Decimal(0)) + per_head for m in ids}
        spent_occ = {m: spent_occ.get(m, Decimal(0)) + per_head_occ for m in ids}
    breaches = rw.check_order(rule, occasion=order.occasion, new=dict(new), spent_year=spent_year,
                              spent_occasion=spent_occ, poverty=True)
    if not breaches:
        return Verdict(version=rule.version)
    names = dict(Member.objects.filter(pk__in=[b.member for b in breaches if b.member]).values_list("pk", "name"))
    flags = [{"code": b.code, "message": b.message, "member": names.get(b.member, "")} for b in breaches]
    if rule.enforcement == WelfareRule.Enforcement.REFUSE:
        who = "、".join(f["member"] for f in flags[:5] if f["member"])
        more = f" 等 {len(flags)} 人" if len(flags) > 5 else ""
        raise Invalid(f"{breaches[0].message}{('涉及：' + who + more) if who else ''}（依据：{rule.version}）",
                      code=breaches[0].code, details={"rule_version": rule.version, "breaches": flags[:50]})
    return Verdict(version=rule.version, flags=flags[:200])


def _check_event_spend(org, year: int, occasion: str, value: Decimal) -> tuple[str, list]:
    """A life-event gift recorded outside the market is one member's gift for one event: checked against the event
    cap, refused or kept with a flag as the rule says. Festival purchases are union totals, checked on the gauge."""
    rule = rule_for(org.region_code, year)
    if rule is None:
        return "", []
    if occasion not in rw.EVENTS:
        return rule.version, []
    breaches = rw.check_order(rule, occasion=occasion, new={None: value}, spent_year={}, spent_occasion={})
    if breaches and rule.enforcement == WelfareRule.Enforcement.REFUSE:
        raise Invalid(f"{breaches[0].message}（依据：{rule.version}）", code=breaches[0].code,
                      details={"rule_version": rule.version})
    return rule.version, [{"code": b.code, "message": b.message} for b in breaches]


@transaction.atomic
def record_spend(*, actor, org_id: int, year: int, occasion: str, kind: str, amount, certified: bool,
                 supplier_name: str, supplier_county: str = "") -> WelfareSpend:
    """A welfare purchase outside the market. Cash and shopping cards are refused (全总 2014)."""
    org = selectors.access_org_by_id(actor=actor, org_id=org_id)
    if kind != WelfareSpend.Kind.GOODS:
        raise Invalid("工会福利不得发放现金或购物卡（全总 2014 年通知）。", code="welfare.no_cash")
    if occasion not in Occasion.values:
        raise Invalid("请选择慰问的节日或事由。", code="market.occasion")
    try:
        value = parse_yuan(amount, "金额")
    except MoneyError as exc:
        raise Invalid(str(exc), code="market.amount") from None
    if value <= 0:
        raise Invalid("金额必须大于 0。", code="market.amount")
    if not (supplier_name or "").strip():
        raise Invalid("请填写供应商。", code="market.supplier")
    version, flags = _check_event_spend(org, year, occasion, value)
    spend = WelfareSpend.objects.create(org=org, year=year, occasion=occasion, kind=kind, amount=value,
                                        certified=certified, supplier_name=supplier_name.strip()[:120],
                                        supplier_county=(supplier_county or "").strip()[:60], created_by=actor,
                                        rule_version=version, flags=flags)
    audit.record(actor, "market.welfare_spend", spend, org=org, summary={"amount": f"{value:.2f}"})
    return spend


def _market_lines(org, year: int):
    return GroupOrderLine.objects.filter(order__org__path__startswith=org.path, order__status=GroupOrder.Status.PLACED,
                                         order__placed_at__year=year)


def gauge_for(*, actor, org_id: int, year: int) -> dict:
    """Welfare purchases of one union (its subtree) in one year against the rule in force."""
    org = selectors.access_org_by_id(actor=actor, org_id=org_id)
    lines = _market_lines(org, year)
    market = lines.aggregate(s=Sum(LINE_AMOUNT))["s"] or Decimal(0)
    spends = WelfareSpend.objects.filter(org__path__startswith=org.path, year=year)
    other = spends.aggregate(s=Sum("amount"))["s"] or Decimal(0)
    other_cert = spends.filter(certified=True).aggregate(s=Sum("amount"))["s"] or Decimal(0)
    workers = Member.objects.filter(org__path__startswith=org.path, status=Member.Status.ACTIVE).count()
    per_member = (lines.exclude(order__occasion__in=NOT_FESTIVAL).values("member_id")
                  .annotate(s=Sum(LINE_AMOUNT)).order_by("-s").values_list("s", flat=True)[:1])
    top = (per_member[0] if per_member else Decimal(0)) + _other_per_head(org, year)
    rule = rule_for(org.region_code, year)
    birthday_top = (lines.filter(order__occasion=Occasion.BIRTHDAY).values("member_id").annotate(s=Sum(LINE_AMOUNT))
                    .order_by("-s").values_list("s", flat=True)[:1])
    birthday_room = (max(Decimal(0), rule.birthday_cap - (birthday_top[0] if birthday_top else Decimal(0)))
                     if rule and rule.birthday_cap is not None else None)
    g = rw.gauge(rule, total=market + other, certified=market + other_cert, workers=workers, max_member_spent=top)
    return {"org": org, "year": year, "rule": rule, "gauge": g, "market": market, "other": other,
            "other_certified": other_cert, "workers": workers, "birthday_room": birthday_room}


def report_rows(*, actor, org_id: int, year: int) -> list[dict]:
    """Year-end totals by supplier county (market purchases and recorded ones), for the finance committee."""
    org = selectors.access_org_by_id(actor=actor, org_id=org_id)
    rows: dict[tuple, dict] = {}
    for r in (_market_lines(org, year).values("item__product__supplier__county", "item__product__supplier__name")
              .annotate(s=Sum(LINE_AMOUNT), n=Sum(Coalesce("allocated", "quantity")))):
        key = (r["item__product__supplier__county"], r["item__product__supplier__name"], True)
        rows[key] = {"county": key[0], "supplier": key[1], "certified": True, "amount": r["s"], "units": r["n"]}
    for r in (WelfareSpend.objects.filter(org__path__startswith=org.path, year=year)
              .values("supplier_county", "supplier_name", "certified").annotate(s=Sum("amount"))):
        key = (r["supplier_county"], r["supplier_name"], r["certified"])
        row = rows.setdefault(key, {"county": key[0], "supplier": key[1], "certified": key[2],
                                    "amount": Decimal(0), "units": None})
        row["amount"] += r["s"]
    return sorted(rows.values(), key=lambda r: (r["county"] or "", r["supplier"]))


def audit_report(actor, org, year: int, fmt: str) -> None:
    audit.record(actor, "market.welfare_report", None, org=org, summary={"year": year, "format": fmt})


def may_view(actor, org) -> bool:
    return scoping.covers(actor, org)
