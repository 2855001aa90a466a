import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from niangjia.core.errors import Conflict, Forbidden, Invalid, NotFound
from niangjia.core.models import AuditEvent, Message
from niangjia.relief import selectors, services
from niangjia.relief.models import (
    Application,
    Decision,
    Disbursement,
    HardshipFile,
    HouseholdYearTotal,
    Invoice,
    Policy,
    RiskFlag,
)

YEAR = timezone.localdate().year
ISSUED = dt.date(YEAR, 1, 1).isoformat()
HOSP = {"kind": "hospitalization", "total_cost": "50000.00", "self_paid": "38000.00", "year": YEAR}


def apply(actor, household, number="INV-0001", **kw):
    args = HOSP | kw
    issued = dt.date(args["year"], 1, 1).isoformat()
    return services.submit_application(actor=actor, household_id=household.pk,
                                       invoices=[{"number": number, "amount": args["total_cost"],
                                                  "issued_on": issued}], **args)


def snapshot():
    return (Application.objects.count(), Invoice.objects.count(), Disbursement.objects.count(),
            Decision.objects.count(), AuditEvent.objects.count(), list(HouseholdYearTotal.objects.values_list(
                "total", flat=True)), list(Application.objects.values_list("status", flat=True)))


def test_two_level_approval_grants_amount_with_explanation(tree, staff_a, district_a, make_household):
    hh = make_household(staff_a, tree.union_a)
    app = apply(staff_a, hh)
    assert app.household_annual_income == Decimal("60000.00")  # derived from members, never typed
    assert app.quoted_amount == Decimal("5000.00")
    services.decide(actor=staff_a, application_id=app.pk, approve=True)
    app.refresh_from_db()
    assert app.status == "reviewed"
    services.decide(actor=district_a, application_id=app.pk, approve=True)
    app.refresh_from_db()
    assert app.status == "approved"
    assert app.granted_amount == Decimal("5000.00")
    d = app.decision
    assert d.policy.code == "SFS-LSJZ"  # the demo city's own policy, never Chongqing's
    assert d.inputs["self_paid"] == "38000.00"
    assert d.explanation[0] == "自付 38,000 元 ÷ 家庭年收入 60,000 元 = 63.3% → 第 2 档 → 救助 5,000 元"
    row = Disbursement.objects.get(application=app)
    assert row.amount == Decimal("5000.00")
    assert row.status == "approved"
    assert HouseholdYearTotal.objects.get(household=hh, year=YEAR, cap_key="hospitalization").total == Decimal("5000")
    msgs = Message.objects.filter(recipient=app.applicant, kind="relief.approved")
    assert msgs.count() == 1
    assert "5,000" in msgs.get().body
    actions = set(AuditEvent.objects.filter(object_id=str(app.pk)).values_list("action", flat=True))
    assert {"relief.apply", "relief.review", "relief.approve"} <= actions
    assert [s.level for s in selectors.application_timeline(app)] == ["submit", "grassroots", "district"]


def test_large_amount_goes_to_city(tree, staff_a, district_a, city_approver, make_household):
    hh = make_household(staff_a, tree.union_a)
    app = apply(staff_a, hh, total_cost="150000.00", self_paid="150000.00")
    assert app.quoted_amount == Decimal("50000.00")
    services.decide(actor=staff_a, application_id=app.pk, approve=True)
    services.decide(actor=district_a, application_id=app.pk, approve=True)
    app.refresh_from_db()
    assert app.status == "district_approved"
    assert not Disbursement.objects.exists()
    with pytest.raises(Forbidden):
        services.decide(actor=district_a, application_id=app.pk, approve=True)
    services.decide(actor=city_approver, application_id=app.pk, approve=True)
    app.refresh_from_db()
    assert app.granted_amount == Decimal("50000.00")


def test_approval_above_remaining_cap_grants_remainder(tree, staff_a, district_a, city_approver, make_household):
    hh = make_household(staff_a, tree.union_a)
    HouseholdYearTotal.objects.create(household=hh, year=YEAR, cap_key="hospitalization", total=Decimal("47000"),
                                      cap=Decimal("50000"))
    app = apply(staff_a, hh)
    services.decide(actor=staff_a, application_id=app.pk, approve=True)
    services.decide(actor=district_a, application_id=app.pk, approve=True)
    app.refresh_from_db()
    assert app.granted_amount == Decimal("3000.00")
    assert "按剩余额度 3,000 元核定" in app.decision.explanation[-1]
    assert HouseholdYearTotal.objects.get(household=hh).total == Decimal("50000.00")
    app2 = apply(staff_a, hh, number="INV-0002")
    services.decide(actor=staff_a, application_id=app2.pk, approve=True)
    before = snapshot()
    with pytest.raises(Conflict) as exc:
        services.decide(actor=district_a, application_id=app2.pk, approve=True)
    assert exc.value.code == "relief.cap_exceeded"
    assert snapshot() == before


