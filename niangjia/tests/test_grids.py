"""Keyword search on the rights case list (number, employer, title), through the shared grid."""

from django.urls import reverse

from niangjia.tests.test_todo import _case


def test_case_list_keyword_search(client, tree, make_user):
    staff = make_user(roles=[(tree.district_a, "staff")])
    a, b = _case(tree.union_a, "k1", 5), _case(tree.union_a, "k2", 5)
    _case(tree.union_b, "k3", 5)
    client.force_login(staff)
    url = reverse("rights:workbench")
    for q, shown, hidden in ((a.number, a.number, b.number), ("某公司k2", b.number, a.number),
                             ("欠薪k1", a.number, b.number)):
        html = client.get(url, {"q": q}).content.decode()
        assert shown in html and hidden not in html, q
    html = client.get(url, {"q": f"WQ-T-{tree.union_b.pk}-k3"}).content.decode()
    assert 'data-testid="grid-empty"' in html  # another district's case is not found by number either
    html = client.get(url, {"sort": "-due", "size": "50", "status": "new"}).content.decode()
    assert 'name="size"' in html and a.number in html


def test_alert_count_opens_the_flagged_households_with_reason_and_visit_action(client, tree, make_user, make_household,
                                                                               staff_a):
    from niangjia.relief.models import RiskFlag

    a = make_household(staff_a, tree.union_a)
    b = make_household(make_user(roles=[(tree.union_b, "staff")]), tree.union_b)
    RiskFlag.objects.create(household=a, org=a.org, code="lost_job", note="工厂停产")
    RiskFlag.objects.create(household=b, org=b.org, code="lost_job")
    staff = make_user(roles=[(tree.district_a, "staff")])
    client.force_login(staff)
    page = client.get(reverse("relief:monitoring")).content.decode()
    assert 'href="?code=lost_job#flagged"' in page
    html = client.get(reverse("relief:monitoring"), {"code": "lost_job"}).content.decode()
    assert html.count('data-testid="flag-row"') == 1 and "工厂停产" in html
    assert reverse("relief:household", args=[a.pk]) + "#visit" in html
    assert reverse("relief:household", args=[b.pk]) not in html


def test_bulk_join_approval_confirms_then_runs_each_and_ignores_other_districts(client, tree, make_user,
                                                                                make_verified_user):

    from niangjia.core.models import JoinRequest, Member

    def verified(i, name):
        return make_verified_user(900 + i, name)

    staff = make_user(roles=[(tree.district_a, "staff")])
    mine = [JoinRequest.objects.create(user=verified(i, f"申请{i}"), org=tree.union_a) for i in range(3)]
    other = JoinRequest.objects.create(user=verified(9, "乙区"), org=tree.union_b)
    client.force_login(staff)
    url = reverse("core:approvals_bulk")
    ids = [r.pk for r in mine] + [other.pk]
    confirm = client.post(url, {"ids": ids, "bulk": "approve"}).content.decode()
    assert 'data-testid="bulk-confirm"' in confirm and "乙区" not in confirm
    assert not Member.objects.exists()
    client.post(url, {"ids": ids, "bulk": "approve", "confirm": "1"})
    assert Member.objects.count() == 3
    other.refresh_from_db()
    assert other.status == "pending"


def test_flagged_household_gets_a_helper_from_the_monitoring_list(client, tree, make_user, make_household,
                                                                  staff_a):
    from niangjia.core.models import AuditEvent, Message
    from niangjia.relief import services
    from niangjia.relief.models import HardshipFile, RiskFlag

    district = make_user(roles=[(tree.district_a, "staff")], name="区干部")
    helper = make_user(roles=[(tree.union_a, "social_worker")], name="社工小李", real_name="社工小李")
    outsider = make_user(roles=[(tree.union_b, "staff")], name="外区干事", real_name="外区干事")
    hh = make_household(staff_a, tree.union_a, incomes=("600", "0"))
    services.open_file(actor=staff_a, household_id=hh.pk, category="deep", causes=["illness"], disposable="7200",
                       rigid="0", year=2020)
    RiskFlag.objects.create(household=hh, org=tree.union_a, code="borderline")
    client.force_login(district)
    page = client.get("/relief/workbench/monitoring/").content.decode()
    assert 'data-testid="assign-helper"' in page and "社工小李" in page and "外区干事" not in page
    client.post("/relief/workbench/monitoring/", {"household": hh.pk, "helper": helper.pk})
    assert HardshipFile.objects.get(household=hh).helper_id == helper.pk
    assert Message.objects.filter(recipient=helper, kind="relief.helper_assigned").exists()
    assert AuditEvent.objects.filter(action="relief.helper_assign").exists()
    page = client.get("/relief/workbench/monitoring/").content.decode()
    assert "社工小李" in page.split('data-testid="flag-row"', 1)[1].split("</tr>", 1)[0]
    # someone who does not cover the household's union is refused, nothing changes
    client.post("/relief/workbench/monitoring/", {"household": hh.pk, "helper": outsider.pk})
    assert HardshipFile.objects.get(household=hh).helper_id == helper.pk
