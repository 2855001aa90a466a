"""Export selected (issue 12): relief applications ticked in the grid go out through core's one Excel helper —
confirmation with count and total first, numeric money that sums, formula-safe text, only rows in scope."""

import io
from decimal import Decimal

from django.urls import reverse
from openpyxl import load_workbook

from niangjia.core.models import AuditEvent
from niangjia.relief.tests.test_query_counts import application

URL = reverse("relief:applications_bulk")


def _rows(response):
    sheet = load_workbook(io.BytesIO(response.content)).active
    return [r for r in sheet.iter_rows(values_only=True) if isinstance(r[0], int)]


def test_export_selected_confirms_then_exports_only_rows_in_scope(client, tree, staff_a, staff_b, make_household):
    hh = make_household(staff_a, tree.union_a)
    hh.head_name = "=HYPERLINK(1)"
    hh.save(update_fields=["head_name"])
    mine = [application(staff_a, hh), application(staff_a, make_household(staff_a, tree.union_a))]
    foreign = application(staff_b, make_household(staff_b, tree.union_b))
    ids = [a.pk for a in mine] + [foreign.pk]
    client.force_login(staff_a)

    grid = client.get(reverse("relief:workbench")).content.decode()
    assert 'data-testid="bulk-export"' in grid

    confirm = client.post(URL, {"bulk": "export", "ids": ids, "next": reverse("relief:workbench")})
    assert confirm.status_code == 200
    body = confirm.content.decode()
    total = sum((a.quoted_amount for a in mine), Decimal("0"))
    assert 'data-testid="bulk-confirm"' in body and f"¥{total:,.2f}" in body
    assert f"#{foreign.pk} " not in body  # the guessed id of another district is left out
    assert not AuditEvent.objects.filter(action="export.download").exists()  # nothing exported yet

    done = client.post(URL, {"bulk": "export", "ids": ids, "confirm": "1", "next": reverse("relief:workbench")})
    assert done.status_code == 200 and "spreadsheetml" in done["Content-Type"]
    assert "%E5%B8%AE%E6%89%B6%E7%94%B3%E8%AF%B7" in done["Content-Disposition"]  # 帮扶申请 in the file name
    rows = _rows(done)
    assert sorted(r[0] for r in rows) == sorted(a.pk for a in mine)
    assert all(isinstance(r[5], (int, float)) for r in rows)  # money as numbers
    assert Decimal(str(sum(r[5] for r in rows))).quantize(Decimal("0.01")) == total
    assert not any(isinstance(v, str) and v.startswith("=") for r in rows for v in r)  # formula-safe
    assert AuditEvent.objects.filter(action="export.download").count() == 1


def test_export_of_only_foreign_ids_exports_nothing(client, tree, staff_a, staff_b, make_household):
    foreign = application(staff_b, make_household(staff_b, tree.union_b))
    client.force_login(staff_a)
    r = client.post(URL, {"bulk": "export", "ids": [foreign.pk], "confirm": "1", "next": "/relief/workbench/"})
    assert r.status_code == 302 and not AuditEvent.objects.filter(action="export.download").exists()