def test_reject_needs_reason_and_notifies(tree, staff_a, make_household):
    hh = make_household(staff_a, tree.union_a)
    app = apply(staff_a, hh)
    before = snapshot()
    with pytest.raises(Invalid):
        services.decide(actor=staff_a, application_id=app.pk, approve=False, reason="  ")
    assert snapshot() == before
    services.decide(actor=staff_a, application_id=app.pk, approve=False, reason="发票与病历不符")
    app.refresh_from_db()
    assert app.status == "rejected"
    assert Message.objects.filter(recipient=app.applicant, kind="relief.rejected", body__contains="发票与病历不符").exists()
    with pytest.raises(Conflict):
        services.decide(actor=staff_a, application_id=app.pk, approve=True)


@pytest.mark.parametrize(
    ("kw", "error"),
    [
        ({"self_paid": "-1"}, Invalid),
        ({"self_paid": "60000.00"}, Invalid),  # above total cost
        ({"total_cost": "999999999"}, Invalid),
        ({"self_paid": "abc"}, Invalid),
        ({"year": 2999}, Invalid),
    ],
)
def test_bad_input_writes_nothing(tree, staff_a, make_household, kw, error):
    hh = make_household(staff_a, tree.union_a)
    before = snapshot()
    with pytest.raises(error):
        apply(staff_a, hh, **kw)
    assert snapshot() == before


def test_future_invoice_and_mismatched_invoice_total_refused(tree, staff_a, make_household):
    hh = make_household(staff_a, tree.union_a)
    before = snapshot()
    future = (timezone.localdate() + dt.timedelta(days=3)).isoformat()
    with pytest.raises(Invalid, match="不能晚于今天"):
        services.submit_application(actor=staff_a, household_id=hh.pk, **HOSP,
                                    invoices=[{"number": "X1", "amount": "50000", "issued_on": future}])
    with pytest.raises(Invalid, match="不一致"):
        services.submit_application(actor=staff_a, household_id=hh.pk, **HOSP,
                                    invoices=[{"number": "X1", "amount": "100", "issued_on": ISSUED}])
    assert snapshot() == before


def test_same_invoice_never_backs_two_applications(tree, staff_a, district_a, make_household):
    hh = make_household(staff_a, tree.union_a)
    hh2 = make_household(district_a, tree.union_a2)
    apply(staff_a, hh, number="inv-42")
    before = snapshot()
    with pytest.raises(Conflict) as exc:
        apply(district_a, hh2, number="INV-42")
    assert exc.value.code == "relief.invoice_used"
    assert snapshot() == before


def test_other_district_cannot_see_or_act(tree, staff_a, staff_b, make_household):
    hh = make_household(staff_a, tree.union_a)
    app = apply(staff_a, hh)
    with pytest.raises(NotFound):
        selectors.access_application(actor=staff_b, application_id=app.pk)
    with pytest.raises(NotFound):
        services.decide(actor=staff_b, application_id=app.pk, approve=True)
    with pytest.raises(NotFound):
        apply(staff_b, hh, number="INV-B")
    assert not selectors.applications_visible_to(actor=staff_b).exists()
    assert selectors.applications_visible_to(actor=staff_a).count() == 1


def test_grassroots_staff_cannot_do_district_step(tree, staff_a, make_household):
    hh = make_household(staff_a, tree.union_a)
    app = apply(staff_a, hh)
    services.decide(actor=staff_a, application_id=app.pk, approve=True)
    with pytest.raises(Forbidden):
        services.decide(actor=staff_a, application_id=app.pk, approve=True)


def test_worker_applies_for_own_household_and_sees_it(tree, staff_a, make_member, ref):
    member = make_member(tree.union_a)
    worker = member.user
    app = services.submit_application(
        actor=worker, **HOSP, invoices=[{"number": "W-1", "amount": "50000", "issued_on": ISSUED}],
        new_household={"members": [{"name": member.name, "relation": "self", "age": 40, "monthly_income": "5000"}]})
    assert app.applicant == worker
    assert app.org == tree.union_a
    assert list(selectors.my_applications(worker)) == [app]
    assert selectors.access_application(actor=worker, application_id=app.pk) == app


