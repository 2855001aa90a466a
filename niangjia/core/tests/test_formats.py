"""One money filter and one date format on every page (issue 12, "Formats"): 2026-12-01 / 2026-12-01 14:05 and
¥1,234.56, chosen once (docs/ARCHITECTURE.md "Formats")."""

import datetime as dt
import pathlib
import re
from decimal import Decimal

from django.template import Context, Template
from django.utils import timezone, translation

from niangjia.core import formats

ROOT = pathlib.Path(__file__).resolve().parents[2]
TEMPLATES = sorted(ROOT.glob("**/templates/**/*.html"))
DATE_FORMAT_IN_TEMPLATE = re.compile(r"""\|date:(?:"([^"]*)"|'([^']*)')""")
# The chosen date, with or without the time of day; parts of it where the rest is shown beside (a year, a month,
# a time, a weekday); and the value of a <input type="datetime-local">, which the browser needs in ISO form.
ALLOWED = {"Y-m-d", "Y-m-d H:i", "Y-m-d H:i:s", "Y-m-d D", "Y", "Y-m", "H:i", "l", r"Y-m-d\TH:i"}


def test_the_templates_were_found():
    assert len(TEMPLATES) > 100


def test_no_template_formats_a_date_any_other_way():
    wrong = []
    for path in TEMPLATES:
        for match in DATE_FORMAT_IN_TEMPLATE.finditer(path.read_text(encoding="utf-8")):
            fmt = match.group(1) if match.group(1) is not None else match.group(2)
            if fmt not in ALLOWED:
                wrong.append(f"{path.relative_to(ROOT)}: {fmt}")
    assert not wrong, "dates not in the one format (2026-12-01):\n" + "\n".join(wrong)


def test_a_bare_date_renders_in_the_one_format_too():
    day = dt.date(2026, 12, 1)
    moment = timezone.make_aware(dt.datetime(2026, 12, 1, 14, 5))
    with translation.override("zh-hans"):
        out = Template("{{ d }}|{{ m }}|{{ d|date }}|{{ m|date:'DATETIME_FORMAT' }}").render(Context({"d": day, "m": moment}))
    assert out == "2026-12-01|2026-12-01 14:05|2026-12-01|2026-12-01 14:05"
    assert formats.day(day) == "2026-12-01" and formats.day(moment) == "2026-12-01"
    assert formats.moment(moment) == "2026-12-01 14:05"
    assert formats.day(None) == formats.moment(None) == ""


def test_one_money_filter():
    render = lambda v: Template("{{ v|money }}").render(Context({"v": v}))  # noqa: E731
    assert render(Decimal("1234.56")) == "¥1,234.56"
    assert render("1234.5") == "¥1,234.50"
    assert render(Decimal("-12")) == "-¥12.00"
    assert render(None) == ""
    # `yuan` is only the old name of `money` (same output), so a template from before the switch cannot fail;
    # no template may use it.
    assert Template("{{ v|yuan }}").render(Context({"v": Decimal("1234.5")})) == "¥1,234.50"
    users = [str(p.relative_to(ROOT)) for p in TEMPLATES if "|yuan" in p.read_text(encoding="utf-8")]
    assert not users, f"use money, the one amount filter: {users}"
