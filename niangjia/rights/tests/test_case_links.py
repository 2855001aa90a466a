"""A rights case links to the mediations and letters started from it, and they link back; starting one from the
case carries the worker, employer and facts over; only staff of the case's union may start one."""

import datetime as dt

import pytest

from niangjia.core.errors import NotFound
from niangjia.rights.models import CaseEvent, Mediation, SupervisionLetter
from niangjia.rights.services import cases, letters, mediation


@pytest.fixture
def case(people):
    return cases.open_online_case(people.worker, category="wages", description="单位拖欠三个月工资，一直不发。")


def _value(body: str, name: str) -> str:
    return body.split(f'name="{name}"', 1)[1].split('value="', 1)[1].split('"', 1)[0]


def test_case_page_offers_both_and_mediation_carries_the_facts_over(client, people, case):
    client.force_login(people.staff)
    page = client.get(f"/rights/workbench/cases/{case.pk}/").content.decode()
    assert 'data-testid="start-mediation"' in page and 'data-testid="start-letter"' in page
    form = client.get("/rights/workbench/mediation/", {"case": case.pk}).content.decode()
    assert 'data-testid="from-case"' in form and case.number in form
    assert _value(form, "case_id") == str(case.pk)
    assert _value(form, "worker_name") == "王师傅"
    assert _value(form, "employer_name") == case.employer_name == "湖滨商贸有限公司"
    assert _value(form, "employer_uscc") == case.employer_uscc
    assert "拖欠工资" in _value(form, "claim_label_1") or case.title in _value(form, "claim_label_1")
    response = client.post("/rights/workbench/mediation/", {
        "case_id": case.pk, "org": case.org_id, "worker_name": "王师傅", "employer_name": case.employer_name,
        "employer_uscc": case.employer_uscc, "claim_label_1": _value(form, "claim_label_1"), "claim_amount_1": "9000"})
    m = Mediation.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/rights/mediation/{m.pk}/"
    assert m.case_id == case.pk and m.org_id == case.org_id and m.worker_id == people.worker.pk
    assert CaseEvent.objects.filter(case=case, kind="link", note__contains=f"调解编号 {m.pk}").exists()
    page = client.get(f"/rights/workbench/cases/{case.pk}/").content.decode()
    assert f'href="/rights/mediation/{m.pk}/"' in page
    back = client.get(f"/rights/mediation/{m.pk}/").content.decode()
    assert f'href="/rights/workbench/cases/{case.pk}/"' in back and case.number in back
    assert 'data-testid="breadcrumb"' in back  # a sub-page of the module stays inside the workbench layout
    client.force_login(people.worker)
    mine = client.get(f"/rights/mediation/{m.pk}/").content.decode()
    assert 'data-testid="breadcrumb"' not in mine and f"#{m.pk}" in mine  # the worker's phone page


def test_letter_from_case_carries_facts_and_links_both_ways(client, people, case):
    client.force_login(people.staff)
    form = client.get("/rights/workbench/letters/", {"case": case.pk}).content.decode()
    assert _value(form, "recipient_name") == case.employer_name
    issues = form.split('name="issues"', 1)[1].split(">", 1)[1].split("</textarea>", 1)[0]
    assert case.number in issues and "拖欠三个月工资" in issues
    client.post("/rights/workbench/letters/", {
        "case_id": case.pk, "org": case.org_id, "kind": "opinion", "recipient_name": case.employer_name,
        "employer_uscc": case.employer_uscc, "issues": "拖欠工资三个月", "legal_basis": "《劳动合同法》第三十条",
        "rectification": "足额支付拖欠工资"})
    letter = SupervisionLetter.objects.get()
    assert letter.case_id == case.pk and letter.org_id == case.org_id
    page = client.get(f"/rights/workbench/cases/{case.pk}/").content.decode()
    assert letter.number in page and f'href="/rights/workbench/letters/{letter.pk}/"' in page
    back = client.get(f"/rights/workbench/letters/{letter.pk}/").content.decode()
    assert f'href="/rights/workbench/cases/{case.pk}/"' in back


def test_another_district_cannot_start_from_the_case(client, people, case):
    client.force_login(people.staff_b)
    assert client.get("/rights/workbench/mediation/", {"case": case.pk}).status_code == 404
    assert client.get("/rights/workbench/letters/", {"case": case.pk}).status_code == 404
    response = client.post("/rights/workbench/letters/", {
        "case_id": case.pk, "org": people.tree.district_b.pk, "kind": "opinion", "recipient_name": "x",
        "issues": "x", "legal_basis": "x", "rectification": "x"})
    assert response.status_code == 404 and not SupervisionLetter.objects.exists()
    with pytest.raises(NotFound):
        letters.issue(people.staff_b, org=people.tree.district_b, kind="opinion", recipient_name="x", issues="x",
                      legal_basis="x", rectification="x", case_id=case.pk)


def test_a_volunteer_lawyer_on_the_case_sees_no_start_buttons(client, people, case):
    cases.assign(people.staff, case_id=case.pk, assignee_id=people.lawyer.pk)
    client.force_login(people.lawyer)
    page = client.get(f"/rights/workbench/cases/{case.pk}/")
    if page.status_code == 200:
        assert 'data-testid="start-mediation"' not in page.content.decode()


def test_agreement_reached_is_written_on_the_case(people, case, make_user):
    t = people.tree
    employer = make_user(roles=[(t.union_a, "employer")])
    m = mediation.open_mediation(people.staff, org=t.district_a, worker=None, worker_name="王师傅",
                                 employer_name=case.employer_name, employer_uscc=case.employer_uscc,
                                 claims=[("拖欠工资", "1000")], case_id=case.pk)
    claim = m.claims.get()
    mediation.record_agreement(people.staff, mediation_id=m.pk, terms="一次付清", agreed={claim.pk: "1000"},
                               instalments=[(dt.date(2030, 1, 1), "1000")])
    mediation.confirm(people.worker, mediation_id=m.pk)  # the case's worker, carried over from the case
    mediation.confirm(employer, mediation_id=m.pk)
    assert Mediation.objects.get(pk=m.pk).status == "agreed"
    assert CaseEvent.objects.filter(case=case, kind="link", note__contains="调解达成协议").exists()