def test_open_file_checks_category_rule_and_one_open_file(tree, staff_a, make_household):
    hh = make_household(staff_a, tree.union_a, incomes=("600", "0"))  # 300 per head per month
    with pytest.raises(Invalid) as exc:
        services.open_file(actor=staff_a, household_id=hh.pk, category="relative", causes=["illness"],
                           disposable="7200", rigid="0", year=2020)
    assert "深度困难" in exc.value.message
    assert not HardshipFile.objects.exists()
    f = services.open_file(actor=staff_a, household_id=hh.pk, category="deep", causes=["illness"],
                           disposable="7200", rigid="0", year=2020)
    assert f.basis["lines"]
    assert f.history.get().to_status == "active"
    with pytest.raises(Conflict):
        services.open_file(actor=staff_a, household_id=hh.pk, category="deep", causes=["illness"],
                           disposable="7200", rigid="0", year=2020)
    with pytest.raises(Invalid, match="相差过大"):
        services.open_file(actor=staff_a, household_id=hh.pk, category="deep", causes=["illness"],
                           disposable="900000", rigid="0", year=2020)
    assert HardshipFile.objects.count() == 1
    today = timezone.localdate()
    for back in range(6):  # §1 脱困: six months above dibao (1,200 a person) in the monthly records
        y, m = divmod(today.year * 12 + today.month - 1 - back, 12)
        month = dt.date(y, m + 1, 1)
        services.record_income(actor=staff_a, household_id=hh.pk, month=month, income="5000", people=2)
    services.change_file_status(actor=staff_a, file_id=f.pk, to_status="exited", reason="收入稳定")
    services.change_file_status(actor=staff_a, file_id=f.pk, to_status="relapsed", reason="再次患病")
    assert [h.to_status for h in f.history.all()] == ["active", "exited", "relapsed"]


def _file(actor, hh, category="deep"):
    return services.open_file(actor=actor, household_id=hh.pk, category=category, causes=["illness"],
                              disposable="7200", rigid="0", year=2020)


def test_campaign_preview_and_idempotent_generation(tree, staff_a, district_a, city_approver, make_household):
    for org in (tree.union_a, tree.union_a, tree.union_a2, tree.union_b):
        _file(city_approver, make_household(city_approver, org, incomes=("600",)))
    c = services.create_campaign(actor=district_a, org_id=tree.district_a.pk, name="抗疫专项", amount="1000",
                                 year=2020, filters={"status": ["active"]})
    assert (c.preview_count, c.preview_total) == (3, Decimal("3000"))
    with pytest.raises(Conflict):
        services.generate_campaign(c.pk)
    services.approve_campaign(actor=city_approver, campaign_id=c.pk, confirm_count=c.preview_count,
                              confirm_total=c.preview_total)
    assert services.run_campaign(actor=district_a, campaign_id=c.pk) == 3
    assert services.run_campaign(actor=district_a, campaign_id=c.pk) == 0
    assert Disbursement.objects.filter(campaign=c).count() == 3
    c.refresh_from_db()
    assert c.generated == 3
    assert c.status == "done"


def test_campaign_subtree_by_id_list_or_by_path_gives_the_same_households(tree, district_a, city_approver,
                                                                           make_household, monkeypatch):
    from niangjia.relief.services import campaigns

    for org in (tree.union_a, tree.union_a2, tree.union_b):
        _file(city_approver, make_household(city_approver, org, incomes=("600",)))
    c = services.create_campaign(actor=district_a, org_id=tree.district_a.pk, name="专项", amount="1000", year=2020)
    by_ids = sorted(campaigns._campaign_files(c).values_list("household_id", flat=True))
    monkeypatch.setattr(campaigns, "SUBTREE_IDS_MAX", 0)  # a subtree too large for a list: joined by path
    by_path = sorted(campaigns._campaign_files(c).values_list("household_id", flat=True))
    assert by_ids == by_path and len(by_ids) == 2
    services.approve_campaign(actor=city_approver, campaign_id=c.pk, confirm_count=c.preview_count,
                              confirm_total=c.preview_total)
    assert services.generate_campaign(c.pk) == 2


