"""The product's one date format, chosen once (docs/ARCHITECTURE.md "Formats"): 2026-12-01, with the time
2026-12-01 14:05. Templates use `|date:"Y-m-d"` / `|date:"Y-m-d H:i"` (or a bare date, which
`niangjia/formats/` sets to the same); Python text (PDFs, messages) uses these helpers; exports write real date
cells formatted yyyy-mm-dd (core.exports). A test scans the templates for any other date format."""

import datetime as dt

from django.utils import timezone

DATE = "Y-m-d"
DATETIME = "Y-m-d H:i"


def day(value: dt.date | dt.datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{value:%Y-%m-%d}"


def moment(value: dt.datetime | None) -> str:
    if value is None:
        return ""
    value = timezone.localtime(value) if timezone.is_aware(value) else value
    return f"{value:%Y-%m-%d %H:%M}"
