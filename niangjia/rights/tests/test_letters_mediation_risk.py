import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from niangjia.core.errors import Invalid, NotFound
from niangjia.core.models import AuditEvent, Message
from niangjia.rights.models import Mediation, PaymentInstalment, RiskAlert, SupervisionLetter
from niangjia.rights.services import cases, letters, mediation, risk

pytestmark = pytest.mark.django_db
DESC = "公司连续三个月拖欠工资不发，老板一直拖着，我该怎么讨薪？"


def test_opinion_letter_lifecycle_pdf_and_overdue(people):
    t = people.tree
    letter = letters.issue(people.staff, org=t.district_a, kind="opinion", recipient_name="湖滨商贸有限公司",
                           employer_uscc=t.union_a.uscc, issues="未依法足额支付加班工资。",
                           legal_basis="《劳动法》第四十四条", rectification="补发 2026 年 1—6 月加班工资。")
    assert "意〔" in letter.number
    delivered = letters.mark_delivered(people.staff, letter_id=letter.pk, on=dt.date(2026, 11, 2))
    assert delivered.answer_due == dt.date(2026, 11, 23)  # 15 working days, Mon 2 Nov → Mon 23 Nov
    assert list(letters.overdue(actor=people.staff, today=dt.date(2026, 11, 24))) == [letter]
    with pytest.raises(NotFound):
        letters.mark_delivered(people.staff_b, letter_id=letter.pk, on=dt.date(2026, 11, 2))
    data = letters.render_pdf(people.staff, letter_id=letter.pk)
    assert data.startswith(b"%PDF-")
    assert b"STSong-Light" in data
    letters.record_response(people.staff, letter_id=letter.pk, on=dt.date(2026, 11, 20), response="已整改",
                            rectified=True)
    assert list(letters.overdue(actor=people.staff, today=dt.date(2026, 11, 24))) == []


def test_letter_requires_fields_and_nothing_stored(people):
    with pytest.raises(Invalid):
        letters.issue(people.staff, org=people.tree.district_a, kind="opinion", recipient_name="某公司",
                      issues="", legal_basis="x", rectification="y")
    assert SupervisionLetter.objects.count() == 0


def test_mediation_agreement_confirmed_by_both_then_missed_payment_alert(people, make_user):
    t = people.tree
    employer = make_user(roles=[(t.union_a, "employer")], name="湖滨商贸人事")
    m = mediation.open_mediation(people.staff, org=t.district_a, worker=people.worker, worker_name="王师傅",
                                 employer_name="湖滨商贸有限公司", employer_uscc=t.union_a.uscc,
                                 claims=[("拖欠工资", "12000"), ("经济补偿", "8000.50")])
    mediation.add_session(people.staff, mediation_id=m.pk, held_on=dt.date(2026, 11, 20), mode="online",
                          participants="王师傅、人事、调解员", minutes="双方同意分两期支付。")
    c1, c2 = m.claims.order_by("id")
    with pytest.raises(Invalid):
        mediation.record_agreement(people.staff, mediation_id=m.pk, terms="分期支付", agreed={c1.pk: "10000"},
                                   instalments=[(dt.date(2026, 11, 1), "5000")])
    mediation.record_agreement(people.staff, mediation_id=m.pk, terms="分两期支付",
                               agreed={c1.pk: "10000", c2.pk: "5000"},
                               instalments=[(dt.date(2026, 11, 1), "7500"), (dt.date(2027, 1, 1), "7500")])
    mediation.confirm(people.worker, mediation_id=m.pk)
    assert Mediation.objects.get(pk=m.pk).status == "open"
    with pytest.raises(NotFound):
        mediation.confirm(people.other, mediation_id=m.pk)
    mediation.confirm(employer, mediation_id=m.pk)
    assert Mediation.objects.get(pk=m.pk).status == "agreed"
    assert mediation.render_agreement_pdf(people.staff, mediation_id=m.pk).startswith(b"%PDF-")
    assert mediation.missed_payments_alert(today=dt.date(2026, 11, 24)) == 1
    assert mediation.missed_payments_alert(today=dt.date(2026, 11, 24)) == 0
    assert Message.objects.filter(recipient=people.worker, kind="rights.mediation_missed_payment").count() == 1
    assert PaymentInstalment.objects.filter(alerted_at__isnull=False).count() == 1
    assert m.agreement.total_amount == Decimal("15000.00")


