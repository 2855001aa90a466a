import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from niangjia.relief import services
from niangjia.relief.models import Application

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def test_public_calculator_page_in_chinese(client, ref):
    r = client.get("/relief/calculator/")
    assert r.status_code == 200
    assert "临时救助测算" in r.content.decode()
    r = client.post("/relief/calculator/", {"kind": "hospitalization", "self_paid": "38000", "region_code": "500000",
                                            "household_annual_income": "60000", "year": "2020"},
                    HTTP_HX_REQUEST="true")
    assert "第 2 档" in r.content.decode()
    r = client.post("/relief/calculator/", {"kind": "hospitalization", "self_paid": "-1", "region_code": "500000",
                                            "household_annual_income": "60000", "year": "2020"},
                    HTTP_HX_REQUEST="true")
    assert "不能为负数" in r.content.decode()


def test_self_test_page(client, ref):
    r = client.post("/relief/self-test/", {"disposable": "6000", "rigid": "0", "people": "2", "region_code": "500000",
                                           "year": "2020"})
    assert "深度困难" in r.content.decode()


def test_worker_applies_with_photo_and_sees_timeline(client, tree, make_member, ref):
    member = make_member(tree.union_a)
    client.force_login(member.user)
    r = client.post("/relief/apply/", {
        "kind": "hospitalization", "total_cost": "50000", "self_paid": "38000", "invoice_number": "PG-1",
        "year": "2020", "own_income": "3000", "others": "1", "others_income": "2000",
        "photos": SimpleUploadedFile("invoice.png", PNG, content_type="image/png")})
    assert r.status_code == 302, r.content.decode()[:2000]
    app = Application.objects.get()
    assert app.evidence.count() == 1
    assert app.household_annual_income == 60000
    body = client.get(r["Location"]).content.decode()
    assert "已提交" in body or "Submitted" in body


def test_workbench_queue_approve_and_scope(client, tree, staff_a, staff_b, make_household):
    hh = make_household(staff_a, tree.union_a)
    app = services.submit_application(actor=staff_a, household_id=hh.pk, kind="hospitalization", year=2020,
                                      total_cost="50000", self_paid="38000",
                                      invoices=[{"number": "WB-1", "amount": "50000"}])
    client.force_login(staff_b)
    assert f"app-row-{app.pk}" not in client.get(reverse("relief:workbench")).content.decode()
    assert client.get(f"/relief/my/{app.pk}/").status_code == 404
    client.force_login(staff_a)
    assert f"app-row-{app.pk}" in client.get(reverse("relief:workbench")).content.decode()
    client.post(reverse("relief:workbench"), {"id": app.pk, "action": "approve"})
    app.refresh_from_db()
    assert app.status == "reviewed"


@pytest.mark.parametrize("n", [3, 12])
def test_application_list_query_count_is_constant(client, tree, staff_a, make_household, django_assert_num_queries,
                                                  n):
    for i in range(n):
        hh = make_household(staff_a, tree.union_a)
        services.submit_application(actor=staff_a, household_id=hh.pk, kind="hospitalization", year=2020,
                                    total_cost="50000", self_paid="38000",
                                    invoices=[{"number": f"Q-{i}", "amount": "50000"}])
    client.force_login(staff_a)
    client.get(reverse("relief:workbench"))  # warm caches (content types, session)
    with django_assert_num_queries(7):
        r = client.get(reverse("relief:workbench"))
    assert r.status_code == 200


@pytest.mark.parametrize("name", ["files", "campaigns", "monitoring", "reports"])
def test_workbench_pages_render(client, tree, staff_a, ref, name):
    client.force_login(staff_a)
    assert client.get(reverse(f"relief:{name}")).status_code == 200
