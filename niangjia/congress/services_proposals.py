"""Proposal (提案) use cases, one transaction each. Every state change locks the proposal row and checks the move
against `rules.PROPOSAL_NEXT`, so two staff acting at once cannot both move it; one seconder per delegate per
proposal is a unique constraint, and submitting counts the seconders under the same lock."""

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from niangjia.congress import rules
from niangjia.congress.models import Congress, Delegate, Department, Proposal, Seconder
from niangjia.core import audit, formats, notifications, scoping
from niangjia.core.errors import Conflict, Forbidden, Invalid, NotFound

STATUS_WORDS = {"submitted": "提交", "accepted": "立案", "converted": "转为意见建议", "assigned": "交办",
                "answered": "答复", "rated": "评价", "archived": "归档"}


def _text(value: str, label: str, limit: int) -> str:
    value = (value or "").strip()
    if not value:
        raise Invalid(f"请填写{label}。", code="congress.proposal_field", details={"field": label})
    if len(value) > limit:
        raise Invalid(f"{label}不能超过 {limit} 字。", code="congress.proposal_field", details={"field": label})
    return value


def _locked(proposal_id: int) -> Proposal:
    p = (Proposal.objects.select_for_update(of=("self",)).select_related("congress__org", "proposer__user")
         .filter(pk=proposal_id).first())
    if p is None:
        raise NotFound("未找到这件提案。")
    return p


def _move(p: Proposal, new: str) -> None:
    if not rules.may_move(p.status, new):
        raise Conflict(f"这件提案当前为“{p.get_status_display()}”，不能{STATUS_WORDS.get(new, '这样处理')}。",
                       code="congress.proposal_state", details={"status": p.status})
    p.status = new


def _staff(actor, p: Proposal) -> None:
    if not scoping.covers(actor, p.congress.org):
        raise NotFound("未找到这件提案。")


def _delegate_of(actor, congress_id: int) -> Delegate | None:
    return Delegate.objects.filter(congress_id=congress_id, user=actor).first()


def working_calendar():
    """The platform's one working-day calendar (State Council notices + the workbench holiday table)."""
    from niangjia.rights.selectors import working_calendar as platform_calendar

    return platform_calendar()


def _link(p: Proposal) -> str:
    return reverse("congress:proposal", args=[p.pk])


@transaction.atomic
def create_proposal(*, actor, congress_id: int, title: str, reason: str, measures: str) -> Proposal:
    """A delegate drafts a proposal (one issue); it then collects seconders before it can be submitted."""
    congress = Congress.objects.select_for_update().select_related("org").filter(pk=congress_id).first()
    delegate = _delegate_of(actor, congress_id) if congress else None
    if delegate is None:
        raise NotFound("您不是这届职代会的代表，不能提出提案。")
    title = _text(title, "案由", 120)
    reason, measures = _text(reason, "理由", 3000), _text(measures, "建议措施", 3000)
    # The congress row lock serialises numbering: 第N号 is gap-free per congress.
    number = (Proposal.objects.filter(congress=congress).aggregate(n=Max("number"))["n"] or 0) + 1
    p = Proposal.objects.create(congress=congress, number=number, proposer=delegate, title=title, reason=reason,
                                measures=measures)
    audit.record(actor, "congress.proposal_create", p, org=congress.org, summary={"number": number})
    return p


@transaction.atomic
def second(*, actor, proposal_id: int) -> int:
    """附议: another delegate of the same congress supports the draft. Returns the number of seconders."""
    p = (Proposal.objects.select_for_update(of=("self",), no_key=True).select_related("congress__org")
         .filter(pk=proposal_id).first())
    if p is None:
        raise NotFound("未找到这件提案。")
    delegate = _delegate_of(actor, p.congress_id)
    if delegate is None:
        raise NotFound("未找到这件提案。")
    if delegate.pk == p.proposer_id:
        raise Conflict("提案人不能附议自己的提案。", code="congress.own_proposal")
    if p.status != Proposal.Status.DRAFTING:
        raise Conflict("这件提案已经提交，不再征集附议。", code="congress.proposal_state")
    try:
        with transaction.atomic():
            Seconder.objects.create(proposal=p, delegate=delegate)
    except IntegrityError:
        raise Conflict("您已经附议过这件提案。", code="congress.already_seconded") from None
    audit.record(actor, "congress.proposal_second", p, org=p.congress.org)
    return Seconder.objects.filter(proposal=p).count()


