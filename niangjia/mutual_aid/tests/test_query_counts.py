"""Mutual-aid list pages cost the same number of queries with 3 rows and with 6, each row with its related
objects (plan, union, member); see niangjia/core/tests/querycount.py. The review queue is measured in
test_views.py."""

import datetime as dt
import itertools

import pytest
from django.urls import reverse

from niangjia.core.tests.querycount import assert_constant_queries
from niangjia.mutual_aid import services
from niangjia.mutual_aid.tests.test_views import invoice_photo

seq = itertools.count(1)


@pytest.mark.parametrize("size", [20, 50])
def test_enrolment_batches_page(client, tree, plan, staff, make_member, size, django_assert_num_queries):
    def add_rows(n):
        for _ in range(n):
            members = [make_member(tree.union_a if i % 2 else tree.union_a2) for i in range(2)]
            services.enrol_members(actor=staff, plan_id=plan.pk, org_id=tree.district_a.pk,
                                   member_ids=[m.pk for m in members], on=dt.date(2020, 1, 1))

    client.force_login(staff)
    # session, user, roles, COUNT, page (plan and union joined), unread messages
    assert_constant_queries(django_assert_num_queries, 6,
                            lambda: client.get(reverse("mutual_aid:batches"), {"size": size}),
                            add_rows, markers=lambda r: r.content.decode().count('name="batch"'))


def test_enrolment_batches_grid_search_filter_and_scope(client, tree, plan, staff, make_member):
    from niangjia.mutual_aid.models import EnrolmentBatch

    mine = services.enrol_members(actor=staff, plan_id=plan.pk, org_id=tree.district_a.pk,
                                  member_ids=[make_member(tree.union_a).pk], on=dt.date(2020, 1, 1))
    foreign = EnrolmentBatch.objects.create(plan=plan, org=tree.union_b, count=1, premium_total="77.70")
    client.force_login(staff)
    page = client.get(reverse("mutual_aid:batches")).content.decode()
    assert f'name="batch" value="{mine.pk}"' in page and f'name="batch" value="{foreign.pk}"' not in page
    assert "¥77.70" not in page
    assert 'data-testid="grid-count"' in page
    page = client.get(reverse("mutual_aid:batches"), {"q": str(foreign.pk)}).content.decode()
    assert 'data-testid="grid-empty"' in page  # a guessed number of another district finds nothing
    page = client.get(reverse("mutual_aid:batches"), {"paid": "yes"}).content.decode()
    assert f'name="batch" value="{mine.pk}"' not in page
    # Recording a payment on another district's batch is refused.
    client.post(reverse("mutual_aid:batches"), {"batch": foreign.pk, "amount": "77.70", "paid_on": "2020-01-05"})
    foreign.refresh_from_db()
    assert foreign.paid_on is None


def test_member_home_with_claims(client, enrolled, plan, django_assert_num_queries):
    def add_rows(n):
        for _ in range(n):
            i = next(seq)
            services.submit_claim(actor=enrolled.user, plan_id=plan.pk, kind="inpatient", hospital=f"第{i}医院",
                                  admitted_on=dt.date(2020, 6, 1), discharged_on=None, invoice_no=f"QC{i}",
                                  total_cost="9000", insurance_paid="0", self_paid="9000",
                                  today=dt.date(2020, 12, 31), photos=[invoice_photo()])

    client.force_login(enrolled.user)
    assert_constant_queries(django_assert_num_queries, 9, lambda: client.get(reverse("mutual_aid:home")), add_rows,
                            markers=lambda r: r.content.decode().count("QC"))