def test_campaign_crash_halfway_then_retry_pays_once_and_counts_exactly(tree, district_a, city_approver,
                                                                        make_household, monkeypatch):
    from django.db.models.query import QuerySet

    for org in (tree.union_a, tree.union_a, tree.union_a2):
        _file(city_approver, make_household(city_approver, org, incomes=("600",)))
    c = services.create_campaign(actor=district_a, org_id=tree.district_a.pk, name="专项", amount="1000", year=2020)
    services.approve_campaign(actor=city_approver, campaign_id=c.pk, confirm_count=c.preview_count,
                              confirm_total=c.preview_total)
    real_update, calls = QuerySet.update, []

    def crash_on_second_progress(self, **kw):
        if "generated" in kw:
            calls.append(1)
            if len(calls) == 2:
                raise RuntimeError("worker killed")
        return real_update(self, **kw)

    monkeypatch.setattr(QuerySet, "update", crash_on_second_progress)
    with pytest.raises(RuntimeError):
        services.generate_campaign(c.pk, chunk=1)  # one household per chunk: the first chunk commits
    monkeypatch.undo()
    c.refresh_from_db()
    assert Disbursement.objects.filter(campaign=c).count() == c.generated == 1
    assert services.generate_campaign(c.pk, chunk=1) == 2
    c.refresh_from_db()
    assert Disbursement.objects.filter(campaign=c).count() == c.generated == 3
    assert Disbursement.objects.filter(campaign=c).values("household").distinct().count() == 3


def test_monitoring_raises_alerts_and_clears(tree, staff_a, make_household):
    hh = make_household(staff_a, tree.union_a, incomes=("1000", "0"), illness=True)  # 500/head < 2.5 x 1010
    f = _file(staff_a, hh)
    f.helper = staff_a
    f.save()
    other = make_household(staff_a, tree.union_a, incomes=("1500", "0"), illness=True)  # not on file
    stats = services.recompute_flags()
    flags = set(RiskFlag.objects.filter(active=True).values_list("household_id", "code"))
    assert (hh.pk, "illness") in flags
    assert (other.pk, "borderline") in flags
    assert Message.objects.filter(recipient=staff_a, kind="relief.flag").count() == 1
    assert stats["raised"] == len(flags)
    assert services.recompute_flags()["raised"] == 0
    other.members.update(monthly_income=Decimal("9000"))
    assert services.recompute_flags()["cleared"] == 1
    assert RiskFlag.objects.filter(household=other, active=False).count() == 1  # history kept


def test_visit_refuses_future_date(tree, staff_a, make_household):
    hh = make_household(staff_a, tree.union_a)
    with pytest.raises(Invalid):
        services.record_visit(actor=staff_a, household_id=hh.pk, on=timezone.localdate() + dt.timedelta(days=1),
                              notes="走访")
    v = services.record_visit(actor=staff_a, household_id=hh.pk, on=timezone.localdate(), notes="走访，家中困难")
    hh.refresh_from_db()
    assert hh.last_visit_on == v.on


def test_reversal_is_a_new_row_and_frees_the_cap(tree, staff_a, district_a, make_household):
    hh = make_household(staff_a, tree.union_a)
    app = apply(staff_a, hh)
    services.decide(actor=staff_a, application_id=app.pk, approve=True)
    services.decide(actor=district_a, application_id=app.pk, approve=True)
    row = Disbursement.objects.get()
    back = services.reverse_disbursement(actor=district_a, disbursement_id=row.pk, reason="重复发放")
    assert back.amount == -row.amount
    assert Disbursement.objects.count() == 2
    assert HouseholdYearTotal.objects.get().total == 0
    with pytest.raises(PermissionError):
        row.delete()
    with pytest.raises(Conflict):
        services.reverse_disbursement(actor=district_a, disbursement_id=row.pk, reason="again")


def test_payment_batch_marks_paid_and_notifies(tree, staff_a, district_a, make_household, pay_through_bank):
    hh = make_household(staff_a, tree.union_a)
    app = apply(staff_a, hh)
    services.decide(actor=staff_a, application_id=app.pk, approve=True)
    services.decide(actor=district_a, application_id=app.pk, approve=True)
    batch = pay_through_bank(source="relief", org=tree.district_a, people=[hh.head])
    assert (batch.count, batch.status) == (1, "settled")
    assert Disbursement.objects.get().status == "paid"
    assert Message.objects.filter(recipient=app.applicant, kind="relief.paid").exists()


