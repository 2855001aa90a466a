"""Issue 9 (relief): dibao year, one policy lookup, worker pages, invoice year, who may change policy.

Numbers from policies.md §1–§3 and the issue text; the demo city (示范市, 3301xx) ships its own
temporary-relief policy SFS-LSJZ for the current year with the Chongqing example tiers."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from niangjia.core.errors import Forbidden, Invalid
from niangjia.core.models import AuditEvent, OrgRole
from niangjia.relief import services
from niangjia.relief.models import (
    Application,
    DibaoStandard,
    Disbursement,
    HouseholdYearTotal,
    Invoice,
    Policy,
)

YEAR = timezone.localdate().year


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


def api_quote(client, **kw):
    body = {"kind": "hospitalization", "self_paid": "38000.00", "household_annual_income": "60000.00",
            "region_code": "330102", "year": YEAR, "already_paid_this_year": "0.00"} | kw
    return client.post("/api/v1/relief/quote", body, content_type="application/json")


def state():
    return (Application.objects.count(), Invoice.objects.count(), Disbursement.objects.count(),
            list(Policy.objects.order_by("pk").values_list("status", "version")),
            list(DibaoStandard.objects.order_by("pk").values_list("region_code", "year", "monthly_amount")),
            AuditEvent.objects.count())


# --- dibao year: never silently another year ----------------------------------------------------


def test_missing_dibao_year_uses_the_latest_and_says_so(client, ref):
    # Chongqing has 2020 (620) and 2021 (660) only: 2022 is computed on 2021's and the answer says so
    r = client.post("/api/v1/relief/self-test", {"annual_disposable_income": "23760", "people": 3,
                                                  "region_code": "500000", "year": 2022},
                    content_type="application/json")
    assert r.status_code == 200
    body = r.json()
    assert body["dibao"] == "660.00"
    assert "按 2021 年低保标准 660 元计算，2022 年标准尚未录入" in body["reason"]
    # kind B counts in months of dibao: the note is in the quote's explanation too
    r = api_quote(client, kind="chronic", region_code="500000", year=2022, self_paid="30000")
    assert "按 2021 年低保标准 660 元计算，2022 年标准尚未录入" in r.json()["explanation"]
    # the year itself present: no note
    r = api_quote(client, kind="chronic", region_code="500000", year=2021, self_paid="30000")
    assert not any("尚未录入" in line for line in r.json()["explanation"])


def test_no_dibao_up_to_the_year_refuses_naming_the_year(client, ref):
    r = client.post("/api/v1/relief/self-test", {"annual_disposable_income": "1000", "people": 1,
                                                  "region_code": "500000", "year": 2019},
                    content_type="application/json")
    assert r.status_code == 422
    assert "2019" in r.json()["message"]


def test_workbench_warns_admins_when_the_current_year_has_no_dibao(client, tree, make_user, staff_a, ref):
    admin = make_user(roles=[(tree.city, "admin")])
    client.force_login(admin)
    assert 'data-testid="dibao-gaps"' not in client.get(reverse("relief:workbench")).content.decode()
    DibaoStandard.objects.filter(region_code="330100", year=YEAR).delete()
    for url in (reverse("relief:workbench"), reverse("relief:dibao")):
        body = client.get(url).content.decode()
        assert 'data-testid="dibao-gaps"' in body
        assert f"{YEAR} 年尚未录入低保标准" in body
        assert "330102" in body
    # the to-do centre on the workbench home lists it for admins too
    from django.core.cache import cache as todo_cache

    todo_cache.clear()
    body = client.get("/workbench/").content.decode()
    assert "低保标准待录入" in body and f"{YEAR} 年低保标准尚未录入" in body
    client.force_login(staff_a)  # not an admin: no warning
    assert 'data-testid="dibao-gaps"' not in client.get(reverse("relief:workbench")).content.decode()
    assert f"{YEAR} 年低保标准尚未录入" not in client.get("/workbench/").content.decode()


# --- one policy lookup ----------------------------------------------------------------------------


def test_demo_city_quote_answers_with_its_own_policy(client, ref):
    r = api_quote(client)
    assert r.status_code == 200, r.content
    assert r.json()["policy"]["code"] == "SFS-LSJZ"
    assert r.json()["amount"] == "5000.00"


def test_a_region_without_a_policy_is_refused_by_quote_and_application_alike(client, tree, staff_a,
                                                                             make_household):
    hh = make_household(staff_a, tree.union_a, region="440300")  # no policy for Shenzhen: never Chongqing's
    r = api_quote(client, region_code="440300")
    assert r.status_code == 422
    assert "没有生效的临时救助政策" in r.json()["message"]
    before = state()
    with pytest.raises(Invalid, match="没有生效的临时救助政策"):
        services.submit_application(actor=staff_a, household_id=hh.pk, kind="hospitalization",
                                    total_cost="50000", self_paid="38000",
                                    invoices=[{"number": "SZ-1", "amount": "50000", "issued_on": f"{YEAR}-01-01"}])
    assert state() == before


@pytest.mark.parametrize(
    ("kind", "self_paid", "total", "already"),
    [
        ("hospitalization", "38000.00", "50000.00", "0"),  # 63.3% → tier 2, 5,000
        ("hospitalization", "17999.99", "20000.00", "0"),  # 29.99…% → not eligible
        ("hospitalization", "120000.00", "150000.00", "45000"),  # tier 6 capped at the remaining 5,000
        ("chronic", "30000.00", "30000.00", "0"),  # 50% → 12 × dibao 1,200
        ("special", "1500.00", "1500.00", "0"),
    ],
)
def test_public_quote_and_real_decision_agree(client, tree, staff_a, district_a, city_approver, make_household,
                                              kind, self_paid, total, already):
    hh = make_household(staff_a, tree.union_a)  # 3,000 + 2,000 a month → 60,000 a year
    if Decimal(already):
        HouseholdYearTotal.objects.create(household=hh, year=YEAR, cap_key=kind, total=Decimal(already),
                                          cap=Decimal("50000"))
    public = api_quote(client, kind=kind, self_paid=self_paid, household_annual_income="60000.00",
                       already_paid_this_year=already).json()
    invoices = [] if kind == "special" else [{"number": f"CMP-{kind}", "amount": total,
                                              "issued_on": f"{YEAR}-01-01"}]
    app = services.submit_application(actor=staff_a, household_id=hh.pk, kind=kind, total_cost=total,
                                      self_paid=self_paid, invoices=invoices)
    assert f"{app.quoted_amount:.2f}" == public["amount"]
    if not public["eligible"]:
        return
    for actor in (staff_a, district_a, city_approver):
        app.refresh_from_db()
        if app.status == "approved":
            break
        services.decide(actor=actor, application_id=app.pk, approve=True)
    app.refresh_from_db()
    assert app.status == "approved"
    assert f"{app.granted_amount:.2f}" == public["amount"]
    assert app.decision.tier == public["tier"]
    assert app.decision.explanation == public["explanation"]
    assert app.decision.policy.code == public["policy"]["code"] == "SFS-LSJZ"


def test_worker_pages_take_region_and_year_from_the_union(client, tree, make_member, ref):
    member = make_member(tree.union_a)
    client.force_login(member.user)
    body = client.get("/relief/calculator/").content.decode()
    assert tree.union_a.name in body
    assert 'name="region_code"' not in body and 'name="year"' not in body
    # a posted code or year is ignored: the member's union (330102) and today's year decide
    r = client.post("/relief/calculator/", {"kind": "hospitalization", "self_paid": "38000",
                                            "household_annual_income": "60000", "region_code": "440300",
                                            "year": "2020"}, HTTP_HX_REQUEST="true")
    text = r.content.decode()
    assert "第 2 档" in text and "示范市" in text
    body = client.get("/relief/self-test/").content.decode()
    assert 'name="region_code"' not in body and "地区代码" not in body


def test_visitors_choose_a_place_by_name_never_a_code(client, tree, ref):
    body = client.get("/relief/calculator/").content.decode()
    assert '<select id="region" name="region_code"' in body
    assert "杭州市总工会" in body  # 330100 named by its union
    assert "地区代码" not in body and 'name="year"' not in body
    r = client.post("/relief/calculator/", {"kind": "hospitalization", "self_paid": "38000",
                                            "household_annual_income": "60000", "region_code": "330100"},
                    HTTP_HX_REQUEST="true")
    assert "第 2 档" in r.content.decode()


# --- invoice year -----------------------------------------------------------------------------------


def test_application_year_must_agree_with_invoice_dates(tree, staff_a, make_household):
    hh = make_household(staff_a, tree.union_a)
    # this year's cap is used up; last year's is untouched
    HouseholdYearTotal.objects.create(household=hh, year=YEAR, cap_key="hospitalization", total=Decimal("50000"),
                                      cap=Decimal("50000"))
    before = state()
    this_years_bill = [{"number": "Y-1", "amount": "50000", "issued_on": f"{YEAR}-01-01"}]
    with pytest.raises(Invalid, match=f"不属于申请年度 {YEAR - 1} 年") as exc:
        services.submit_application(actor=staff_a, household_id=hh.pk, kind="hospitalization", year=YEAR - 1,
                                    total_cost="50000", self_paid="38000", invoices=this_years_bill)
    assert exc.value.code == "relief.invoice_year"
    with pytest.raises(Invalid, match="缺少开票日期"):
        services.submit_application(actor=staff_a, household_id=hh.pk, kind="hospitalization", total_cost="50000",
                                    self_paid="38000", invoices=[{"number": "Y-2", "amount": "50000"}])
    with pytest.raises(Invalid, match="分别申请"):
        services.submit_application(actor=staff_a, household_id=hh.pk, kind="hospitalization", total_cost="50000",
                                    self_paid="38000",
                                    invoices=[{"number": "Y-3", "amount": "25000", "issued_on": f"{YEAR - 1}-12-30"},
                                              {"number": "Y-4", "amount": "25000", "issued_on": f"{YEAR}-01-01"}])
    assert state() == before
    # without a year the invoices' year is the application's
    app = services.submit_application(actor=staff_a, household_id=hh.pk, kind="hospitalization", total_cost="50000",
                                      self_paid="38000", invoices=this_years_bill)
    assert app.year == YEAR


# --- who may change policy -----------------------------------------------------------------------


@pytest.fixture
def admins(tree, make_user):
    return {"city": make_user(roles=[(tree.city, "admin")]),
            "district": make_user(roles=[(tree.district_a, "admin")]),
            "grassroots": make_user(roles=[(tree.union_a, "admin")])}


def test_grassroots_admin_may_not_draft_simulate_activate_or_set_dibao(tree, ref, admins):
    import copy

    city_policy = ref[0]
    params = copy.deepcopy(city_policy.params)
    params["kinds"]["hospitalization"]["tiers"][1]["amount"] = {"fixed": "6000"}
    draft = services.draft_policy(actor=admins["city"], base_policy_id=city_policy.pk, params=params,
                                  effective_from=dt.date(YEAR, 1, 1))
    before = state()
    for who in ("grassroots", "district"):
        actor = admins[who]
        with pytest.raises(Forbidden, match="市总工会") as exc:
            services.draft_policy(actor=actor, base_policy_id=city_policy.pk, params=params,
                                  effective_from=dt.date(YEAR, 1, 1))
        assert exc.value.code == "relief.region_admin_only"
        with pytest.raises(Forbidden):
            services.simulate_policy(actor=actor, policy_id=draft.pk)
        with pytest.raises(Forbidden):
            services.activate_policy(actor=actor, policy_id=draft.pk)
        with pytest.raises(Forbidden):
            services.set_dibao(actor=actor, region_code="330100", year=YEAR, monthly_amount="999")
    with pytest.raises(Forbidden):  # the grassroots union does not own its district's region either
        services.set_dibao(actor=admins["grassroots"], region_code="330102", year=YEAR, monthly_amount="999")
    with pytest.raises(Forbidden):  # nobody in this tree owns Chongqing
        services.set_dibao(actor=admins["city"], region_code="500000", year=YEAR, monthly_amount="999")
    assert state() == before
    Policy.objects.filter(pk=draft.pk).update(simulated_at=None)  # unchanged by the refused what-ifs
    services.set_dibao(actor=admins["district"], region_code="330102", year=YEAR, monthly_amount="1250")
    services.simulate_policy(actor=admins["city"], policy_id=draft.pk)
    services.activate_policy(actor=admins["city"], policy_id=draft.pk)
    assert Policy.objects.get(pk=draft.pk).status == "active"


def test_what_if_covers_the_whole_region_not_the_actors_subtree(tree, ref, make_user, staff_a, staff_b,
                                                               make_household):
    import copy

    # an admin of the city federation itself only (no subtree): still owns 330100's policy
    owner = make_user()
    OrgRole.objects.create(user=owner, org=tree.city, role="admin", include_subtree=False)
    for actor, org, n in ((staff_a, tree.union_a, "W-A"), (staff_b, tree.union_b, "W-B")):
        hh = make_household(actor, org, region=org.region_code)
        services.submit_application(actor=actor, household_id=hh.pk, kind="hospitalization", total_cost="50000",
                                    self_paid="38000",
                                    invoices=[{"number": n, "amount": "50000", "issued_on": f"{YEAR}-01-01"}])
    params = copy.deepcopy(ref[0].params)
    params["kinds"]["hospitalization"]["tiers"][1]["amount"] = {"fixed": "6000"}
    draft = services.draft_policy(actor=owner, base_policy_id=ref[0].pk, params=params,
                                  effective_from=dt.date(YEAR, 1, 1))
    result = services.simulate_policy(actor=owner, policy_id=draft.pk)
    assert sum(r["count"] for r in result["rows"]) == 2
    assert result["total_active"] == Decimal("10000")
    assert result["total_draft"] == Decimal("12000")


@pytest.mark.parametrize(
    ("disposable", "category"),
    [("22319.99", "deep"), ("22320.00", "relative"), ("44639.99", "relative"), ("44640.00", "none")],
)
def test_public_self_test_category_line_on_exact_values(client, ref, disposable, category):
    # issue 9: 3 persons, dibao 620 (Chongqing 2020)
    r = client.post("/api/v1/relief/self-test", {"annual_disposable_income": disposable, "people": 3,
                                                  "region_code": "500000", "year": 2020},
                    content_type="application/json")
    assert r.status_code == 200, r.content
    assert r.json()["category"] == category
