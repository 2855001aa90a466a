"""Online labour-dispute mediation: claims, sessions, agreement with instalments, referral, alerts."""

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from niangjia.core import audit, scoping
from niangjia.core import pdf as pdf_blocks
from niangjia.core.errors import Conflict, Invalid
from niangjia.core.models import Org, User
from niangjia.core.money import MoneyError, parse_yuan
from niangjia.core.notifications import notify
from niangjia.core.validators import validate_uscc
from niangjia.rights import pdf
from niangjia.rights.models import (
    ClaimItem,
    Mediation,
    MediationAgreement,
    MediationSession,
    PaymentInstalment,
)
from niangjia.rights.services.common import case_event, case_to_link, not_found


def _money(value, label: str = "金额") -> Decimal:
    try:
        d = parse_yuan(value, label)
    except MoneyError as exc:
        raise Invalid(str(exc), code="rights.amount") from None
    if d <= 0:
        raise Invalid(f"{label}必须大于 0。", code="rights.amount")
    return d


def _access(actor, mediation_id: int, *, lock=False) -> Mediation:
    qs = Mediation.objects.select_related("org")
    if lock:
        qs = qs.select_for_update()
    m = qs.filter(pk=mediation_id).first()
    if m is None or not (scoping.covers(actor, m.org) or m.worker_id == actor.pk or _is_employer(actor, m)):
        raise not_found()
    return m


def _is_employer(actor, m: Mediation) -> bool:
    from niangjia.core.models import OrgRole

    return OrgRole.objects.filter(user_id=actor.pk, role="employer", org__uscc=m.employer_uscc).exists()


@transaction.atomic
def open_mediation(actor, *, org: Org, worker: User | None, worker_name: str, employer_name: str,
                   employer_uscc: str, claims: list[tuple[str, object]], case_id: int | None = None) -> Mediation:
    scoping.require(actor, org)
    from django.core.exceptions import ValidationError

    case = case_to_link(actor, case_id)
    if case is not None:
        # The mediation belongs to the case's union and the case's worker confirms it online.
        org, worker = case.org, case.requester

    try:
        validate_uscc(employer_uscc)
    except ValidationError as exc:
        raise Invalid(exc.messages[0], code="rights.uscc") from None
    if not claims:
        raise Invalid("请至少填写一项请求事项。", code="rights.claims")
    items = [(label.strip(), _money(amount, f"{label.strip() or '请求事项'}的金额")) for label, amount in claims]
    m = Mediation.objects.create(org=org, worker=worker, worker_name=worker_name, employer_name=employer_name,
                                 employer_uscc=employer_uscc, mediator=actor, case=case)
    ClaimItem.objects.bulk_create([ClaimItem(mediation=m, label=lbl, amount=amt) for lbl, amt in items])
    audit.record(actor, "rights.mediation_open", m, summary={"claims": str(sum(a for _l, a in items)),
                                                             **({"case": case.number} if case else {})})
    case_event(case, actor, f"发起劳动争议调解（调解编号 {m.pk}）")
    return m


@transaction.atomic
def add_session(actor, *, mediation_id: int, held_on: dt.date, mode: str, participants: str, minutes: str):
    m = _access(actor, mediation_id, lock=True)
    if not scoping.covers(actor, m.org):
        raise not_found()
    if m.status != "open":
        raise Invalid("调解已结束。", code="rights.mediation_closed")
    if mode not in ("online", "offline") or not minutes.strip():
        raise Invalid("请填写调解方式和调解记录。", code="rights.session")
    s = MediationSession.objects.create(mediation=m, held_on=held_on, mode=mode, participants=participants,
                                        minutes=minutes.strip())
    audit.record(actor, "rights.mediation_session", m)
    return s


