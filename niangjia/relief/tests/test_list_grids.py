"""The relief workbench's reference lists in the shared grid (issue 12): exits proposed by monitoring, duplicate
heads, the dibao table and policies. Scope where the rows belong to a union (another district's rows are not
shown, and a search for them finds nothing); sort, search, filters in the URL, page size; a fixed number of
queries at page sizes 20 and 50."""

import datetime as dt
import itertools
from decimal import Decimal

import pytest
from django.urls import reverse

from niangjia.core.tests.querycount import assert_constant_queries
from niangjia.relief import services
from niangjia.relief.models import HardshipFile, Household, HouseholdYearTotal, Policy, RiskFlag

seq = itertools.count(1)


def _named_household(make_household, actor, org, name):
    hh = make_household(actor, org)
    Household.objects.filter(pk=hh.pk).update(head_name=name)
    return hh


def _propose_exit(hh, note="连续 6 个月人均收入高于低保"):
    return RiskFlag.objects.create(household=hh, org=hh.org, code="exit_ready", note=note)


# --- exits proposed by monitoring (the income page) -------------------------------------------------------------


@pytest.fixture
def exits(tree, staff_a, staff_b, make_household):
    mine = [_propose_exit(_named_household(make_household, staff_a, tree.union_a, name))
            for name in ("甲脱困", "乙脱困")]
    foreign = _propose_exit(_named_household(make_household, staff_b, tree.union_b, "外区脱困"))
    return mine, foreign


def test_exit_proposals_scope_search_sort_size(client, staff_a, exits):
    client.force_login(staff_a)
    url = reverse("relief:income")
    page = client.get(url).content.decode()
    assert "甲脱困" in page and "乙脱困" in page and "外区脱困" not in page
    assert page.count('data-testid="exit-row"') == 2 and 'data-testid="grid-count"' in page
    assert 'id="income-import"' in page and "?template=1" in page  # the import stays on the page
    page = client.get(url, {"q": "外区"}).content.decode()
    assert "外区脱困" not in page and 'data-testid="grid-empty"' in page
    page = client.get(url, {"q": "乙"}).content.decode()
    assert "乙脱困" in page and "甲脱困" not in page
    page = client.get(url, {"sort": "head"}).content.decode()
    assert page.index("乙脱困") < page.index("甲脱困")  # by code point 乙 U+4E59 < 甲 U+7532
    page = client.get(url, {"sort": "-head", "size": "50"}).content.decode()
    assert page.index("甲脱困") < page.index("乙脱困") and '<option value="50" selected>' in page
    assert client.get(url, {"sort": "household__bank_account", "size": "9"}).status_code == 200


def test_exit_proposals_empty_state_points_to_the_import(client, staff_a):
    client.force_login(staff_a)
    page = client.get(reverse("relief:income")).content.decode()
    assert 'data-testid="grid-empty"' in page and 'href="#income-import"' in page and "导入月收入记录" in page


@pytest.mark.parametrize("size", [20, 50])
def test_exit_proposals_fixed_queries(client, tree, staff_a, make_household, size, django_assert_num_queries):
    def add_rows(n):
        for _ in range(n):
            _propose_exit(make_household(staff_a, tree.union_a))

    client.force_login(staff_a)
    # session, user, roles, COUNT, page (household and org joined), unread
    assert_constant_queries(django_assert_num_queries, 6, lambda: client.get(reverse("relief:income"), {"size": size}),
                            add_rows, markers=lambda r: r.content.decode().count('data-testid="exit-row"'))


# --- duplicate heads -------------------------------------------------------------------------------------------


