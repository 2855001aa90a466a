"""Labour-law supervision letters (意见书 / 建议书): issue, deliver, response, follow-ups, overdue list."""

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone

from niangjia.core import audit, scoping
from niangjia.core import pdf as pdf_blocks
from niangjia.core.errors import Invalid
from niangjia.core.models import Org
from niangjia.rights import pdf, rules
from niangjia.rights.models import LetterFollowUp, LetterSequence, SupervisionLetter
from niangjia.rights.services.common import calendar, case_event, case_to_link, deadlines, not_found


def _access(actor, letter_id: int, *, lock=False) -> SupervisionLetter:
    qs = SupervisionLetter.objects.select_related("org")
    if lock:
        qs = qs.select_for_update()
    letter = qs.filter(pk=letter_id).first()
    if letter is None or not scoping.covers(actor, letter.org):
        raise not_found()
    return letter


def _next_number(*, org: Org, kind: str, year: int) -> int:
    """Lock (or create) the union's sequence row for the kind and year and take the next number. Inside the
    issuing transaction, so a failed issue gives its number back."""
    row = LetterSequence.objects.select_for_update().filter(org=org, kind=kind, year=year).first()
    if row is None:
        try:
            with transaction.atomic():  # a savepoint: another issuer may create the row at the same moment
                LetterSequence.objects.create(org=org, kind=kind, year=year)
        except IntegrityError:
            pass
        row = LetterSequence.objects.select_for_update().get(org=org, kind=kind, year=year)
    row.last += 1
    row.save(update_fields=["last"])
    return row.last


@transaction.atomic
def issue(actor, *, org: Org, kind: str, recipient_name: str, employer_uscc: str = "", issues: str,
          legal_basis: str, rectification: str, rectify_by: dt.date | None = None,
          case_id: int | None = None) -> SupervisionLetter:
    scoping.require(actor, org)
    case = case_to_link(actor, case_id)
    if case is not None:
        org = case.org  # issued by the union that handles the case
    if kind not in SupervisionLetter.Kind.values:
        raise Invalid("请选择意见书或建议书。", code="rights.letter_kind")
    for label, value in (("收件单位", recipient_name), ("发现的问题", issues), ("法律依据", legal_basis),
                         ("整改要求", rectification)):
        if not (value or "").strip():
            raise Invalid(f"请填写{label}。", code="rights.letter_field")
    if rectify_by and rectify_by <= timezone.localdate():
        raise Invalid("整改期限应晚于今天。", code="rights.letter_deadline")
    year = timezone.localdate().year
    seq = _next_number(org=org, kind=kind, year=year)
    letter = SupervisionLetter.objects.create(
        org=org, kind=kind, number=rules.letter_number(org.name, kind, year, seq), recipient_name=recipient_name.strip(),
        employer_uscc=employer_uscc.strip(), issues=issues.strip(), legal_basis=legal_basis.strip(),
        rectification=rectification.strip(), rectify_by=rectify_by, created_by=actor, case=case)
    audit.record(actor, "rights.letter_issue", letter, summary={"kind": kind, **({"case": case.number} if case else {})})
    case_event(case, actor, f"制发{letter.get_kind_display()} {letter.number}")
    return letter


@transaction.atomic
def mark_delivered(actor, *, letter_id: int, on: dt.date) -> SupervisionLetter:
    letter = _access(actor, letter_id, lock=True)
    if letter.delivered_on:
        raise Invalid("该文书已登记送达。", code="rights.letter_delivered")
    days = deadlines().letter_answer_days(letter.kind)
    letter.delivered_on = on
    letter.answer_due = rules.add_working_days(on, days, calendar(on))
    letter.save(update_fields=["delivered_on", "answer_due"])
    audit.record(actor, "rights.letter_deliver", letter, summary={"on": str(on), "due": str(letter.answer_due)})
    return letter


@transaction.atomic
def record_response(actor, *, letter_id: int, on: dt.date, response: str, rectified: bool) -> SupervisionLetter:
    letter = _access(actor, letter_id, lock=True)
    if not letter.delivered_on:
        raise Invalid("请先登记送达。", code="rights.letter_not_delivered")
    if not (response or "").strip():
        raise Invalid("请填写回复内容。", code="rights.letter_response")
    letter.responded_on, letter.response, letter.rectified = on, response.strip(), rectified
    letter.save(update_fields=["responded_on", "response", "rectified"])
    audit.record(actor, "rights.letter_response", letter, summary={"rectified": rectified})
    return letter


@transaction.atomic
def follow_up(actor, *, letter_id: int, note: str) -> LetterFollowUp:
    letter = _access(actor, letter_id)
    if not (note or "").strip():
        raise Invalid("请填写跟进情况。", code="rights.letter_follow_up")
    f = LetterFollowUp.objects.create(letter=letter, on=timezone.localdate(), note=note.strip(), actor=actor)
    audit.record(actor, "rights.letter_follow_up", letter)
    return f


def overdue(*, actor, today: dt.date | None = None):
    today = today or timezone.localdate()
    return (SupervisionLetter.objects.filter(scoping.scope_q(actor), responded_on__isnull=True,
                                             answer_due__lt=today).select_related("org").order_by("answer_due"))


def render_pdf(actor, *, letter_id: int) -> bytes:
    letter = _access(actor, letter_id)
    audit.record(actor, "rights.letter_pdf", letter)
    kind = "工会劳动法律监督意见书" if letter.kind == "opinion" else "工会劳动法律监督建议书"
    answer = ("请于收到本意见书之日起十五个工作日内书面答复。" if letter.kind == "opinion"
              else "请于收到本建议书之日起五个工作日内决定是否立案。")
    return pdf.render(
        kind,
        [("", f"{letter.number}"), ("", f"{letter.recipient_name}："),
         ("一、发现的问题", letter.issues), ("二、法律依据", letter.legal_basis),
         ("三、整改要求", letter.rectification + (f"\n整改期限：{pdf_blocks.chinese_date(letter.rectify_by)}"
                                                  if letter.rectify_by else "")),
         ("", answer)],
        seal=(letter.org.name, timezone.localdate(letter.created_at)),
    )