@transaction.atomic
def record_agreement(actor, *, mediation_id: int, terms: str, agreed: dict[int, object],
                     instalments: list[tuple[dt.date, object]]) -> MediationAgreement:
    m = _access(actor, mediation_id, lock=True)
    if not scoping.covers(actor, m.org):
        raise not_found()
    if m.status != "open":
        raise Invalid("调解已结束。", code="rights.mediation_closed")
    claims = {c.pk: c for c in m.claims.all()}
    total = Decimal("0")
    for claim_id, amount in agreed.items():
        if claim_id not in claims:
            raise Invalid("请求事项不存在。", code="rights.claim")
        try:  # an item may be settled at 0; never negative, never a silently rounded third decimal
            claims[claim_id].agreed_amount = parse_yuan(amount, f"“{claims[claim_id].label}”的协议金额")
        except MoneyError as exc:
            raise Invalid(str(exc), code="rights.amount") from None
        total += claims[claim_id].agreed_amount
    plan = [(d, _money(a, "分期支付金额")) for d, a in instalments]
    if sum((a for _d, a in plan), Decimal("0")) != total:
        raise Invalid(f"分期金额合计应等于协议金额 {total} 元。", code="rights.instalments")
    ClaimItem.objects.bulk_update(claims.values(), ["agreed_amount"])
    agreement = MediationAgreement.objects.create(mediation=m, terms=terms.strip(), total_amount=total)
    PaymentInstalment.objects.bulk_create(
        [PaymentInstalment(agreement=agreement, due_on=d, amount=a) for d, a in plan])
    audit.record(actor, "rights.mediation_agreement", m, summary={"total": str(total)})
    if m.worker:
        notify(m.worker, "rights.mediation_agreement", "调解协议待您确认", f"协议金额 {total} 元",
               link=f"/rights/mediation/{m.pk}/")
    return agreement


def _agreed_on_case(m: Mediation, actor) -> None:
    """The case the mediation came from learns that both sides signed: staff can now close it as mediated."""
    if m.case_id:
        case_event(m.case, actor, f"调解达成协议，双方已确认（调解编号 {m.pk}），可以办结工单")


@transaction.atomic
def confirm(actor, *, mediation_id: int) -> MediationAgreement:
    """Worker or employer confirms the agreement online; once both have, the mediation is agreed."""
    m = _access(actor, mediation_id, lock=True)
    agreement = MediationAgreement.objects.filter(mediation=m).first()
    if agreement is None:
        raise Invalid("还没有调解协议。", code="rights.no_agreement")
    now = timezone.now()
    if actor.pk == m.worker_id:
        agreement.worker_confirmed_at = agreement.worker_confirmed_at or now
    elif _is_employer(actor, m):
        agreement.employer_confirmed_at = agreement.employer_confirmed_at or now
    else:
        raise not_found()
    agreement.save(update_fields=["worker_confirmed_at", "employer_confirmed_at"])
    if agreement.worker_confirmed_at and agreement.employer_confirmed_at and m.status == "open":
        m.status, m.closed_at = "agreed", now
        m.save(update_fields=["status", "closed_at"])
        _agreed_on_case(m, actor)
    audit.record(actor, "rights.mediation_confirm", m, summary={"status": m.status})
    return agreement


@transaction.atomic
def record_paper_signature(actor, *, mediation_id: int, party: str, signed_on: dt.date) -> MediationAgreement:
    """Staff record that a party signed the printed agreement (many workers and employers sign on paper, not
    online). It counts as that party's confirmation; with both, the mediation closes as agreed."""
    m = _access(actor, mediation_id, lock=True)
    if not scoping.covers(actor, m.org):
        raise not_found()
    agreement = MediationAgreement.objects.filter(mediation=m).first()
    if agreement is None:
        raise Invalid("还没有调解协议。", code="rights.no_agreement")
    if party not in ("worker", "employer"):
        raise Invalid("请选择签字的一方（职工或企业）。", code="rights.signature_party")
    if signed_on is None or signed_on > timezone.localdate():
        raise Invalid("请填写签字日期，且不能晚于今天。", code="rights.signature_date")
    field = f"{party}_confirmed_at"
    if getattr(agreement, field):
        raise Invalid("这一方已经确认过协议。", code="rights.already_confirmed")
    now = timezone.now()
    setattr(agreement, field, now)
    agreement.save(update_fields=[field])
    if agreement.worker_confirmed_at and agreement.employer_confirmed_at and m.status == "open":
        m.status, m.closed_at = "agreed", now
        m.save(update_fields=["status", "closed_at"])
        _agreed_on_case(m, actor)
    audit.record(actor, "rights.mediation_paper_signature", m,
                 summary={"party": party, "signed_on": signed_on.isoformat(), "status": m.status})
    return agreement


