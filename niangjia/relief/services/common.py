"""Helpers shared by the relief use cases: money parsing, rule errors, scope, uploads."""

import datetime as dt
from decimal import Decimal

from django.db.models import Max, Min
from django.utils import timezone

from niangjia.core import scoping
from niangjia.core.errors import Invalid, NotFound
from niangjia.core.models import Attachment, Org
from niangjia.core.money import MoneyError, parse_yuan
from niangjia.core.services.uploads import atomic_with_uploads, check_uploads, store_uploads  # noqa: F401
from niangjia.relief import rules

MAX_AMOUNT = Decimal("10000000")


TEMPORARY = set(rules.TEMPORARY_KINDS)


CATEGORY = {"living", "education"}


def to_money(value, label: str, *, allow_zero: bool = True) -> Decimal:
    """One amount through core.money (so 1e309, 1,000, full-width digits, NaN … are refused in Chinese)."""
    try:
        v = parse_yuan(value, label, maximum=MAX_AMOUNT)
    except MoneyError as exc:
        raise Invalid(str(exc), code="relief.bad_amount", details={"field": label}) from None
    if v == 0 and not allow_zero:
        raise Invalid(f"{label}必须大于 0。", code="relief.bad_amount", details={"field": label})
    return v


def uses_dibao(spec) -> bool:
    """Whether a policy part counts in months of dibao (then the dibao and its year are explained)."""
    if isinstance(spec, dict):
        return "dibao_months" in spec or any(uses_dibao(v) for v in spec.values())
    if isinstance(spec, list):
        return any(uses_dibao(v) for v in spec)
    return False


def need_dibao(ref, region_code: str, year: int):
    """The dibao amount; a clear refusal naming the year when no standard exists up to that year."""
    if ref is None:
        raise Invalid(f"地区 {region_code} 尚未录入 {year} 年（及以前）的城市低保标准，无法计算，请联系工会。",
                      code="relief.no_dibao", details={"year": year, "region_code": region_code})
    return ref.amount


def explain_dibao(lines: list[str], ref, used: bool = True) -> list[str]:
    """Append the line naming the earlier year's dibao that stands in for a missing year."""
    if used and ref is not None and ref.note and ref.note not in lines:
        lines.append(ref.note)
    return lines


def _rule(fn, *args, **kwargs):
    try:
        return fn(*args, **kwargs)
    except rules.RuleError as exc:
        raise Invalid(str(exc), code="relief.rule") from None


def _not_future(day: dt.date | None, label: str) -> None:
    if day and day > timezone.localdate():
        raise Invalid(f"{label}不能晚于今天。", code="relief.future_date")


def _staff_org(actor, org_id) -> Org:
    org = Org.objects.filter(pk=org_id).first()
    if org is None or not scoping.covers(actor, org):
        raise NotFound("未找到该工会，或您无权操作。")
    return org


def _save_photos(actor, org, uploads) -> list[Attachment]:
    """Check every upload first (nothing is stored when one is refused), then store them as evidence."""
    return store_uploads(actor, org, check_uploads(uploads), purpose="relief.evidence")


def models_min(field):
    return Min(field)


def models_max(field):
    return Max(field)
