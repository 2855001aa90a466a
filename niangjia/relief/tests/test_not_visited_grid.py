"""Monitoring's "on file, not visited in 90 days" list opens in the households grid (issue 12: every list sorts,
searches and pages): the grid's visit filter shows exactly the households with an open file and no visit in 90
days, in scope only."""

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from niangjia.relief.models import HardshipFile, Household


def _on_file(hh, last_visit=None):
    HardshipFile.objects.create(household=hh, org=hh.org, category="deep", causes=["illness"], status="active",
                                review_date=timezone.localdate())
    Household.objects.filter(pk=hh.pk).update(last_visit_on=last_visit)


def test_the_visit_filter_lists_households_on_file_not_visited_in_90_days(client, tree, make_user, make_household,
                                                                           staff_a):
    today = timezone.localdate()
    never = make_household(staff_a, tree.union_a)
    _on_file(never)
    long_ago = make_household(staff_a, tree.union_a)
    _on_file(long_ago, today - dt.timedelta(days=91))
    recent = make_household(staff_a, tree.union_a)
    _on_file(recent, today - dt.timedelta(days=90))  # exactly 90 days: not yet overdue
    no_file = make_household(staff_a, tree.union_a)
    other = make_household(make_user(roles=[(tree.union_b, "staff")]), tree.union_b)
    _on_file(other)
    staff = make_user(roles=[(tree.district_a, "staff")])
    client.force_login(staff)
    url = reverse("relief:households")
    page = client.get(url, {"visit": "overdue", "sort": "last_visit_on"}).content.decode()
    shown = {pk for pk in (never.pk, long_ago.pk, recent.pk, no_file.pk, other.pk)
             if reverse("relief:household", args=[pk]) + '"' in page}
    assert shown == {never.pk, long_ago.pk}
    assert 'name="visit"' in page  # the filter is on the grid and kept in its links
    every = client.get(url).content.decode()
    assert reverse("relief:household", args=[no_file.pk]) + '"' in every
    monitoring = client.get(reverse("relief:monitoring")).content.decode()
    assert 'data-testid="not-visited-all"' in monitoring and "visit=overdue" in monitoring
