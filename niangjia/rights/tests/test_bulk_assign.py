"""Bulk assignment of rights cases: the confirmation shows the count and asks for one handler, then the single
assignment service runs per case (timeline, audit, message); another district's case in the selection is not
touched; without a handler nothing changes."""

from niangjia.core.models import AuditEvent, Message
from niangjia.rights.models import Case
from niangjia.rights.services import cases

URL = "/rights/workbench/cases/bulk/"


def test_assign_three_cases_to_one_lawyer(client, people):
    mine = [cases.open_online_case(people.worker, category="wages", description=f"拖欠工资第{i}个月，一直不发。")
            for i in range(3)]
    foreign = cases.open_hotline_case(people.staff_b, org=people.tree.union_b, caller_phone="13900001111",
                                      category="wages", description="西湖区的来电求助，工资拖欠。")
    client.force_login(people.staff)
    page = client.get("/rights/workbench/").content.decode()
    assert 'data-testid="bulk-assign"' in page
    ids = [c.pk for c in mine] + [foreign.pk]
    confirm = client.post(URL, {"bulk": "assign", "ids": ids, "next": "/rights/workbench/"}).content.decode()
    assert 'data-testid="bulk-confirm"' in confirm and 'data-testid="bulk-pick"' in confirm
    assert "张律师" in confirm and foreign.number not in confirm
    client.post(URL, {"bulk": "assign", "ids": ids, "confirm": "1", "next": "/rights/workbench/"})
    assert not Case.objects.filter(assignee__isnull=False).exists()  # no handler chosen: nothing changed
    client.post(URL, {"bulk": "assign", "ids": ids, "confirm": "1", "pick": str(people.lawyer.pk),
                      "next": "/rights/workbench/"})
    assert set(Case.objects.filter(assignee=people.lawyer).values_list("pk", flat=True)) == {c.pk for c in mine}
    assert Case.objects.get(pk=foreign.pk).assignee_id is None
    assert AuditEvent.objects.filter(action="rights.case_assignee").count() == 3
    assert Message.objects.filter(recipient=people.lawyer, kind="rights.case_assigned").count() == 3


def test_a_handler_not_offered_is_refused(client, people):
    case = cases.open_online_case(people.worker, category="wages", description="拖欠工资三个月，一直不发。")
    client.force_login(people.staff)
    client.post(URL, {"bulk": "assign", "ids": [case.pk], "confirm": "1", "pick": str(people.worker.pk),
                      "next": "/rights/workbench/"})
    assert Case.objects.get(pk=case.pk).assignee_id is None
