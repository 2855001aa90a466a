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
def test_workbench_campaign_list(client, tree, city_staff, make_member, django_assert_num_queries):
    def add_rows(n):
        for _ in range(n):
            c = new_campaign(city_staff, tree.city, f"慰问活动{next(seq)}")
            member = make_member(tree.union_a)
            services.select_recipients(actor=city_staff, campaign_id=c.pk, org_id=tree.city.pk, rule="manual",
                                       member_ids=[member.pk])

    client.force_login(city_staff)
    assert_constant_queries(django_assert_num_queries, 9, lambda: client.get("/care/workbench/"), add_rows,
                            markers=lambda r: r.content.decode().count("慰问活动"))


@pytest.mark.django_db
def test_campaign_page_recipients(client, tree, city_staff, campaign, make_member, django_assert_num_queries):
    def add_rows(n):
        members = [make_member(tree.union_a if i % 2 else tree.union_a2, name=f"受助人{next(seq)}") for i in range(n)]
        services.select_recipients(actor=city_staff, campaign_id=campaign.pk, org_id=tree.city.pk, rule="manual",
                                   member_ids=[m.pk for m in members])

    client.force_login(city_staff)
    url = f"/care/workbench/campaigns/{campaign.pk}/"
    assert_constant_queries(django_assert_num_queries, 13, lambda: client.get(url), add_rows,
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