def test_policy_activation_requires_what_if(tree, ref, make_user, staff_a, make_household):
    admin = make_user(roles=[(tree.city, "admin")])
    hh = make_household(staff_a, tree.union_a)
    apply(staff_a, hh, year=timezone.localdate().year)
    cq = ref[0]
    params = dict(cq.params)
    kinds = dict(params["kinds"])
    hosp = dict(kinds["hospitalization"])
    hosp["tiers"] = [dict(t) for t in hosp["tiers"]]
    hosp["tiers"][1]["amount"] = {"fixed": "6000"}
    kinds["hospitalization"] = hosp
    params["kinds"] = kinds
    draft = services.draft_policy(actor=admin, base_policy_id=cq.pk, params=params,
                                  effective_from=dt.date(2026, 1, 1))
    assert draft.version == 2
    with pytest.raises(Invalid):
        services.activate_policy(actor=admin, policy_id=draft.pk)
    result = services.simulate_policy(actor=admin, policy_id=draft.pk)
    assert result["total_active"] == Decimal("5000.00")
    assert result["total_draft"] == Decimal("6000.00")
    services.activate_policy(actor=admin, policy_id=draft.pk)
    cq.refresh_from_db()
    assert cq.status == "retired"
    with pytest.raises(Forbidden):
        services.draft_policy(actor=staff_a, base_policy_id=cq.pk, params=params, effective_from=dt.date(2026, 1, 1))


def test_what_if_of_category_standards_over_the_archive(tree, ref, make_user, staff_a, make_household):
    admin = make_user(roles=[(tree.city, "admin")])
    for income in ("600", "1500"):  # 600/head -> deep; 1500/head -> relative at dibao 1010
        hh = make_household(staff_a, tree.union_a, incomes=(income,))
        services.open_file(actor=staff_a, household_id=hh.pk, category="deep" if income == "600" else "relative",
                           causes=["illness"], disposable=str(int(income) * 12), rigid="0", year=2020)
    cat = ref[1]
    params = {**cat.params, "classification": {**cat.params["classification"], "relative_multiple": "1.4"}}
    draft = services.draft_policy(actor=admin, base_policy_id=cat.pk, params=params, effective_from=dt.date(2027, 1, 1))
    result = services.simulate_policy(actor=admin, policy_id=draft.pk)
    assert result["changed"] == 1  # 1500 >= 1.4 x 1010 = 1414: relative -> none
    assert result["total_active"] == Decimal("1010") * 10 + Decimal("1010") * 8
    assert result["total_draft"] == Decimal("1010") * 10


def test_periodic_task_recomputes(tree, staff_a, make_household):
    from niangjia.relief import tasks

    make_household(staff_a, tree.union_a, incomes=("1000", "0"), illness=True)
    stats = tasks.recompute_risk_flags.call_local()
    assert stats["raised"] == 1
    assert RiskFlag.objects.filter(code="borderline", active=True).count() == 1


def test_living_aid_for_deep_file_goes_to_city_and_relative_gets_one_kind(tree, staff_a, district_a, city_approver,
                                                                           make_household):
    hh = make_household(staff_a, tree.union_a, incomes=("600", "0"))
    with pytest.raises(Invalid, match="仅限在档"):
        services.submit_application(actor=staff_a, household_id=hh.pk, kind="living", total_cost="0",
                                    self_paid="0", year=2020)
    _file(staff_a, hh)
    app = services.submit_application(actor=staff_a, household_id=hh.pk, kind="living", total_cost="0",
                                      self_paid="0", year=2020)
    assert app.quoted_amount == Decimal("10100.00")  # 10 months x 1,010 (330102 falls back to 330100)
    for actor in (staff_a, district_a, city_approver):
        services.decide(actor=actor, application_id=app.pk, approve=True)
    app.refresh_from_db()
    assert app.status == "approved"
    assert app.decision.policy.code == "KNZG-BZ"
    assert "10 个月低保" in app.decision.explanation[1]
    # a relative household: education after living in the same year is refused by §2
    rel = make_household(staff_a, tree.union_a, incomes=("1500",))
    services.open_file(actor=staff_a, household_id=rel.pk, category="relative", causes=["schooling"],
                       disposable="18000", rigid="0", year=2020)
    a1 = services.submit_application(actor=staff_a, household_id=rel.pk, kind="living", total_cost="0",
                                     self_paid="0", year=2020)
    for actor in (staff_a, district_a):
        services.decide(actor=actor, application_id=a1.pk, approve=True)
    a1.refresh_from_db()
    assert a1.granted_amount == Decimal("8080.00")
    a2 = services.submit_application(actor=staff_a, household_id=rel.pk, kind="education", total_cost="0",
                                     self_paid="0", year=2020, students=1)
    assert a2.quoted_amount == 0
    services.decide(actor=staff_a, application_id=a2.pk, approve=True)
    with pytest.raises(Conflict) as exc:
        services.decide(actor=district_a, application_id=a2.pk, approve=True)
    assert "只能享受一种" in exc.value.message


