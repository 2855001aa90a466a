"""Export selected cases from the case grid (issue 12): the same confirmation, one Excel file through core's
helper, only cases of the actor's unions."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from niangjia.rights.models import Case
from niangjia.rights.services import cases

pytestmark = pytest.mark.django_db
DESC = "公司连续三个月拖欠工资不发，老板一直拖着，我该怎么讨薪？"


def test_export_selected_cases_in_scope_only(client, people, make_member, tree):
    mine = [cases.open_online_case(people.worker, category="wages", description=DESC) for _ in range(2)]
    foreign = cases.open_online_case(make_member(tree.union_b, name="外区职工").user, category="wages",
                                     description=DESC)
    assert foreign.org_id == tree.union_b.pk
    client.force_login(people.staff)
    assert 'data-testid="bulk-export"' in client.get(reverse("rights:workbench")).content.decode()
    ids = [c.pk for c in mine] + [foreign.pk]
    confirm = client.post(reverse("rights:cases_bulk"), {"bulk": "export", "ids": ids, "next": "/"}).content.decode()
    assert 'data-testid="bulk-confirm"' in confirm and foreign.number not in confirm and mine[1].number in confirm
    done = client.post(reverse("rights:cases_bulk"), {"bulk": "export", "ids": ids, "confirm": "1", "next": "/"})
    assert "spreadsheetml" in done["Content-Type"]
    cells = {v for r in load_workbook(io.BytesIO(done.content)).active.iter_rows(values_only=True) for v in r}
    assert {c.number for c in mine} <= cells and foreign.number not in cells
    assert Case.objects.count() == 3  # exporting changes nothing