@transaction.atomic
def submit(*, actor, proposal_id: int) -> Proposal:
    p = _locked(proposal_id)
    if p.proposer.user_id != actor.pk:
        raise NotFound("未找到这件提案。")
    n = Seconder.objects.filter(proposal=p).count()
    if p.status == Proposal.Status.DRAFTING and not rules.may_submit(n):
        raise Conflict(f"提案需要至少 {rules.MIN_SECONDERS} 名代表附议才能提交，目前 {n} 名。",
                       code="congress.few_seconders", details={"seconders": n, "needed": rules.MIN_SECONDERS})
    _move(p, Proposal.Status.SUBMITTED)
    p.submitted_at = timezone.now()
    p.save(update_fields=["status", "submitted_at"])
    audit.record(actor, "congress.proposal_submit", p, org=p.congress.org, summary={"seconders": n})
    return p


@transaction.atomic
def review(*, actor, proposal_id: int, decision: str, note: str = "") -> Proposal:
    """审查: the committee accepts it (立案) or turns it into an opinion (意见建议) with a written reason."""
    p = _locked(proposal_id)
    _staff(actor, p)
    if decision not in ("accept", "convert"):
        raise Invalid("请选择立案或转为意见建议。", code="congress.review_decision")
    note = (note or "").strip()[:500]
    if decision == "convert" and not note:
        raise Invalid("转为意见建议时请写明理由。", code="congress.review_note")
    _move(p, Proposal.Status.ACCEPTED if decision == "accept" else Proposal.Status.CONVERTED)
    p.is_opinion, p.review_note = decision == "convert", note
    p.save(update_fields=["status", "is_opinion", "review_note"])
    audit.record(actor, "congress.proposal_review", p, org=p.congress.org, summary={"decision": decision})
    notifications.notify(p.proposer.user, "congress.proposal", f"第{p.number}号提案已{STATUS_WORDS[p.status]}",
                         note, link=_link(p))
    return p


@transaction.atomic
def assign(*, actor, proposal_id: int, lead_id: int, co_ids: list[int] | None = None,
           days: int = rules.DEFAULT_REPLY_DAYS) -> Proposal:
    """交办: a lead department and co-departments of the same union, with a reply deadline counted from tomorrow."""
    p = _locked(proposal_id)
    _staff(actor, p)
    if not 1 <= int(days) <= 180:
        raise Invalid("答复期限应为 1 到 180 天。", code="congress.reply_days")
    depts = {d.pk: d for d in Department.objects.filter(org_id=p.congress.org_id, pk__in=[lead_id, *(co_ids or [])])}
    if lead_id not in depts:
        raise Invalid("请选择本单位的主办部门。", code="congress.department")
    co = [depts[i] for i in dict.fromkeys(co_ids or []) if i in depts and i != lead_id]
    if len(co) != len({i for i in (co_ids or []) if i != lead_id}):
        raise Invalid("协办部门须是本单位的部门。", code="congress.department")
    _move(p, Proposal.Status.ASSIGNED)
    p.lead_department, p.reply_days = depts[lead_id], int(days)
    p.assigned_at = timezone.now()
    p.reply_due = rules.period_end(timezone.localdate(), p.reply_days, working_calendar())
    p.save(update_fields=["status", "lead_department", "reply_days", "assigned_at", "reply_due"])
    p.co_departments.set(co)
    audit.record(actor, "congress.proposal_assign", p, org=p.congress.org,
                 summary={"lead": p.lead_department.name, "co": [d.name for d in co],
                          "reply_due": p.reply_due.isoformat()})
    notifications.notify(p.proposer.user, "congress.proposal", f"第{p.number}号提案已交办{p.lead_department.name}",
                         f"答复期限 {formats.day(p.reply_due)}", link=_link(p))
    return p