def _duplicate(make_household, make_member, actor, org, other_org, name):
    member = make_member(org)
    keep = make_household(actor, org, member=member)
    other = Household.objects.create(org=other_org, head=member, head_name=member.name, region_code="330102")
    Household.objects.filter(pk__in=[keep.pk, other.pk]).update(head_name=name)
    HouseholdYearTotal.objects.create(household=other, year=2026, cap_key="hospitalization", total=Decimal("300"),
                                      cap=Decimal("50000"))
    for status in ("active", "exited"):  # two files must not double the amount paid
        HardshipFile.objects.create(household=other, org=other.org, category="deep", causes=["illness"],
                                    status=status, review_date=dt.date(2026, 1, 1))
    return keep, other


@pytest.fixture
def admin_a(tree, make_user):
    return make_user(roles=[(tree.district_a, "admin")], name="区管理员")


@pytest.fixture
def duplicates(tree, staff_a, staff_b, make_household, make_member):
    mine = [_duplicate(make_household, make_member, staff_a, tree.union_a, tree.union_a2, name)
            for name in ("甲重复", "乙重复")]
    foreign = _duplicate(make_household, make_member, staff_b, tree.union_b, tree.union_b, "外区重复")
    return mine, foreign


def test_duplicates_scope_search_sort_and_merge(client, admin_a, duplicates):
    mine, _foreign = duplicates
    client.force_login(admin_a)
    url = reverse("relief:duplicates")
    page = client.get(url).content.decode()
    assert page.count('data-testid="duplicate-group"') == 2 and "外区重复" not in page
    assert "¥300.00" in page and "¥600.00" not in page
    page = client.get(url, {"q": "外区"}).content.decode()
    assert "外区重复" not in page and 'data-testid="grid-empty"' in page
    page = client.get(url, {"q": "乙"}).content.decode()
    assert page.count('data-testid="duplicate-group"') == 1 and "乙重复" in page and "甲重复" not in page
    page = client.get(url, {"sort": "-head", "size": "100"}).content.decode()
    assert page.index("甲重复") < page.index("乙重复") and '<option value="100" selected>' in page
    keep, other = mine[0]
    r = client.post(url, {"keep": keep.pk, "merge": other.pk, "reason": "同一户主重复建档"})
    assert r.status_code == 302
    other.refresh_from_db()
    assert other.merged_into_id == keep.pk
    assert client.get(url).content.decode().count('data-testid="duplicate-group"') == 1


@pytest.mark.parametrize("size", [20, 50])
def test_duplicates_fixed_queries(client, tree, staff_a, admin_a, make_household, make_member, size,
                                  django_assert_num_queries):
    def add_rows(n):
        for _ in range(n):
            _duplicate(make_household, make_member, staff_a, tree.union_a, tree.union_a2, f"重复{next(seq)}")

    client.force_login(admin_a)
    # session, user, roles, COUNT, page (org, head joined; group size a subquery), the page's groups, unread
    assert_constant_queries(django_assert_num_queries, 7,
                            lambda: client.get(reverse("relief:duplicates"), {"size": size}), add_rows,
                            markers=lambda r: r.content.decode().count('data-testid="duplicate-group"'))


# --- dibao table and policies (region-coded reference data every level reads) -----------------------------------


def test_dibao_search_filter_sort_size(client, tree, make_user, staff_a, ref):
    admin = make_user(roles=[(tree.city, "admin")])
    services.set_dibao(actor=admin, region_code="330106", year=2019, monthly_amount="850", note="西湖区标准")
    services.set_dibao(actor=admin, region_code="330106", year=2018, monthly_amount="870", note="西湖旧标准")
    client.force_login(staff_a)
    url = reverse("relief:dibao")
    page = client.get(url, {"year": "2019"}).content.decode()
    assert page.count('data-testid="dibao-row"') == 1 and "¥850.00" in page and "西湖旧标准" not in page
    assert "year=2019" in page  # the filter rides along in the sort links
    page = client.get(url, {"q": "旧标准"}).content.decode()
    assert "西湖旧标准" in page and "西湖区标准" not in page
    page = client.get(url, {"q": "330106", "sort": "-amount"}).content.decode()
    assert page.index("西湖旧标准") < page.index("西湖区标准")
    page = client.get(url, {"q": "330106", "sort": "amount", "size": "50"}).content.decode()
    assert page.index("西湖区标准") < page.index("西湖旧标准") and '<option value="50" selected>' in page
    page = client.get(url, {"q": "无此地区"}).content.decode()
    assert 'data-testid="grid-empty"' in page
    assert 'name="monthly_amount"' not in page  # the add form is the admins'


