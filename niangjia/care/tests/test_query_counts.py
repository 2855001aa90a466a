"""Care list pages cost the same number of queries with 3 rows and with 6, each row with its related objects
(campaign, member, union); see niangjia/core/tests/querycount.py."""

import datetime as dt
import itertools

import pytest

from niangjia.care import services
from niangjia.core.tests.querycount import assert_constant_queries

seq = itertools.count(1)


def new_campaign(actor, org, name):
    return services.create_campaign(actor=actor, org_id=org.pk, name=name, kind="warmth", form="cash",
                                    start=dt.date(2020, 12, 1), end=dt.date(2021, 2, 1), total_budget="100000",
                                    per_person="500")


@pytest.mark.django_db
@pytest.mark.parametrize("size", [20, 50])
def test_workbench_campaign_list(client, tree, city_staff, make_member, size, django_assert_num_queries):
    def add_rows(n):
        for _ in range(n):
            c = new_campaign(city_staff, tree.city, f"慰问活动{next(seq)}")
            member = make_member(tree.union_a)
            services.select_recipients(actor=city_staff, campaign_id=c.pk, org_id=tree.city.pk, rule="manual",
                                       member_ids=[member.pk])

    client.force_login(city_staff)
    # the campaigns grid: COUNT + page
    assert_constant_queries(django_assert_num_queries, 10, lambda: client.get(f"/care/workbench/?size={size}"), add_rows,
                            markers=lambda r: r.content.decode().count("慰问活动"))


@pytest.mark.django_db
@pytest.mark.parametrize("size", [20, 50])
def test_campaign_page_recipients(client, tree, city_staff, campaign, make_member, size, django_assert_num_queries):
    def add_rows(n):
        members = [make_member(tree.union_a if i % 2 else tree.union_a2, name=f"受助人{next(seq)}") for i in range(n)]
        services.select_recipients(actor=city_staff, campaign_id=campaign.pk, org_id=tree.city.pk, rule="manual",
                                   member_ids=[m.pk for m in members])

    client.force_login(city_staff)
    url = f"/care/workbench/campaigns/{campaign.pk}/?size={size}"
    # the recipients grid: COUNT + page
    assert_constant_queries(django_assert_num_queries, 14, lambda: client.get(url), add_rows,
                            markers=lambda r: r.content.decode().count("受助人"))


@pytest.mark.django_db
def test_member_deliveries(client, tree, city_staff, make_member, django_assert_num_queries):
    member = make_member(tree.union_a)

    def add_rows(n):
        for _ in range(n):
            c = new_campaign(city_staff, tree.city, f"送清凉{next(seq)}")
            services.select_recipients(actor=city_staff, campaign_id=c.pk, org_id=tree.city.pk, rule="manual",
                                       member_ids=[member.pk])

    client.force_login(member.user)
    assert_constant_queries(django_assert_num_queries, 5, lambda: client.get("/care/"), add_rows,
                            markers=lambda r: r.content.decode().count("送清凉"))


@pytest.mark.django_db
def test_care_grids_search_filter_and_scope(client, tree, city_staff, district_staff, campaign, make_member):
    a = make_member(tree.union_a, name="张受助")
    b = make_member(tree.union_b, name="外区受助")
    services.select_recipients(actor=city_staff, campaign_id=campaign.pk, org_id=tree.city.pk, rule="manual",
                               member_ids=[a.pk, b.pk])
    new_campaign(city_staff, tree.city, "夏送清凉活动")
    client.force_login(city_staff)
    page = client.get("/care/workbench/", {"q": "清凉"}).content.decode()
    assert "夏送清凉活动" in page and "2020年送温暖" not in page
    url = f"/care/workbench/campaigns/{campaign.pk}/"
    page = client.get(url, {"q": "张"}).content.decode()
    assert "张受助" in page and "外区受助" not in page
    page = client.get(url, {"status": "confirmed"}).content.decode()
    assert "张受助" not in page and 'data-testid="grid-empty"' in page
    # A district's staff (given budget) sees only their own district's recipients in the grid.
    services.allocate(actor=city_staff, campaign_id=campaign.pk, from_org_id=tree.city.pk,
                      to_org_id=tree.district_a.pk, amount="1000")
    client.force_login(district_staff)
    page = client.get(url).content.decode()
    assert "张受助" in page and "外区受助" not in page
