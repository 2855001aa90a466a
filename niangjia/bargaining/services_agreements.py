"""Use cases of the agreement (集体合同): the draft, the congress vote (a `contract` motion in the congress app,
counted by its rules), signing, filing with the labour administration (报送审查, 10 days), the 15-day objection
period, entry into force and expiry. One transaction each, scoped, audited.

The congress is reached only through niangjia.congress.services / selectors: the motion is created by
`create_motion(kind="contract")` and its final result read with `motion_result`.
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from niangjia.bargaining import rules, selectors
from niangjia.bargaining.models import Agreement, Negotiation, rates_to_json
from niangjia.core import audit, notifications
from niangjia.core.errors import Conflict, Forbidden, Invalid, NotFound
from niangjia.core.services.uploads import atomic_with_uploads

__all__ = [
    "attach_documents", "draft_agreement", "expire_due", "object_to_filing", "record_congress_result", "record_filing",
    "sign_agreement", "submit_to_congress", "take_effect_due",
]


def _apply(actor, negotiation, action, note=""):
    from niangjia.bargaining.services import apply_action

    apply_action(actor, negotiation, action, note=note)


def _agreement(negotiation: Negotiation) -> Agreement:
    agreement = selectors.agreement_of(negotiation)
    if agreement is None:
        raise Conflict("这项协商还没有合同草案，请先形成草案。", code="bargaining.no_draft")
    return agreement


def _day(value, *, field: str, today: dt.date, not_before: dt.date | None = None) -> dt.date:
    if not isinstance(value, dt.date):
        raise Invalid(f"请填写正确的{field}。", code="bargaining.date")
    if value > today:
        raise Invalid(f"{field}不能晚于今天。", code="bargaining.date_future")
    if not_before and value < not_before:
        raise Invalid(f"{field}不能早于 {not_before:%Y-%m-%d}。", code="bargaining.date_order")
    return value


@transaction.atomic
def draft_agreement(*, actor, negotiation_id: int, title: str, text: str, terms: rules.WageTerms,
                    term_start: dt.date, term_end: dt.date, workers_covered: int) -> Agreement:
    """The agreed text and wage terms. From talks (first draft) or after an objection (a new draft)."""
    negotiation = selectors.access_negotiation(actor=actor, negotiation_id=negotiation_id, for_update=True)
    title = (title or "").strip()
    text = (text or "").strip()
    if not title or len(title) > 120:
        raise Invalid("请填写合同名称（120 字以内）。", code="bargaining.title")
    if not text or len(text) > 50000:
        raise Invalid("请填写合同文本（50000 字以内）。", code="bargaining.text")
    problems = rules.terms_problems(terms) + rules.term_problems(term_start, term_end)
    if problems:
        raise Invalid("".join(problems), code="bargaining.terms", details={"problems": problems})
    if not isinstance(workers_covered, int) or not (1 <= workers_covered <= 10_000_000):
        raise Invalid("请填写合同覆盖的职工人数。", code="bargaining.workers")
    _apply(actor, negotiation, "draft")
    values = {"org": negotiation.org, "title": title, "text": text, "increase_pct": terms.increase_pct,
              "minimum_wage": terms.minimum_wage, "piece_rate_pct": terms.piece_rate_pct,
              "special_terms": terms.special_terms, "piece_rates": rates_to_json(terms.piece_rates),
              "term_start": term_start, "term_end": term_end,
              "workers_covered": workers_covered, "motion_id": None, "vote_explanation": [], "signed_on": None,
              "union_signed_on": None, "employer_signed_on": None, "filing_due": None, "filed_received_on": None, "objection_end": None, "objection": "",
              "effective_on": None, "renewal_notice_on": None}
    agreement, _created = Agreement.objects.update_or_create(negotiation=negotiation, defaults=values)
    negotiation.workers_covered = workers_covered
    negotiation.save(update_fields=["workers_covered"])
    audit.record(actor, "bargaining.draft", agreement, org=negotiation.org,
                 summary={"increase_pct": str(terms.increase_pct), "workers_covered": workers_covered})
    return agreement


@transaction.atomic
def submit_to_congress(*, actor, negotiation_id: int, sitting_id: int, secret: bool = False) -> Agreement:
    """第三十六条: the draft goes to the workers' congress. It becomes a `contract` motion of a sitting of this
    union's congress, counted with the congress rules (≥ ⅔ present, > ½ of all delegates)."""
    from niangjia.congress import services as congress_services

    negotiation = selectors.access_negotiation(actor=actor, negotiation_id=negotiation_id, for_update=True)
    agreement = _agreement(negotiation)
    sittings = {s["id"]: s for s in selectors.congress_sittings_for(actor=actor, org=negotiation.org)}
    if sitting_id not in sittings:
        raise NotFound("未找到本单位职代会的这次会议（会议须属于本工会且尚未结束）。")
    _apply(actor, negotiation, "submit_to_congress")
    motion = congress_services.create_motion(actor=actor, sitting_id=sitting_id, secret=bool(secret),
                                             title=f"审议《{agreement.title}》（草案）", kind="contract")
    agreement.motion_id, agreement.vote_explanation = motion.pk, []
    agreement.save(update_fields=["motion_id", "vote_explanation"])
    audit.record(actor, "bargaining.submit_to_congress", agreement, org=negotiation.org,
                 summary={"sitting": sitting_id, "motion": motion.pk, "secret": bool(secret)})
    return agreement


