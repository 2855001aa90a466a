"""Issue 9 (relief): the exit rule on monthly income records (policies.md §1 脱困: 6 consecutive months with
per-capita income above dibao), monitoring on §1's per-capita formula (§4), and one household per head.

The tree's households are in 330102; the dibao is the demo city's current-year 1,200 yuan (330100)."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook

from niangjia.core.errors import Conflict, Forbidden, Invalid, NotFound
from niangjia.core.models import AuditEvent
from niangjia.core.spreadsheets import ImportRejected
from niangjia.relief import services
from niangjia.relief.models import (
    Disbursement,
    FileStatusChange,
    HardshipFile,
    Household,
    HouseholdYearTotal,
    IncomeRecord,
    RiskFlag,
)

TODAY = timezone.localdate()
YEAR = TODAY.year


def month_back(k: int) -> dt.date:
    y, m = divmod(TODAY.year * 12 + TODAY.month - 1 - k, 12)
    return dt.date(y, m + 1, 1)


def deep_file(staff, hh):
    return services.open_file(actor=staff, household_id=hh.pk, category="deep", causes=["illness"],
                              disposable="7200", rigid="0", year=2020)


def records(staff, hh, incomes, people=3, rigid="0"):
    """incomes[0] is the oldest month; the last one is this month."""
    for k, income in enumerate(reversed(incomes)):
        services.record_income(actor=staff, household_id=hh.pk, month=month_back(k), income=income, rigid=rigid,
                               people=people)


def file_state():
    return (list(HardshipFile.objects.values_list("status", "exited_on")), FileStatusChange.objects.count(),
            AuditEvent.objects.filter(action__startswith="relief.file").count())


# --- exit rule --------------------------------------------------------------------------------------


@pytest.fixture
def filed(tree, staff_a, make_household):
    hh = make_household(staff_a, tree.union_a, incomes=("600", "0", "0"))
    return hh, deep_file(staff_a, hh)


def test_exit_needs_six_months_above_dibao_or_an_approvers_override(tree, staff_a, district_a, filed):
    hh, f = filed
    # 3 persons, dibao 1,200 → above means income − rigid > 3,600; five good months and one exactly on the line
    records(staff_a, hh, ["3600", "3600.03", "4000", "4000", "4000", "4000"])
    before = file_state()
    with pytest.raises(Conflict) as exc:
        services.change_file_status(actor=staff_a, file_id=f.pk, to_status="exited", reason="收入稳定")
    assert exc.value.code == "relief.exit_rule"
    assert "连续 5 个月" in exc.value.message
    with pytest.raises(Forbidden):  # grassroots staff may not override
        services.change_file_status(actor=staff_a, file_id=f.pk, to_status="exited", reason="收入稳定", override=True)
    with pytest.raises(Invalid, match="必须填写原因"):
        services.change_file_status(actor=district_a, file_id=f.pk, to_status="exited", reason=" ", override=True)
    assert file_state() == before
    services.change_file_status(actor=district_a, file_id=f.pk, to_status="exited", reason="已稳定就业，家庭同意",
                                override=True)
    f.refresh_from_db()
    assert f.status == "exited"
    change = f.history.get(to_status="exited")
    assert change.override and change.actor == district_a
    assert any("连续 5 个月" in line for line in change.check_lines)
    event = AuditEvent.objects.get(action="relief.file_exit_override")
    assert event.summary["reason"] == "已稳定就业，家庭同意"


def test_exit_when_the_rule_holds_and_the_override_is_shown_on_the_file(client, tree, staff_a, district_a, filed):
    hh, f = filed
    records(staff_a, hh, ["3600.03", "4000", "4000", "4000", "4000", "4000"])  # 1,200.01 a person is above
    services.change_file_status(actor=staff_a, file_id=f.pk, to_status="exited", reason="连续 6 个月收入高于低保")
    change = FileStatusChange.objects.get(file=f, to_status="exited")
    assert not change.override
    assert "符合脱困条件" in change.check_lines[-1]
    # another file exited by override shows it on the household page
    hh2 = Household.objects.get(pk=hh.pk)
    services.change_file_status(actor=staff_a, file_id=f.pk, to_status="relapsed", reason="再次患病")
    IncomeRecord.objects.filter(household=hh2, month=month_back(0)).update(income=Decimal("100"))
    services.change_file_status(actor=district_a, file_id=f.pk, to_status="exited", reason="转由民政兜底",
                                override=True)
    client.force_login(district_a)
    body = client.get(reverse("relief:household", args=[hh.pk])).content.decode()
    assert 'data-testid="exit-override"' in body and "审批人破例脱困" in body
    assert "→已脱困" in body and "exited" not in body.split('data-testid="file-history"')[1][:400]  # labels, never codes
    assert 'data-testid="income-records"' in body


def test_stale_income_records_do_not_count(tree, staff_a, filed):
    hh, f = filed
    for k in range(4, 10):  # six good months, but the latest is four months old
        services.record_income(actor=staff_a, household_id=hh.pk, month=month_back(k), income="4000", people=3)
    with pytest.raises(Conflict, match="已超过 3 个月"):
        services.change_file_status(actor=staff_a, file_id=f.pk, to_status="exited", reason="收入稳定")


def test_income_is_entered_at_a_visit_and_corrected_with_an_audit_trail(client, tree, staff_a, filed):
    hh, _f = filed
    client.force_login(staff_a)
    r = client.post(reverse("relief:household", args=[hh.pk]), {
        "action": "visit", "on": TODAY.isoformat(), "notes": "走访，核实收入", "income": "3900", "rigid_month": "100",
        "people": "3"})
    assert r.status_code == 302
    rec = IncomeRecord.objects.get(household=hh)
    assert (rec.month, rec.income, rec.rigid, rec.people, rec.source) == (
        TODAY.replace(day=1), Decimal("3900"), Decimal("100"), 3, "visit")
    assert rec.visit is not None
    services.record_income(actor=staff_a, household_id=hh.pk, month=TODAY, income="4100", people=3)
    assert IncomeRecord.objects.get(household=hh).income == Decimal("4100")
    event = AuditEvent.objects.filter(action="relief.income_record").order_by("-id").first()
    assert event.summary["replaced"]["income"] == "3900.00"
    before = IncomeRecord.objects.count(), AuditEvent.objects.count()
    for bad in ({"month": month_back(-1), "income": "1"}, {"month": TODAY, "income": "-1"},
                {"month": "2026-13", "income": "1"}, {"month": TODAY, "income": "1e309"}):
        with pytest.raises(Invalid):
            services.record_income(actor=staff_a, household_id=hh.pk, people=3, **bad)
    with pytest.raises(Invalid, match="1 到 30"):
        services.record_income(actor=staff_a, household_id=hh.pk, month=TODAY, income="1", people=0)
    assert (IncomeRecord.objects.count(), AuditEvent.objects.count()) == before


def xlsx(rows) -> SimpleUploadedFile:
    wb = Workbook()
    ws = wb.active
    ws.append(services.INCOME_HEADERS)
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return SimpleUploadedFile("income.xlsx", buf.getvalue(),
                              content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


def test_income_import_is_all_or_nothing_with_row_errors(client, tree, staff_a, staff_b, filed, make_household):
    hh, _f = filed
    other = make_household(staff_b, tree.union_b, region="330106")  # not in staff_a's scope
    good = [[str(hh.pk), f"{month_back(k):%Y-%m}", "4000", "0", "3"] for k in range(6)]
    bad = [*good, [str(other.pk), f"{TODAY:%Y-%m}", "4000", "0", "3"], [str(hh.pk), f"{TODAY:%Y-%m}", "1", "0", "3"],
           [str(hh.pk), "下个月", "1", "0", "3"]]
    with pytest.raises(ImportRejected) as exc:
        services.import_income_records(actor=staff_a, upload=xlsx(bad))
    reasons = {e.line: e.reason for e in exc.value.errors}
    assert set(reasons) == {8, 9, 10}
    assert "不在您的管理范围内" in reasons[8] and "重复" in reasons[9] and "月份格式" in reasons[10]
    assert not IncomeRecord.objects.exists()
    client.force_login(staff_a)
    r = client.post(reverse("relief:income"), {"file": xlsx(bad)})
    assert 'data-testid="import-errors"' in r.content.decode()
    assert not IncomeRecord.objects.exists()
    assert services.import_income_records(actor=staff_a, upload=xlsx(good)) == 6
    assert IncomeRecord.objects.filter(household=hh, source="import").count() == 6
    assert client.get(reverse("relief:income") + "?template=1").status_code == 200


def test_monitoring_proposes_exits_when_the_rule_holds(client, tree, staff_a, filed, make_household):
    hh, f = filed
    records(staff_a, hh, ["4000"] * 6)
    short = make_household(staff_a, tree.union_a, incomes=("600", "0", "0"))
    deep_file(staff_a, short)
    records(staff_a, short, ["4000"] * 5)
    services.recompute_flags(today=TODAY)
    proposed = set(RiskFlag.objects.filter(code="exit_ready", active=True).values_list("household_id", flat=True))
    assert proposed == {hh.pk}
    client.force_login(staff_a)
    body = client.get(reverse("relief:income")).content.decode()
    assert f'href="{reverse("relief:household", args=[hh.pk])}"' in body
    # once exited, the proposal is cleared on the next run
    services.change_file_status(actor=staff_a, file_id=f.pk, to_status="exited", reason="连续 6 个月高于低保")
    services.recompute_flags(today=TODAY)
    assert not RiskFlag.objects.filter(code="exit_ready", active=True).exists()


# --- monitoring on §1's per-capita formula ----------------------------------------------------------


def test_illness_driven_household_is_flagged_through_its_rigid_costs(tree, staff_a, make_household):
    # 2 people earning 3,500 each: 3,500 a head is above 2.5 × 1,200 = 3,000 on income alone
    hh = make_household(staff_a, tree.union_a, incomes=("3500", "3500"))
    services.recompute_flags(today=TODAY)
    assert not RiskFlag.objects.filter(household=hh, code="borderline", active=True).exists()
    # 30,000 self-paid for a hospital stay: (84,000 − 30,000) / 12 / 2 = 2,250 < 3,000
    services.submit_application(actor=staff_a, household_id=hh.pk, kind="hospitalization", total_cost="40000",
                                self_paid="30000",
                                invoices=[{"number": "ILL-1", "amount": "40000", "issued_on": f"{YEAR}-01-01"}])
    services.recompute_flags(today=TODAY)
    flag = RiskFlag.objects.get(household=hh, code="borderline", active=True)
    assert "刚性支出 30,000 元" in flag.note


def test_rigid_costs_in_the_monthly_records_count_too(tree, staff_a, make_household):
    hh = make_household(staff_a, tree.union_a, incomes=("3500", "3500"))
    services.record_income(actor=staff_a, household_id=hh.pk, month=TODAY, income="7000", rigid="24000", people=2)
    services.recompute_flags(today=TODAY)
    assert RiskFlag.objects.filter(household=hh, code="borderline", active=True).exists()  # (84,000−24,000)/24


# --- one household per head -------------------------------------------------------------------------


def test_one_household_per_head_in_the_whole_tree(tree, staff_a, staff_b, make_member, make_household):
    member = make_member(tree.union_a)
    make_household(staff_a, tree.union_a, member=member)
    before = Household.objects.count(), AuditEvent.objects.count()
    with pytest.raises(Conflict, match="同一户主") as exc:
        make_household(staff_a, tree.union_a, member=member)
    assert exc.value.code == "relief.household_exists"
    # the same person on another union's roster (a second member row, e.g. after a transfer)
    member.status = "transferred"
    member.save(update_fields=["status"])
    again = make_member(tree.union_b, user=member.user, id_number=member.id_number)
    with pytest.raises(Conflict):
        make_household(staff_b, tree.union_b, region="330106", member=again)
    assert (Household.objects.count(), AuditEvent.objects.count()) == before
    # the database holds it even past the service
    with pytest.raises(IntegrityError), transaction.atomic():
        Household.objects.create(org=tree.union_b, head=again, head_name="重复", region_code="330106",
                                 head_id_index=member.id_index)


def test_data_migration_indexes_only_the_oldest_of_a_duplicate_group(tree, make_member):
    import importlib

    from django.apps import apps

    fill = importlib.import_module("niangjia.relief.migrations.0005_fill_head_index_unique_head").fill_head_index
    member = make_member(tree.union_a)
    first = Household.objects.create(org=tree.union_a, head=member, head_name="甲", region_code="330102")
    second = Household.objects.create(org=tree.union_a, head=member, head_name="甲", region_code="330102")
    fill(apps, None)
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.head_id_index, second.head_id_index) == (member.id_index, "")


@pytest.fixture
def duplicate_pair(tree, staff_a, district_a, make_member, make_household):
    """The audit's case: one head with two household records, each paid the full 50,000 of kind A."""
    member = make_member(tree.union_a)
    keep = make_household(staff_a, tree.union_a, member=member)
    other = Household.objects.create(org=tree.union_a2, head=member, head_name=member.name, region_code="330102")
    for hh in (keep, other):
        HouseholdYearTotal.objects.create(household=hh, year=YEAR, cap_key="hospitalization",
                                          total=Decimal("50000"), cap=Decimal("50000"))
        Disbursement.objects.create(household=hh, org=hh.org, kind="hospitalization", cap_key="hospitalization",
                                    year=YEAR, amount=Decimal("50000"), purpose="临时救助：住院")
    HardshipFile.objects.create(household=other, org=other.org, category="deep", causes=["illness"],
                                review_date=TODAY)
    return keep, other