def test_mediation_referral_needs_reason(people):
    t = people.tree
    m = mediation.open_mediation(people.staff, org=t.district_a, worker=people.worker, worker_name="王师傅",
                                 employer_name="湖滨商贸有限公司", employer_uscc=t.union_a.uscc,
                                 claims=[("拖欠工资", "1000")])
    with pytest.raises(Invalid):
        mediation.refer(people.staff, mediation_id=m.pk, reason=" ")
    assert Mediation.objects.get(pk=m.pk).status == "open"
    mediation.refer(people.staff, mediation_id=m.pk, reason="用人单位拒绝调解")
    assert Mediation.objects.get(pk=m.pk).status == "referred"


def test_bad_uscc_refused(people):
    with pytest.raises(Invalid):
        mediation.open_mediation(people.staff, org=people.tree.district_a, worker=None, worker_name="x",
                                 employer_name="y", employer_uscc="123", claims=[("a", "1")])


@pytest.mark.parametrize(("amount", "reason"), [
    ("1.234", "最多保留两位小数"), ("abc", "必须是数字"), ("-5", "不能是负数"), ("0", "必须大于 0"), ("", "请填写"),
])
def test_bad_claim_amounts_refused_in_chinese_and_nothing_written(people, amount, reason):
    t = people.tree
    with pytest.raises(Invalid, match=reason):
        mediation.open_mediation(people.staff, org=t.district_a, worker=None, worker_name="王师傅",
                                 employer_name="湖滨商贸有限公司", employer_uscc=t.union_a.uscc,
                                 claims=[("拖欠工资", amount)])
    assert not Mediation.objects.exists()


def test_bad_agreed_amounts_refused_and_nothing_written(people):
    t = people.tree
    m = mediation.open_mediation(people.staff, org=t.district_a, worker=people.worker, worker_name="王师傅",
                                 employer_name="湖滨商贸有限公司", employer_uscc=t.union_a.uscc,
                                 claims=[("拖欠工资", "12000")])
    (c1,) = m.claims.all()
    for agreed, reason in [("-100", "不能是负数"), ("abc", "必须是数字"), ("100.005", "两位小数")]:
        with pytest.raises(Invalid, match=reason):
            mediation.record_agreement(people.staff, mediation_id=m.pk, terms="一次付清", agreed={c1.pk: agreed},
                                       instalments=[(dt.date(2026, 12, 1), "100")])
    c1.refresh_from_db()
    assert c1.agreed_amount is None and not PaymentInstalment.objects.exists()


def test_risk_rises_with_wage_cases_and_alerts_district_staff(people):
    uscc = people.tree.union_a.uscc
    cases.open_online_case(people.worker, category="wages", description=DESC)
    alert = RiskAlert.objects.get(employer_uscc=uscc)
    assert alert.level == "yellow"
    assert Message.objects.filter(recipient=people.staff, kind="rights.risk_alert").count() == 1
    assert not Message.objects.filter(recipient=people.staff_b, kind="rights.risk_alert").exists()
    risk.report_signal(people.staff, org=people.tree.union_a, kind="layoff", employer_uscc=uscc,
                       employer_name="湖滨商贸有限公司", reported_on=timezone.localdate())
    alert.refresh_from_db()
    assert alert.level == "red"
    assert Message.objects.filter(recipient=people.staff, kind="rights.risk_alert").count() == 2
    assert AuditEvent.objects.filter(action="rights.risk_change").count() == 2
    assert [a.level for a in risk.employers_by_risk(actor=people.staff)] == ["red"]
    assert risk.employers_by_risk(actor=people.staff_b) == []


def test_overdue_opinion_letter_raises_risk_on_daily_reassessment(people):
    t = people.tree
    letter = letters.issue(people.staff, org=t.district_a, kind="opinion", recipient_name="上城物流有限公司",
                           employer_uscc=t.union_a2.uscc, issues="未签订劳动合同", legal_basis="《劳动合同法》第十条",
                           rectification="补签劳动合同")
    letters.mark_delivered(people.staff, letter_id=letter.pk, on=dt.date(2026, 11, 2))
    assert risk.reassess_all(today=dt.date(2026, 11, 23)) == 0  # due that day, not overdue yet
    assert risk.reassess_all(today=dt.date(2026, 11, 24)) == 1
    alert = RiskAlert.objects.get(employer_uscc=t.union_a2.uscc)
    assert alert.level == "yellow"
    assert "逾期" in alert.reasons[0]
    assert Message.objects.filter(recipient=people.staff, kind="rights.risk_alert").count() == 1
