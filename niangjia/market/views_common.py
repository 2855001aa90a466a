"""Small helpers shared by the market's pages (form parsing with Chinese errors)."""

import datetime as dt

from django.utils import timezone

from niangjia.core.errors import Invalid


def parse_dt(value: str, label: str) -> dt.datetime:
    try:
        value = dt.datetime.fromisoformat((value or "").strip())
    except ValueError:
        raise Invalid(f"请填写正确的{label}。", code="market.datetime") from None
    return timezone.make_aware(value) if timezone.is_naive(value) else value


def parse_date(value: str, label: str) -> dt.date:
    try:
        return dt.date.fromisoformat((value or "").strip())
    except ValueError:
        raise Invalid(f"请填写正确的{label}。", code="market.date") from None


def parse_int(value, label: str, default: int | None = None) -> int:
    if (value is None or str(value).strip() == "") and default is not None:
        return default
    try:
        return int(str(value).strip())
    except ValueError:
        raise Invalid(f"{label}应为整数。", code="market.integer") from None