def test_admin_lists_and_merges_duplicates_with_their_ledgers(client, tree, staff_a, make_user, duplicate_pair,
                                                              district_a):
    keep, other = duplicate_pair
    admin = make_user(roles=[(tree.district_a, "admin")])
    client.force_login(admin)
    body = client.get(reverse("relief:duplicates")).content.decode()
    assert body.count('data-testid="duplicate-group"') == 1
    before = (list(Disbursement.objects.values_list("household_id", flat=True)),
              list(HouseholdYearTotal.objects.values_list("household_id", "total")), AuditEvent.objects.count())
    with pytest.raises(Forbidden):  # an approver over both is not an admin
        services.merge_households(actor=district_a, keep_id=keep.pk, merge_id=other.pk, reason="重复")
    with pytest.raises(NotFound):  # grassroots staff do not even see the other union's record
        services.merge_households(actor=staff_a, keep_id=keep.pk, merge_id=other.pk, reason="重复")
    with pytest.raises(Invalid, match="原因"):
        services.merge_households(actor=admin, keep_id=keep.pk, merge_id=other.pk, reason="")
    assert (list(Disbursement.objects.values_list("household_id", flat=True)),
            list(HouseholdYearTotal.objects.values_list("household_id", "total")),
            AuditEvent.objects.count()) == before
    r = client.post(reverse("relief:duplicates"), {"keep": keep.pk, "merge": other.pk, "reason": "同一户主重复建档"})
    assert r.status_code == 302
    other.refresh_from_db()
    assert other.merged_into_id == keep.pk
    assert set(Disbursement.objects.values_list("household_id", flat=True)) == {keep.pk}
    total = HouseholdYearTotal.objects.get(household=keep, year=YEAR, cap_key="hospitalization")
    assert total.total == Decimal("100000")  # the overpayment is visible, and no cap is left
    assert HardshipFile.objects.get().household_id == keep.pk
    event = AuditEvent.objects.get(action="relief.household_merge")
    assert event.summary["over_cap"] and "超过上限 50,000 元" in event.summary["over_cap"][0]
    assert 'data-testid="grid-empty"' in client.get(reverse("relief:duplicates")).content.decode()
    # a further kind-A application of the merged household finds no cap left
    app = services.submit_application(actor=staff_a, household_id=keep.pk, kind="hospitalization",
                                      total_cost="50000", self_paid="38000",
                                      invoices=[{"number": "AFTER-1", "amount": "50000",
                                                 "issued_on": f"{YEAR}-01-01"}])
    services.decide(actor=staff_a, application_id=app.pk, approve=True)
    with pytest.raises(Conflict) as exc:
        services.decide(actor=district_a, application_id=app.pk, approve=True)
    assert exc.value.code == "relief.cap_exceeded"