@transaction.atomic
def refer(actor, *, mediation_id: int, reason: str) -> Mediation:
    m = _access(actor, mediation_id, lock=True)
    if not scoping.covers(actor, m.org):
        raise not_found()
    if m.status != "open":
        raise Invalid("调解已结束。", code="rights.mediation_closed")
    if not reason.strip():
        raise Invalid("请填写转仲裁的原因。", code="rights.referral_reason")
    m.status, m.referral_reason, m.closed_at = "referred", reason.strip(), timezone.now()
    m.save(update_fields=["status", "referral_reason", "closed_at"])
    audit.record(actor, "rights.mediation_refer", m)
    if m.worker:
        notify(m.worker, "rights.mediation_refer", "调解未成，建议申请劳动仲裁", reason.strip())
    return m


def missed_payments_alert(today: dt.date | None = None) -> int:
    """Missed agreed payment dates alert the mediator and the worker once (huey periodic task)."""
    today = today or timezone.localdate()
    n = 0
    due = PaymentInstalment.objects.filter(paid_on__isnull=True, alerted_at__isnull=True, due_on__lt=today
                                           ).select_related("agreement__mediation__mediator",
                                                            "agreement__mediation__worker")
    for inst in due:
        m = inst.agreement.mediation
        with transaction.atomic():
            for user in {m.mediator, m.worker} - {None}:
                notify(user, "rights.mediation_missed_payment", "调解协议约定款项逾期未付",
                       f"{m.employer_name} 应于 {inst.due_on:%Y-%m-%d} 支付 {inst.amount} 元")
            PaymentInstalment.objects.filter(pk=inst.pk).update(alerted_at=timezone.now())
            audit.record(None, "rights.mediation_missed_payment", m, summary={"instalment": inst.pk})
        n += 1
    return n


def render_agreement_pdf(actor, *, mediation_id: int) -> bytes:
    m = _access(actor, mediation_id)
    agreement = MediationAgreement.objects.filter(mediation=m).first()
    if agreement is None:
        raise Conflict("还没有调解协议：双方达成并记录协议后才能打印协议书。", code="rights.no_agreement")
    rows = [["请求事项", "请求金额（元）", "协议金额（元）"]] + [
        [c.label, str(c.amount), str(c.agreed_amount or "0.00")] for c in m.claims.all()]
    plan = "\n".join(f"{pdf_blocks.chinese_date(i.due_on)}前支付 {i.amount} 元" for i in agreement.instalments.all())
    return pdf.render("劳动争议调解协议书", [
        ("当事人", f"申请人（职工）：{m.worker_name}\n被申请人（用人单位）：{m.employer_name}（统一社会信用代码 {m.employer_uscc}）"),
        ("协议内容", agreement.terms), ("付款安排", plan)], table=rows,
        footer=f"协议金额合计：{agreement.total_amount} 元\n本协议一式三份，双方当事人和调解组织各执一份，自双方签字盖章之日起生效。",
        parties=[("申请人（职工）", "签字"), ("被申请人（用人单位）", "盖章"), ("调解员", "签字")],
        seal=(m.org.name, timezone.localtime(agreement.created_at).date()), seal_label="调解组织（盖章）")
