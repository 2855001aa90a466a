"""Mutual-aid list pages cost the same number of queries with 3 rows and with 6, each row with its related
objects (plan, union, member); see niangjia/core/tests/querycount.py. The review queue is measured in
test_views.py."""

import datetime as dt
import itertools

from django.urls import reverse

from niangjia.core.tests.querycount import assert_constant_queries
from niangjia.mutual_aid import services
from niangjia.mutual_aid.tests.test_views import invoice_photo

seq = itertools.count(1)


def test_enrolment_batches_page(client, tree, plan, staff, make_member, django_assert_num_queries):
    def add_rows(n):
        for _ in range(n):
            members = [make_member(tree.union_a if i % 2 else tree.union_a2) for i in range(2)]
            services.enrol_members(actor=staff, plan_id=plan.pk, org_id=tree.district_a.pk,
                                   member_ids=[m.pk for m in members], on=dt.date(2020, 1, 1))

    client.force_login(staff)
    assert_constant_queries(django_assert_num_queries, 5, lambda: client.get(reverse("mutual_aid:batches")),
                            add_rows, markers=lambda r: r.content.decode().count('name="batch"'))


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