@transaction.atomic
def record_congress_result(*, actor, negotiation_id: int) -> Agreement:
    """Take the congress's final result: passed → ready to sign; not passed → back to talks."""
    from niangjia.congress import selectors as congress_selectors

    negotiation = selectors.access_negotiation(actor=actor, negotiation_id=negotiation_id, for_update=True)
    agreement = _agreement(negotiation)
    if negotiation.stage != "voting" or agreement.motion_id is None:
        raise Conflict("合同草案尚未提交职代会表决。", code="bargaining.not_voting")
    motion = congress_selectors.access_motion(actor=actor, motion_id=agreement.motion_id)
    result = congress_selectors.motion_result(motion)
    if not result["final"]:
        raise Conflict("职代会表决尚未结束，结束表决后才能记录结果。", code="bargaining.vote_not_final")
    agreement.vote_explanation = list(result["explanation"])
    agreement.save(update_fields=["vote_explanation"])
    _apply(actor, negotiation, "congress_passed" if result["passed"] else "congress_failed",
           note="；".join(result["explanation"])[:300])
    audit.record(actor, "bargaining.congress_result", agreement, org=negotiation.org,
                 summary={"passed": bool(result["passed"]), "yes": result["yes"],
                          "delegates_total": result["delegates_total"]})
    return agreement


@transaction.atomic
def sign_agreement(*, actor, negotiation_id: int, signed_on: dt.date | None = None, side: str | None = None,
                   today: dt.date | None = None) -> Agreement:
    """Both chiefs sign after the congress (or all workers) passed it. Each may sign from its own login (the
    employer's representative signs the employer's side); union staff may record both paper signatures at once
    (`side` None). When both have signed, the 10-day filing deadline starts from the later day (第四十二条:
    自双方首席代表签字之日起)."""
    today = today or timezone.localdate()
    negotiation, party = selectors.access_negotiation_as_party(actor=actor, negotiation_id=negotiation_id,
                                                               for_update=True)
    agreement = _agreement(negotiation)
    if rules.next_stage(negotiation.stage, "sign") is None:
        raise Conflict(f"当前阶段为“{rules.STAGE_LABELS.get(negotiation.stage, negotiation.stage)}”，不能签字。",
                       code="bargaining.wrong_stage", details={"stage": negotiation.stage, "action": "sign"})
    if party == "employer":
        if side not in (None, "employer"):
            raise Forbidden("企业方代表只能以企业方首席代表身份签字。", code="bargaining.not_your_side")
        side, signed_on = "employer", signed_on or today
    if side is not None and side not in rules.SIDES:
        raise Invalid("请选择工会（职工方）或企业方。", code="bargaining.side")
    day = _day(signed_on, field="签字日期", today=today)
    for s in ((side,) if side else rules.SIDES):
        field = f"{s}_signed_on"
        if getattr(agreement, field):
            raise Conflict(f"{rules.SIDE_LABELS[s]}首席代表已经签字。", code="bargaining.already_signed")
        setattr(agreement, field, day)
    fields = ["union_signed_on", "employer_signed_on"]
    both = agreement.union_signed_on and agreement.employer_signed_on
    if both:
        _apply(actor, negotiation, "sign")
        agreement.signed_on = max(agreement.union_signed_on, agreement.employer_signed_on)
        agreement.filing_due = rules.filing_due(agreement.signed_on, selectors.working_calendar())
        fields += ["signed_on", "filing_due"]
    agreement.save(update_fields=fields)
    audit.record(actor, "bargaining.sign", agreement, org=negotiation.org,
                 summary={"side": side or "both", "by": party, "on": day.isoformat(),
                          "filing_due": agreement.filing_due.isoformat() if both else None})
    return agreement


@transaction.atomic
def record_filing(*, actor, negotiation_id: int, received_on: dt.date, today: dt.date | None = None) -> Agreement:
    """The labour administration received the text: the 15-day objection period runs from that day
    (第四十七条); filing after the 10 days is recorded as late, not refused. The employer files (第四十二条), so
    its representative may record it; union staff may too."""
    today = today or timezone.localdate()
    negotiation, _party = selectors.access_negotiation_as_party(actor=actor, negotiation_id=negotiation_id,
                                                                for_update=True)
    agreement = _agreement(negotiation)
    _apply(actor, negotiation, "file")
    agreement.filed_received_on = _day(received_on, field="劳动保障行政部门收到日期", today=today,
                                       not_before=agreement.signed_on)
    cal = selectors.working_calendar()
    agreement.objection_end = rules.objection_period_end(agreement.filed_received_on, cal)
    agreement.effective_on = rules.effective_on(agreement.filed_received_on, cal)
    agreement.save(update_fields=["filed_received_on", "objection_end", "effective_on"])
    audit.record(actor, "bargaining.file", agreement, org=negotiation.org,
                 summary={"received_on": agreement.filed_received_on.isoformat(),
                          "late": agreement.filed_received_on > agreement.filing_due,
                          "objection_end": agreement.objection_end.isoformat()})
    return agreement


