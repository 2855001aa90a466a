"""Every page of the workbench sidebar renders in Chinese for a Chinese-speaking admin: no English words and no
raw codes in what people read (visible text of <main>, not attribute values or URLs)."""

import re

import pytest
from django.utils import timezone

from niangjia.core import navigation
from niangjia.relief import services
from niangjia.tests.test_todo import _case

ALLOWED = {"Excel", "PDF", "IP", "ID", "USCC", "QR", "PNG", "JPG", "JPEG", "xlsx", "csv", "CSV", "SLA", "API", "WQ", "T"}
TAGS = re.compile(r"<(script|style)[^>]*>.*?</\1>|<[^>]+>", re.S)
WORD = re.compile(r"[A-Za-z][A-Za-z_]{2,}")


def visible_text(html: str) -> str:
    main = html.split("<main", 1)[-1].split(">", 1)[-1].split("</main>", 1)[0]
    return re.sub(r"&[a-z#0-9]+;", " ", TAGS.sub(" ", main))


@pytest.fixture
def busy_district(tree, make_user, make_household, staff_a, make_member):
    year = timezone.localdate().year
    hh = make_household(staff_a, tree.union_a)
    services.submit_application(actor=staff_a, household_id=hh.pk, kind="hospitalization", year=year,
                                total_cost="50000", self_paid="38000",
                                invoices=[{"number": "LANG-1", "amount": "50000", "issued_on": f"{year}-01-01"}])
    _case(tree.union_a, "77", due_in_days=-1)
    make_member(tree.union_a)
    return make_user(roles=[(tree.district_a, "admin")], name="区管理员")


# Workbench pages reached from a sidebar page (tabs, sub-lists) rather than from the sidebar itself.
SUB_PAGES = ["core:transfers"]


def test_sidebar_pages_have_no_english(client, busy_district):
    client.force_login(busy_district)
    bad = {}
    names = [name for _group, links in navigation.WORKBENCH_GROUPS for name, _label, _roles in links] + SUB_PAGES
    for name in names:
        url = navigation.url_or_none(name)
        if url is None:
            continue
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans", follow=True)
        assert response.status_code == 200, url
        words = {w for w in WORD.findall(visible_text(response.content.decode())) if w not in ALLOWED}
        if words:
            bad[url] = sorted(words)[:40]
    assert not bad, bad


def test_no_template_msgid_has_a_percent_sign():
    """{% translate "20% more" %} looks up "20%% more" (Django doubles % in a template literal), which no catalog
    holds, so the page shows the English (found on the election rules and relief policy pages)."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[1]
    literal = re.compile(r"""{% translate (["'])([^"']*%[^"']*)\1""")
    found = [f"{path.relative_to(root)}: {m.group(2)}" for path in root.rglob("templates/**/*.html")
             for m in literal.finditer(path.read_text(encoding="utf-8"))]
    assert not found, found