@pytest.mark.parametrize(
    ("mutate", "needle"),
    [
        (lambda tiers: tiers[1].update(min_ratio="0.20"), "从低到高"),
        (lambda tiers: tiers[2].update(amount={"fixed": "1000"}), "不降"),
        (lambda tiers: tiers[5].update(amount={"fixed": "60000"}), "上限"),
        (lambda tiers: tiers[0].update(amount={"fixed": "-1"}), "负数"),
    ],
)
def test_draft_policy_refuses_tier_tables_that_do_not_rise(tree, ref, make_user, mutate, needle):
    import copy

    admin = make_user(roles=[(tree.city, "admin")])
    params = copy.deepcopy(ref[0].params)
    mutate(params["kinds"]["hospitalization"]["tiers"])
    with pytest.raises(Invalid, match=needle):
        services.draft_policy(actor=admin, base_policy_id=ref[0].pk, params=params, effective_from=dt.date(2027, 1, 1))
    assert not Policy.objects.filter(version=2).exists()


def test_campaign_four_eyes_and_confirmation_refusals_change_nothing(tree, district_a, city_approver,
                                                                     make_household, make_user):
    from niangjia.core.errors import Forbidden
    from niangjia.core.models import AuditEvent

    for org in (tree.union_a, tree.union_a2):
        _file(city_approver, make_household(city_approver, org, incomes=("600",)))
    c = services.create_campaign(actor=district_a, org_id=tree.district_a.pk, name="专项", amount="1000", year=2020)
    events = AuditEvent.objects.count()

    def unchanged():
        c.refresh_from_db()
        return (c.status == "draft" and c.approved_by_id is None and AuditEvent.objects.count() == events
                and not Disbursement.objects.exists())

    with pytest.raises(Forbidden, match="双人复核"):  # the creator, even with the right figures
        services.approve_campaign(actor=district_a, campaign_id=c.pk, confirm_count=2, confirm_total="2000")
    assert unchanged()
    for count, total in [(None, None), (3, "3000"), (2, "1999.99")]:  # not confirmed, or stale figures
        with pytest.raises(Conflict, match="共 2 户、合计 2,000.00 元，资金来源：困难职工帮扶资金"):
            services.approve_campaign(actor=city_approver, campaign_id=c.pk, confirm_count=count,
                                      confirm_total=total)
        assert unchanged()
    with pytest.raises(Forbidden):  # staff without the approver role
        services.approve_campaign(actor=make_user(roles=[(tree.city, "staff")]), campaign_id=c.pk,
                                  confirm_count=2, confirm_total="2000")
    assert unchanged()
    services.approve_campaign(actor=city_approver, campaign_id=c.pk, confirm_count=2, confirm_total="2000.00")
    c.refresh_from_db()
    assert (c.status, c.approved_by_id) == ("approved", city_approver.pk)


def test_campaign_creator_cannot_release_its_payout_batch(tree, district_a, city_approver, make_household,
                                                          make_user):
    from niangjia.core.errors import Forbidden
    from niangjia.core.payouts import accounts, batches

    hh = make_household(city_approver, tree.union_a, incomes=("600",))
    _file(city_approver, hh)
    accounts.save_own_account(actor=hh.head.user, holder=hh.head.name, account_number="4111111111111111",
                              bank_name="工行")
    c = services.create_campaign(actor=district_a, org_id=tree.district_a.pk, name="专项", amount="800", year=2020)
    services.approve_campaign(actor=city_approver, campaign_id=c.pk, confirm_count=1, confirm_total="800")
    services.run_campaign(actor=city_approver, campaign_id=c.pk)
    clerk = make_user(roles=[(tree.district_a, "staff")])
    p = batches.preview_batch(actor=clerk, source_key="relief", org_id=tree.district_a.pk)
    batch, _ = batches.create_batch(actor=clerk, source_key="relief", org_id=tree.district_a.pk,
                                    confirm_count=p.count, confirm_total=p.total)
    with pytest.raises(Forbidden, match="双人复核"):
        batches.release_batch(actor=district_a, batch_id=batch.pk, confirm_count=1, confirm_total="800")
    batch.refresh_from_db()
    assert batch.status == "draft"
    batches.release_batch(actor=city_approver, batch_id=batch.pk, confirm_count=1, confirm_total="800")