@transaction.atomic
def object_to_filing(*, actor, negotiation_id: int, reason: str, today: dt.date | None = None) -> Agreement:
    """The labour administration raised an objection within the period: the parties bargain again."""
    today = today or timezone.localdate()
    negotiation = selectors.access_negotiation(actor=actor, negotiation_id=negotiation_id, for_update=True)
    agreement = _agreement(negotiation)
    reason = (reason or "").strip()
    if not reason or len(reason) > 500:
        raise Invalid("请填写审查意见（500 字以内）。", code="bargaining.reason")
    if negotiation.stage == "filed" and agreement.objection_end and today > agreement.objection_end:
        raise Conflict(f"审查期已于 {agreement.objection_end:%Y-%m-%d} 届满，合同已依法生效，不能再记录异议。",
                       code="bargaining.objection_late")
    _apply(actor, negotiation, "object", note=reason)
    agreement.objection, agreement.effective_on = reason, None
    agreement.save(update_fields=["objection", "effective_on"])
    audit.record(actor, "bargaining.objection", agreement, org=negotiation.org, summary={"reason": reason[:100]})
    return agreement


def take_effect_due(*, today: dt.date) -> int:
    """Daily (and on demand): every filed agreement whose objection period has ended takes effect, by law,
    without anyone acting. Each in its own transaction, locked, so a concurrent objection wins or loses cleanly."""
    from django.urls import reverse

    cal = selectors.working_calendar()
    done = 0
    ids = list(Agreement.objects.filter(negotiation__stage="filed", effective_on__lte=today)
               .values_list("negotiation_id", flat=True)[:5000])
    for negotiation_id in ids:
        with transaction.atomic():
            negotiation = Negotiation.objects.select_for_update().filter(pk=negotiation_id).first()
            agreement = Agreement.objects.filter(negotiation_id=negotiation_id).first()
            if negotiation is None or agreement is None or not rules.may_take_effect(
                    stage=negotiation.stage, filed_received_on=agreement.filed_received_on, today=today, cal=cal):
                continue
            _apply(None, negotiation, "take_effect", note="审查期届满无异议，依法生效")
            agreement.effective_on = rules.effective_on(agreement.filed_received_on, cal)
            agreement.renewal_notice_on = rules.renewal_notice_on(agreement.term_end)
            agreement.save(update_fields=["effective_on", "renewal_notice_on"])
            audit.record(None, "bargaining.effective", agreement, org=negotiation.org,
                         summary={"effective_on": agreement.effective_on.isoformat()})
            notifications.notify(negotiation.created_by, "bargaining.effective", f"集体合同已生效：{agreement.title}",
                                 f"审查期届满无异议，合同自 {agreement.effective_on:%Y-%m-%d} 起生效。",
                                 link=reverse("bargaining:detail", args=[negotiation.pk]))
            done += 1
    return done


def expire_due(*, today: dt.date) -> int:
    """Daily: contracts past their term end are marked expired (renewal was reminded 60 days before)."""
    done = 0
    ids = list(Agreement.objects.filter(negotiation__stage="effective", term_end__lt=today)
               .values_list("negotiation_id", flat=True)[:5000])
    for negotiation_id in ids:
        with transaction.atomic():
            negotiation = Negotiation.objects.select_for_update().filter(pk=negotiation_id, stage="effective").first()
            if negotiation is None:
                continue
            _apply(None, negotiation, "expire", note="合同期限届满")
            audit.record(None, "bargaining.expire", negotiation, org=negotiation.org)
            done += 1
    return done


MAX_FILES = 5


@atomic_with_uploads
def attach_documents(*, actor, negotiation_id: int, uploads, round_id: int | None = None) -> int:
    """Scans of paper: the minutes signed by both chiefs (to a round) or the signed agreement and the labour
    administration's receipt (to the agreement). Type by content and 10 MB each (core.attachments); one bad file
    refuses all and nothing is stored."""
    from niangjia.core.services.uploads import check_uploads, store_uploads

    negotiation = selectors.access_negotiation(actor=actor, negotiation_id=negotiation_id, for_update=True)
    uploads = list(uploads or [])
    if not uploads:
        raise Invalid("请选择要上传的文件。", code="bargaining.no_file")
    if len(uploads) > MAX_FILES:
        raise Invalid(f"一次最多上传 {MAX_FILES} 个文件。", code="bargaining.too_many_files")
    if round_id:
        target = negotiation.rounds.filter(pk=round_id).first()
        if target is None:
            raise NotFound("未找到这一轮协商。")
        purpose = "bargaining.minutes"
    else:
        target = _agreement(negotiation)
        purpose = "bargaining.agreement"
    checked = check_uploads(uploads)
    stored = store_uploads(actor, negotiation.org, checked, purpose=purpose)
    target.attachments.add(*stored)
    audit.record(actor, "bargaining.attach", negotiation, org=negotiation.org,
                 summary={"purpose": purpose, "files": len(stored)})
    return len(stored)
