"""Relief list pages and list endpoints cost the same number of queries with 3 rows and with 6, each row with
its related objects (household, union, applicant, decision); see niangjia/core/tests/querycount.py. The
application queue is measured in test_pages.py and test_grid.py."""

import itertools

import pytest
from django.urls import reverse
from django.utils import timezone

from niangjia.core.tests.querycount import assert_constant_queries
from niangjia.relief import services

YEAR = timezone.localdate().year
seq = itertools.count(1)


def application(actor, household):
    i = next(seq)
    return services.submit_application(actor=actor, household_id=household.pk, kind="hospitalization", year=YEAR,
                                       total_cost="50000", self_paid="38000",
                                       invoices=[{"number": f"QC-{i}", "amount": "50000",
                                                  "issued_on": f"{YEAR}-01-01"}])


@pytest.mark.parametrize("size", [20, 50])
@pytest.mark.parametrize("page", ["files", "households"])
def test_workbench_lists(client, tree, staff_a, make_household, make_member, page, size, django_assert_num_queries):
    def add_rows(n):
        for _ in range(n):
            member = make_member(tree.union_a if next(seq) % 2 else tree.union_a2, name=f"户主{next(seq)}")
            hh = make_household(staff_a, member.org, incomes=("600", "0"), member=member)
            services.open_file(actor=staff_a, household_id=hh.pk, category="deep", causes=["illness"],
                               disposable="7200", rigid="0", year=2020)

    client.force_login(staff_a)
    expected = {"files": 6, "households": 7}[page]
    assert_constant_queries(django_assert_num_queries, expected,
                            lambda: client.get(reverse(f"relief:{page}"), {"size": size}),
                            add_rows, markers=lambda r: r.content.decode().count("户主"))


@pytest.mark.parametrize("size", [20, 50])
def test_campaign_list(client, tree, district_a, size, django_assert_num_queries):
    def add_rows(n):
        for _ in range(n):
            services.create_campaign(actor=district_a, org_id=tree.district_a.pk, name=f"专项救助{next(seq)}",
                                     amount="1000", year=2020)

    client.force_login(district_a)
    # session, user, roles, orgs for the form, COUNT, page (union joined), unread messages
    assert_constant_queries(django_assert_num_queries, 7,
                            lambda: client.get(reverse("relief:campaigns"), {"size": size}), add_rows,
                            markers=lambda r: r.content.decode().count('data-testid="campaign"'))


def test_my_applications_page(client, tree, staff_a, make_household, make_member, django_assert_num_queries):
    member = make_member(tree.union_a, name="申请职工")
    hh = make_household(staff_a, tree.union_a, member=member)

    def add_rows(n):
        for _ in range(n):
            application(staff_a, hh)

    client.force_login(member.user)
    assert_constant_queries(django_assert_num_queries, 5, lambda: client.get(reverse("relief:my_applications")),
                            add_rows, markers=lambda r: r.content.decode().count("/relief/my/"))


@pytest.mark.parametrize("mine", [True, False])
def test_applications_api(client, tree, staff_a, make_household, make_member, mine, django_assert_num_queries):
    member = make_member(tree.union_a, name="申请职工")
    hh = make_household(staff_a, tree.union_a, member=member)

    def add_rows(n):
        for _ in range(n):
            application(staff_a, hh if mine else make_household(staff_a, tree.union_a))

    client.force_login(member.user if mine else staff_a)
    url = "/api/v1/relief/applications" + ("" if mine else "?mine=false")
    # session, user, (roles for the staff list), applications with their decision
    assert_constant_queries(django_assert_num_queries, 3 if mine else 4, lambda: client.get(url), add_rows,
                            markers=lambda r: len(r.json()))


@pytest.mark.parametrize("size", [20, 50])
def test_payable_list_on_the_batches_page(client, tree, staff_a, district_a, make_household, make_member, size,
                                          django_assert_num_queries):
    """Approved relief waiting for a payout batch: each row with its household, union and application."""
    def add_rows(n):
        for _ in range(n):
            member = make_member(tree.union_a, name=f"户主{next(seq)}")
            hh = make_household(staff_a, tree.union_a, member=member)
            app = application(staff_a, hh)
            services.decide(actor=staff_a, application_id=app.pk, approve=True)
            services.decide(actor=district_a, application_id=app.pk, approve=True)

    client.force_login(district_a)
    # session, user, roles, COUNT, page (household and union joined), unread messages
    assert_constant_queries(django_assert_num_queries, 6,
                            lambda: client.get(reverse("relief:batches"), {"size": size}), add_rows,
                            markers=lambda r: r.content.decode().count('data-testid="pending-payment"'))


def test_campaigns_and_payable_grids_keep_their_scope(client, tree, staff_a, district_a, staff_b, make_household,
                                                     make_user):
    """Another district's campaigns and payments never show, not even when searched for by name or number."""
    mine = services.create_campaign(actor=district_a, org_id=tree.district_a.pk, name="上城冬季送温暖",
                                    amount="1000", year=2020)
    theirs = services.create_campaign(actor=staff_b, org_id=tree.district_b.pk, name="西湖冬季送温暖",
                                      amount="1000", year=2020)
    client.force_login(district_a)
    page = client.get(reverse("relief:campaigns")).content.decode()
    assert mine.name in page and theirs.name not in page
    for q in ("西湖", str(theirs.pk)):
        page = client.get(reverse("relief:campaigns"), {"q": q}).content.decode()
        assert theirs.name not in page
    page = client.get(reverse("relief:campaigns"), {"status": "approved"}).content.decode()
    assert mine.name not in page and 'data-testid="grid-empty"' in page

    grassroots_b = make_user(roles=[(tree.union_b, "staff")])
    for first, second, org, name in ((staff_a, district_a, tree.union_a, "上城户主"),
                                     (grassroots_b, staff_b, tree.union_b, "西湖户主")):
        hh = make_household(first, org)
        hh.head_name = name
        hh.save(update_fields=["head_name"])
        app = application(first, hh)
        services.decide(actor=first, application_id=app.pk, approve=True)
        services.decide(actor=second, application_id=app.pk, approve=True)
    from niangjia.relief import selectors

    assert selectors.disbursements_awaiting_batch_qs(actor=staff_b).filter(household__head_name="西湖户主").exists()
    client.force_login(district_a)
    page = client.get(reverse("relief:batches")).content.decode()
    assert "上城户主" in page and "西湖户主" not in page
    assert "西湖户主" not in client.get(reverse("relief:batches"), {"q": "西湖"}).content.decode()


# The dibao table and the policy list: relief/tests/test_list_grids.py (fixed queries at page sizes 20 and 50).


def test_monitoring_list(client, tree, staff_a, make_household, make_member, django_assert_num_queries):
    """Flagged households, each with its household, union and last visit."""
    from niangjia.relief.models import RiskFlag

    def add_rows(n):
        for _ in range(n):
            member = make_member(tree.union_a, name=f"户主{next(seq)}")
            hh = make_household(staff_a, tree.union_a, member=member)
            RiskFlag.objects.create(household=hh, org=tree.union_a, code="lost_job", raised_by=staff_a, note="失业")

    client.force_login(staff_a)
    # the grid and the chart's per-kind counts and trend: a fixed 11 whatever the number of flags
    assert_constant_queries(django_assert_num_queries, 11, lambda: client.get(reverse("relief:monitoring")),
                            add_rows, markers=lambda r: r.content.decode().count("户主"))