@transaction.atomic
def answer(*, actor, proposal_id: int, text: str) -> Proposal:
    """答复: the department's written reply, entered from the workbench."""
    p = _locked(proposal_id)
    _staff(actor, p)
    text = _text(text, "答复内容", 3000)
    _move(p, Proposal.Status.ANSWERED)
    p.reply, p.replied_by, p.answered_at = text, actor, timezone.now()
    p.save(update_fields=["status", "reply", "replied_by", "answered_at"])
    audit.record(actor, "congress.proposal_answer", p, org=p.congress.org,
                 summary={"late": rules.is_overdue("assigned", p.reply_due, timezone.localdate())})
    notifications.notify(p.proposer.user, "congress.proposal", f"第{p.number}号提案已答复，请评价",
                         text[:100], link=_link(p))
    return p


@transaction.atomic
def rate(*, actor, proposal_id: int, rating: str) -> Proposal:
    """评价 by the proposer: 不满意 the first time sends it back to the department with a fresh deadline."""
    p = _locked(proposal_id)
    if p.proposer.user_id != actor.pk:
        raise Forbidden("只有提案人可以评价答复。", code="congress.not_proposer")
    if rating not in rules.RATINGS:
        raise Invalid("请选择满意、基本满意或不满意。", code="congress.rating")
    if p.status != Proposal.Status.ANSWERED:
        raise Conflict("这件提案现在不能评价。", code="congress.proposal_state")
    new, sent_back = rules.after_rating(rating, p.sent_back)
    _move(p, new)
    p.rating, p.sent_back, p.rated_at = rating, sent_back, timezone.now()
    fields = ["status", "rating", "sent_back", "rated_at"]
    if new == Proposal.Status.ASSIGNED:
        p.reply_due = rules.period_end(timezone.localdate(), p.reply_days, working_calendar())
        fields.append("reply_due")
    p.save(update_fields=fields)
    audit.record(actor, "congress.proposal_rate", p, org=p.congress.org,
                 summary={"rating": rating, "sent_back": new == Proposal.Status.ASSIGNED})
    return p


@transaction.atomic
def follow_up(*, actor, proposal_id: int) -> Proposal:
    """督办: the committee records a follow-up of an overdue proposal (the reply deadline has passed)."""
    p = _locked(proposal_id)
    _staff(actor, p)
    if not rules.is_overdue(p.status, p.reply_due, timezone.localdate()):
        raise Conflict("只有超过答复期限仍未答复的提案需要督办。", code="congress.not_overdue")
    p.followups += 1
    p.save(update_fields=["followups"])
    audit.record(actor, "congress.proposal_follow_up", p, org=p.congress.org,
                 summary={"reply_due": p.reply_due.isoformat(), "followups": p.followups})
    return p


@transaction.atomic
def archive(*, actor, proposal_id: int) -> Proposal:
    p = _locked(proposal_id)
    _staff(actor, p)
    _move(p, Proposal.Status.ARCHIVED)
    p.archived_at = timezone.now()
    p.save(update_fields=["status", "archived_at"])
    audit.record(actor, "congress.proposal_archive", p, org=p.congress.org)
    return p


@transaction.atomic
def add_department(*, actor, congress_id: int, name: str, contact_name: str = "") -> Department:
    congress = Congress.objects.select_related("org").filter(pk=congress_id).first()
    if congress is None or not scoping.covers(actor, congress.org):
        raise NotFound("未找到这届职代会。")
    name = _text(name, "部门名称", 60)
    dept, created = Department.objects.get_or_create(org=congress.org, name=name,
                                                     defaults={"contact_name": (contact_name or "")[:60]})
    if not created:
        raise Conflict("已有同名部门。", code="congress.department_exists")
    audit.record(actor, "congress.department_add", dept, org=congress.org, summary={"name": name})
    return dept
