"""The official calendar: public holidays and make-up working days (调休) from the State Council's annual
notices (国务院办公厅关于××年部分节假日安排的通知). Pure (no Django): services merge it with the workbench
holiday table, whose rows override it.

Source: the `chinese-calendar` package, which keeps each year's notice as data (2004–2026 in 1.11.0). We use
its data from 2020 on. For a year the package does not cover yet we ship only the statutory days fixed by
《全国年节及纪念日放假办法》(2024 revision, 第二条): 元旦 1月1日, 春节 除夕至正月初三, 清明 清明当日,
劳动节 5月1日、2日, 端午 端午当日, 中秋 中秋当日, 国庆 10月1日至3日. A statutory day is always a day off, so
these are right but incomplete: the bridge days and the make-up working weekends of that year come only with
its notice, and admins enter them on the workbench (设置 → 节假日) when it is published.
"""

import datetime as dt
from functools import lru_cache

FIRST_YEAR = 2020

# 2027: the State Council notice for 2027 was not available to us, so only the statutory days. Lunar dates
# (除夕 02-05, 端午 06-09, 中秋 09-15) checked offline with the lunardate package (which gives 2025/2026's
# published dates right) and 清明 (04-05) with chinese_calendar's solar terms.
STATUTORY_ONLY = {
    2027: [
        ("2027-01-01", "元旦"),
        ("2027-02-05", "春节"), ("2027-02-06", "春节"), ("2027-02-07", "春节"), ("2027-02-08", "春节"),
        ("2027-04-05", "清明"),
        ("2027-05-01", "劳动节"), ("2027-05-02", "劳动节"),
        ("2027-06-09", "端午"),
        ("2027-09-15", "中秋"),
        ("2027-10-01", "国庆节"), ("2027-10-02", "国庆节"), ("2027-10-03", "国庆节"),
    ],
}


@lru_cache(maxsize=1)
def official_days() -> tuple[dict[dt.date, str], dict[dt.date, str]]:
    """({day off: name}, {make-up working day: name}) from FIRST_YEAR on. Days off include weekend days that
    fall inside a holiday span (harmless: a weekend is not a working day anyway)."""
    from chinese_calendar import constants

    names = {h.value: h.chinese for h in constants.Holiday}
    off = {d: names.get(v, "节假日") for d, v in constants.holidays.items() if d.year >= FIRST_YEAR}
    work = {d: f"{names.get(v, '节假日')}调休上班" for d, v in constants.workdays.items() if d.year >= FIRST_YEAR}
    package_years = {d.year for d in constants.holidays}
    for year, days in STATUTORY_ONLY.items():
        if year not in package_years:  # a newer package that has the real notice wins
            off.update({dt.date.fromisoformat(d): n for d, n in days})
    return off, work


def covered_years() -> dict[int, str]:
    """{year: "notice" | "statutory"}: how complete the built-in data of each year is."""
    off, _work = official_days()
    statutory = set(STATUTORY_ONLY)
    return {y: ("statutory" if y in statutory and y not in _package_years() else "notice")
            for y in sorted({d.year for d in off})}


@lru_cache(maxsize=1)
def _package_years() -> frozenset[int]:
    from chinese_calendar import constants

    return frozenset(d.year for d in constants.holidays)
