"""Published results: the resolution PDF and the Excel tallies per group (sums equal the stored counts), scope on
downloads, and the chair's sitting page at a fixed number of queries whatever the number of motions."""

import io
import itertools

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from niangjia.congress import services
from niangjia.core.tests.querycount import assert_constant_queries

pytestmark = pytest.mark.django_db


def _closed_vote(c, *, secret, choices=("yes", "yes", "yes", "yes", "no", "abstain", "yes")):
    for d in c.delegates:
        services.check_in(actor=d.user, sitting_id=c.sitting.pk)
    m = services.create_motion(actor=c.chair, sitting_id=c.sitting.pk, title="关于2026年工资调整方案的决议",
                               kind="resolution", secret=secret)
    services.open_motion(actor=c.chair, motion_id=m.pk)
    for d, ch in zip(c.delegates, choices, strict=True):
        services.cast_ballot(actor=d.user, motion_id=m.pk, choice=ch)
    return services.close_motion(actor=c.chair, motion_id=m.pk)


@pytest.mark.parametrize("secret", [False, True])
def test_excel_tallies_per_group_add_up(client, small_congress, secret):
    c = small_congress
    m = _closed_vote(c, secret=secret)
    client.force_login(c.chair)
    r = client.get(reverse("congress:tally_xlsx", args=[m.pk]))
    assert r.status_code == 200
    ws = load_workbook(io.BytesIO(r.content)).active
    rows = [list(row) for row in ws.iter_rows(min_row=2, values_only=True)]
    assert rows[0] == ["代表团", "代表人数", "赞成", "反对", "弃权"]
    groups, total = rows[1:-1], rows[-1]
    assert [g[0] for g in groups] == ["一组", "二组"]
    # delegates 0,2,4,6 are in 一组: yes, yes, no, yes; delegates 1,3,5 in 二组: yes, yes, abstain
    assert groups[0][1:] == [4, 3, 1, 0] and groups[1][1:] == [3, 2, 0, 1]
    assert total == ["合计", 7, m.yes, m.no, m.abstain] == ["合计", 7, 5, 1, 1]


def test_resolution_pdf(client, small_congress):
    c = small_congress
    m = _closed_vote(c, secret=True)
    client.force_login(c.chair)
    r = client.get(reverse("congress:resolution_pdf", args=[m.pk]))
    assert r.status_code == 200 and r["Content-Type"] == "application/pdf" and r.content.startswith(b"%PDF")
    assert "filename*=" in r["Content-Disposition"]


def test_results_only_after_close_and_only_in_scope(client, small_congress):
    c = small_congress
    m = services.create_motion(actor=c.chair, sitting_id=c.sitting.pk, title="议题", kind="resolution", secret=False)
    client.force_login(c.chair)
    r = client.get(reverse("congress:resolution_pdf", args=[m.pk]))
    assert r.status_code == 302  # not closed: back to the sitting with a message
    m = _closed_vote(c, secret=False)
    client.force_login(c.outsider_staff)
    assert client.get(reverse("congress:resolution_pdf", args=[m.pk])).status_code == 404
    assert client.get(reverse("congress:tally_xlsx", args=[m.pk])).status_code == 404
    client.force_login(c.delegates[0].user)
    assert client.get(reverse("congress:tally_xlsx", args=[m.pk])).status_code in (302, 403, 404)


def test_chair_sitting_page_costs_fixed_queries(client, small_congress, django_assert_num_queries):
    c = small_congress
    for d in c.delegates:
        services.check_in(actor=d.user, sitting_id=c.sitting.pk)
    client.force_login(c.chair)
    counter = itertools.count()

    def add_rows(n):
        # each round: a closed open-ballot motion, a closed secret one and an open election with candidates
        for _ in range(n // 3):
            i = next(counter)
            for secret in (False, True):
                m = services.create_motion(actor=c.chair, sitting_id=c.sitting.pk, title=f"决议{i}{secret}",
                                           kind="resolution", secret=secret)
                services.open_motion(actor=c.chair, motion_id=m.pk)
                services.cast_ballot(actor=c.delegates[0].user, motion_id=m.pk, choice="yes")
                services.close_motion(actor=c.chair, motion_id=m.pk)
            e = services.create_motion(actor=c.chair, sitting_id=c.sitting.pk, title=f"选举{i}", kind="election",
                                       secret=True, seats=1, candidates=["甲", "乙"])
            services.open_motion(actor=c.chair, motion_id=e.pk)

    url = reverse("congress:sitting", args=[c.sitting.pk])
    assert_constant_queries(django_assert_num_queries, 15, lambda: client.get(url), lambda n: add_rows(n * 3),
                            markers=lambda r: r.content.decode().count('data-testid="motion-') // 3)