@pytest.mark.parametrize("size", [20, 50])
def test_dibao_fixed_queries(client, tree, make_user, size, django_assert_num_queries):
    admin = make_user(roles=[(tree.city, "admin")])
    years = itertools.count(2001)

    def add_rows(n):
        for _ in range(n):
            services.set_dibao(actor=admin, region_code="330106", year=next(years), monthly_amount="900",
                               note="测试标准")

    client.force_login(admin)
    # session, user, roles, dibao gaps (2), years, COUNT, page, unread
    assert_constant_queries(django_assert_num_queries, 9, lambda: client.get(reverse("relief:dibao"), {"size": size}),
                            add_rows, markers=lambda r: r.content.decode().count("测试标准"))


def test_policies_search_filter_sort_and_admin_forms(client, tree, make_user, staff_a, ref):
    admin = make_user(roles=[(tree.city, "admin")])
    url = reverse("relief:policies")
    client.force_login(staff_a)
    page = client.get(url).content.decode()
    assert page.count('data-testid="policy-row"') == Policy.objects.count() and "Run what-if" not in page
    assert 'name="params"' not in page  # drafting is the admins'
    client.force_login(admin)
    page = client.get(url).content.decode()
    assert 'name="params"' in page and "t-hospitalization-1-pct" in page and 'data-testid="standards-form"' in page
    page = client.get(url, {"kind": "category"}).content.decode()
    assert page.count('data-testid="policy-row"') == Policy.objects.filter(kind="category").count() >= 1
    assert "kind=category" in page
    page = client.get(url, {"status": "draft"}).content.decode()
    assert 'data-testid="grid-empty"' in page
    first = ref[0]
    page = client.get(url, {"q": first.code}).content.decode()
    assert page.count('data-testid="policy-row"') >= 1 and first.name in page
    page = client.get(url, {"q": "无此政策"}).content.decode()
    assert 'data-testid="grid-empty"' in page
    page = client.get(url, {"sort": "-code", "size": "100"}).content.decode()
    codes = sorted(set(Policy.objects.values_list("code", flat=True)), reverse=True)
    assert page.index(codes[0]) < page.index(codes[-1]) and '<option value="100" selected>' in page


@pytest.mark.parametrize("size", [20, 50])
def test_policies_fixed_queries(client, tree, ref, make_user, size, django_assert_num_queries):
    admin = make_user(roles=[(tree.city, "admin")], name="政策管理员")
    temporary = next(p for p in ref if p.kind == "temporary")

    def add_rows(n):
        for _ in range(n):
            i = next(seq)
            Policy.objects.create(code=f"QC-POL-{i}", version=1, name=f"测试政策{i}", kind="temporary",
                                  region_code=temporary.region_code, effective_from=temporary.effective_from,
                                  params=temporary.params, created_by=admin)

    client.force_login(admin)
    # session, user, roles, COUNT, page (creator joined), unread
    assert_constant_queries(django_assert_num_queries, 6,
                            lambda: client.get(reverse("relief:policies"), {"size": size, "q": "测试政策"}),
                            add_rows, markers=lambda r: r.content.decode().count('data-testid="policy-row"'))


def test_workers_cannot_open_the_lists(client, tree, make_member):
    client.force_login(make_member(tree.union_a).user)
    for name in ("income", "duplicates", "dibao", "policies"):
        assert client.get(reverse(f"relief:{name}")).status_code in (403, 404)
