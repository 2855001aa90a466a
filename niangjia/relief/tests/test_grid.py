"""The shared grid on the relief application queue: sort, search, page size, query count, bulk decisions."""

import pytest
from django.urls import reverse
from django.utils import timezone

from niangjia.core.models import AuditEvent
from niangjia.core.tests.evidence import RECEIPT
from niangjia.relief import services
from niangjia.relief.models import Application


@pytest.fixture
def three_apps(tree, staff_a, make_household):
    apps = []
    for i, name in enumerate(["甲一", "乙二", "丙三"]):
        hh = make_household(staff_a, tree.union_a)
        hh.head_name = name
        hh.save(update_fields=["head_name"])
        apps.append(services.submit_application(
            actor=staff_a, household_id=hh.pk, kind="hospitalization", total_cost="50000",
            self_paid=str(30000 + i * 1000), invoices=[{"number": f"GRID-{i}", "amount": "50000",
                                                        "issued_on": f"{timezone.localdate().year}-01-01"}]))
    return apps


@pytest.mark.parametrize("size", [20, 50])
def test_queue_query_count_does_not_depend_on_page_size(client, staff_a, three_apps, django_assert_num_queries, size):
    client.force_login(staff_a)
    client.get(reverse("relief:workbench"))
    with django_assert_num_queries(7):
        r = client.get(reverse("relief:workbench"), {"size": size, "sort": "-self_paid"})
    assert r.status_code == 200
    assert f'<option value="{size}" selected>' in r.content.decode()


def test_sort_search_and_unknown_parameters(client, staff_a, three_apps):
    client.force_login(staff_a)
    body = client.get(reverse("relief:workbench"), {"sort": "self_paid"}).content.decode()
    assert body.index("甲一") < body.index("乙二") < body.index("丙三")
    body = client.get(reverse("relief:workbench"), {"sort": "-self_paid"}).content.decode()
    assert body.index("丙三") < body.index("乙二") < body.index("甲一")
    # A sort key that is not a column, or a silly page size, falls back instead of failing.
    assert client.get(reverse("relief:workbench"), {"sort": "household__bank_account", "size": "9999"}).status_code == 200
    body = client.get(reverse("relief:workbench"), {"q": "GRID-1"}).content.decode()
    assert "乙二" in body and "甲一" not in body and "丙三" not in body
    body = client.get(reverse("relief:workbench"), {"q": "丙"}).content.decode()
    assert "丙三" in body and "乙二" not in body
    body = client.get(reverse("relief:workbench"), {"q": "无此人"}).content.decode()
    assert 'data-testid="grid-empty"' in body


def test_bulk_approval_confirms_count_and_total_then_runs_the_single_service(client, staff_a, three_apps):
    client.force_login(staff_a)
    ids = [a.pk for a in three_apps]
    url = reverse("relief:applications_bulk")
    confirm = client.post(url, {"ids": ids, "bulk": "approve", "next": reverse("relief:workbench")})
    body = confirm.content.decode()
    assert confirm.status_code == 200 and 'data-testid="bulk-confirm"' in body
    total = sum(a.quoted_amount for a in three_apps)
    assert f"¥{total:,.2f}" in body
    assert set(Application.objects.values_list("status", flat=True)) == {"submitted"}  # nothing ran yet
    # Money is approved only from a page that showed each item's evidence (issue 11): the confirmation page lists
    # every application with its photos, invoices, calculation and steps, and carries the receipt of it.
    assert body.count('data-testid="bulk-evidence"') == 3
    assert "困难职工帮扶资金" in body  # the source budget, before the confirmation (issue 11)
    assert body.count('data-testid="bulk-calculation"') == 3
    for app in three_apps:
        assert all(i.number in body for i in app.invoices.all())
    receipt = RECEIPT.search(body).group(1)
    blind = client.post(url, {"ids": ids, "bulk": "approve", "confirm": "1", "next": reverse("relief:workbench")})
    assert "查看证明材料" in blind.content.decode()
    assert set(Application.objects.values_list("status", flat=True)) == {"submitted"}
    stretched = client.post(url, {"ids": ids, "bulk": "approve", "confirm": "1", "evidence": RECEIPT.search(
        client.post(url, {"ids": ids[:1], "bulk": "approve"}).content.decode()).group(1)})
    assert "查看证明材料" in stretched.content.decode()
    assert set(Application.objects.values_list("status", flat=True)) == {"submitted"}
    done = client.post(url, {"ids": ids, "bulk": "approve", "confirm": "1", "next": reverse("relief:workbench"),
                             "evidence": receipt})
    assert done.status_code == 302
    assert set(Application.objects.values_list("status", flat=True)) == {"reviewed"}
    # the same audit event per row as the single approval (grassroots step = review)
    assert AuditEvent.objects.filter(action="relief.review", object_id__in=[str(i) for i in ids]).count() == 3


def test_bulk_reject_needs_a_reason_and_ignores_foreign_rows(client, staff_a, staff_b, three_apps):
    url = reverse("relief:applications_bulk")
    ids = [a.pk for a in three_apps]
    client.force_login(staff_b)  # another district: the rows are not theirs
    r = client.post(url, {"ids": ids, "bulk": "approve", "confirm": "1"})
    assert r.status_code == 302
    assert set(Application.objects.values_list("status", flat=True)) == {"submitted"}
    client.force_login(staff_a)
    client.post(url, {"ids": ids, "bulk": "reject", "confirm": "1", "reason": ""})
    assert set(Application.objects.values_list("status", flat=True)) == {"submitted"}
    client.post(url, {"ids": ids[:2], "bulk": "reject", "confirm": "1", "reason": "材料不全"})
    assert sorted(Application.objects.values_list("status", flat=True)) == ["rejected", "rejected", "submitted"]
