"""Per-region wage parameters (最低工资标准, 工资指导线 下线/基准线/上线, the share of workers whose request obliges a
proposal), entered by an admin of the owning federation. Versioned: a save never changes a row, it adds the next
version (a unique constraint; the owning org's row is locked while the number is taken) and the audit keeps what
changed. Amounts through core.money."""

from decimal import Decimal

from django.db import transaction
from django.db.models import Max

from niangjia.bargaining import rules
from niangjia.bargaining.models import RegionWageParams
from niangjia.core import audit, scoping
from niangjia.core.errors import Invalid, NotFound
from niangjia.core.models import Org
from niangjia.core.money import MoneyError, parse_yuan

__all__ = ["save_region_params"]

MAX_MINIMUM_WAGE = Decimal("100000")


def _pct(value, field: str) -> Decimal:
    from niangjia.bargaining.services import parse_pct

    number = parse_pct(value, field=field)
    if number is None:
        raise Invalid(f"请填写{field}。", code="bargaining.pct")
    return number


@transaction.atomic
def save_region_params(*, actor, org_id: int, year: int, minimum_wage, lower_pct, base_pct, upper_pct,
                       ask_denominator: int = rules.DEFAULT_ASK_DENOMINATOR, source: str = "") -> RegionWageParams:
    org = Org.objects.select_for_update().filter(pk=org_id).first()
    if org is None or not scoping.covers(actor, org, roles=scoping.ADMIN_ROLES):
        raise NotFound("未找到这个工会，或您不是它的管理员。")
    if isinstance(year, bool) or not isinstance(year, int) or not (2000 <= year <= 2100):
        raise Invalid("请填写正确的年度。", code="bargaining.year")
    try:
        wage = parse_yuan(minimum_wage, "最低工资标准", maximum=MAX_MINIMUM_WAGE)
    except MoneyError as exc:
        raise Invalid(str(exc), code="bargaining.minimum_wage") from None
    params = rules.RegionParams(minimum_wage=wage, lower_pct=_pct(lower_pct, "工资指导线下线"),
                                base_pct=_pct(base_pct, "工资指导线基准线"), upper_pct=_pct(upper_pct, "工资指导线上线"))
    if isinstance(ask_denominator, bool) or not isinstance(ask_denominator, int):
        raise Invalid("职工要求协商的比例应为二分之一到十分之一之间。", code="bargaining.ask_share")
    problems = rules.region_params_problems(params, ask_denominator)
    source = (source or "").strip()
    if len(source) > 200:
        problems.append("依据文件不能超过 200 字。")
    if problems:
        raise Invalid("".join(problems), code="bargaining.region_params", details={"problems": problems})
    previous = RegionWageParams.objects.filter(org=org, year=year).order_by("-version").first()
    version = (RegionWageParams.objects.filter(org=org, year=year).aggregate(v=Max("version"))["v"] or 0) + 1
    row = RegionWageParams.objects.create(
        org=org, year=year, version=version, minimum_wage=wage, guideline_lower_pct=params.lower_pct,
        guideline_base_pct=params.base_pct, guideline_upper_pct=params.upper_pct, ask_denominator=ask_denominator,
        source=source, created_by=actor)
    fields = ("minimum_wage", "guideline_lower_pct", "guideline_base_pct", "guideline_upper_pct", "ask_denominator")
    audit.record(actor, "bargaining.region_params", row, org=org, summary={
        "year": year, "version": version,
        "changes": {f: [None if previous is None else str(getattr(previous, f)), str(getattr(row, f))]
                    for f in fields if previous is None or getattr(previous, f) != getattr(row, f)}})
    return row
