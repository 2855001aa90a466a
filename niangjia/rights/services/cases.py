"""Cases (工单): opening online or by the hotline, assignment, transitions, replies, rating, SLA."""

import secrets

from django.db import transaction
from django.utils import timezone

from niangjia.core import audit, pii, scoping, selectors
from niangjia.core.attachments import check_upload
from niangjia.core.errors import Conflict, Forbidden, Invalid
from niangjia.core.models import Attachment, Org, User
from niangjia.core.notifications import notify
from niangjia.rights import rules
from niangjia.rights.models import Case, CaseEvent, Category, Counsellor
from niangjia.rights.services.common import calendar, deadlines, not_found, overdue_recipients, sla_for

MAX_ATTACHMENTS = 5


def _link(case: Case) -> str:
    return f"/rights/cases/{case.pk}/"


def _clean_description(description: str) -> str:
    text = (description or "").strip()
    if not text:
        raise Invalid("请描述您遇到的问题。", code="rights.description_empty")
    if len(text) < rules.DESCRIPTION_MIN:
        raise Invalid(f"问题描述太短了，请至少写 {rules.DESCRIPTION_MIN} 个字，说清楚发生了什么。",
                      code="rights.description_short")
    if len(text) > rules.DESCRIPTION_MAX:
        raise Invalid(f"问题描述不能超过 {rules.DESCRIPTION_MAX} 字（现在 {len(text)} 字），请精简，详细材料可作为附件上传。",
                      code="rights.description_long")
    return text


def _check_category(category: str) -> None:
    if category not in Category.values:
        raise Invalid("请选择问题类别。", code="rights.category")


def _new_case(*, org: Org, actor, requester, category, channel, description, preferred_contact,
              caller_phone="", employer_name="", employer_uscc="", title="") -> Case:
    now = timezone.now()
    today = timezone.localdate(now)
    first_due, resolution_due = rules.sla_due(today, calendar(today), **sla_for(category))
    case = Case.objects.create(
        org=org, number="T" + secrets.token_hex(8), requester=requester, category=category, channel=channel,
        title=(title or description[:30]).strip()[:80], description=description,
        preferred_contact=preferred_contact, caller_phone=caller_phone,
        caller_phone_index=pii.blind_index(caller_phone, purpose="phone") if caller_phone else "",
        employer_name=employer_name, employer_uscc=employer_uscc, created_by=actor, created_at=now,
        first_response_due=first_due, resolution_due=resolution_due,
    )
    case.number = f"WQ{today:%Y%m%d}{case.pk:05d}"
    case.save(update_fields=["number"])
    CaseEvent.objects.create(case=case, actor=actor, kind="transition", to_status="new",
                             note="来电建单" if channel == "hotline" else "在线提交")
    return case


def _store_uploads(case: Case, uploads, actor, event: CaseEvent | None = None) -> None:
    uploads = [u for u in (uploads or []) if u]
    if len(uploads) > MAX_ATTACHMENTS:
        raise Invalid(f"最多上传 {MAX_ATTACHMENTS} 个附件。", code="rights.too_many_files")
    checked = [(u, *check_upload(u)) for u in uploads]  # all checked before anything is stored
    for upload, ext, ctype, sha in checked:
        att = Attachment(original_name=upload.name[:200], content_type=ctype, extension=ext, size=upload.size,
                         sha256=sha, uploaded_by=actor, org=case.org, purpose="rights.case")
        att.file.save(f"{sha}.{ext}", upload, save=False)
        att.save()
        case.attachments.add(att)
        if event is not None:
            event.attachments.add(att)


@transaction.atomic
def open_online_case(actor: User, *, category: str, description: str, preferred_contact: str = "online",
                     employer_name: str = "", uploads=()) -> Case:
    """A worker opens a case from the phone. The case belongs to the worker's grassroots union."""
    _check_category(category)
    text = _clean_description(description)
    if preferred_contact not in Case.Contact.values:
        raise Invalid("请选择联系方式。", code="rights.contact")
    membership = selectors.active_membership_of(actor)
    if membership is not None:
        org = membership.org
        employer_name, employer_uscc = employer_name or org.employer_name, org.uscc or ""
    else:
        # A worker who is not (yet) a member may ask online, as the hotline lets anyone call: the question goes to
        # the federation that runs the platform, whose staff route it.
        org = selectors.intake_org()
        if org is None:
            raise Invalid("暂时无法在线受理，请拨打维权热线。", code="rights.no_intake_org")
        employer_uscc = ""
    case = _new_case(org=org, actor=actor, requester=actor, category=category, channel="online",
                     description=text, preferred_contact=preferred_contact,
                     employer_name=employer_name, employer_uscc=employer_uscc)
    _store_uploads(case, uploads, actor)
    if case.employer_uscc:
        from niangjia.rights.services import risk

        risk.assess(org=org, employer_uscc=case.employer_uscc, employer_name=case.employer_name)
    audit.record(actor, "rights.case_open", case, summary={"category": category, "channel": "online",
                                                             "attachments": case.attachments.count()})
    notify(actor, "rights.case_open", f"已收到您的求助（{case.number}）",
           f"我们会在 {case.first_response_due:%m月%d日} 前联系您。", link=_link(case))
    return case


@transaction.atomic
def open_hotline_case(actor: User, *, org: Org, caller_phone: str, category: str, description: str,
                      requester: User | None = None) -> Case:
    """Hotline staff open a case for a caller."""
    scoping.require(actor, org)
    _check_category(category)
    text = _clean_description(description)
    case = _new_case(org=org, actor=actor, requester=requester, category=category, channel="hotline",
                     description=text, preferred_contact="phone", caller_phone=caller_phone)
    audit.record(actor, "rights.case_open", case, summary={"category": category, "channel": "hotline"})
    return case


def _lock(actor, case_id: int) -> Case:
    case = Case.objects.select_for_update().filter(pk=case_id).first()
    if case is None or not _may_see(actor, case):
        raise not_found()
    return case


def _may_see(actor, case: Case) -> bool:
    if case.requester_id == actor.pk or case.assignee_id == actor.pk:
        return True
    return scoping.covers(actor, case.org)


def _may_handle(actor, case: Case) -> bool:
    return case.assignee_id == actor.pk or scoping.covers(actor, case.org)


def _transition(actor, case: Case, action: str, note: str = "") -> str:
    target = rules.next_status(case.status, action)
    if target is None:
        raise Invalid(f"工单当前状态为“{case.status_label}”，不能执行该操作。", code="rights.bad_transition",
                      details={"status": case.status, "action": action})
    old = case.status
    case.status = target
    now = timezone.now()
    fields = ["status"]
    if target == "resolved":
        case.resolved_at = now
        fields.append("resolved_at")
    elif target == "closed":
        case.closed_at = now
        fields.append("closed_at")
    elif action == "reopen":
        case.closed_at = None
        case.resolved_at = None
        fields += ["closed_at", "resolved_at"]
    if action in ("start", "resolve") and case.first_response_at is None:
        case.first_response_at = now
        fields.append("first_response_at")
    case.save(update_fields=fields)
    CaseEvent.objects.create(case=case, actor=actor, kind="transition", from_status=old, to_status=target,
                             note=note[:2000])
    audit.record(actor, f"rights.case_{action}", case, summary={"from": old, "to": target})
    if case.requester_id and case.requester_id != actor.pk:
        notify(case.requester, f"rights.case_{action}", f"您的求助 {case.number} 状态更新：{case.status_label}",
               note[:500], link=_link(case))
    return target


def _eligible_assignee(case: Case, user: User) -> bool:
    if scoping.covers(user, case.org):
        return True
    counsellor = Counsellor.objects.filter(user=user, active=True).select_related("org").first()
    return counsellor is not None and case.org.path.startswith(counsellor.org.path)


@transaction.atomic
def assign(actor: User, *, case_id: int, assignee_id: int, note: str = "") -> Case:
    case = _lock(actor, case_id)
    if not scoping.covers(actor, case.org):
        raise not_found()
    assignee = User.objects.filter(pk=assignee_id, is_active=True).first()
    if assignee is None or not _eligible_assignee(case, assignee):
        raise Invalid("只能分派给本辖区的工作人员、志愿律师或心理咨询师。", code="rights.bad_assignee")
    previous = case.assignee_id
    case.assignee = assignee
    case.save(update_fields=["assignee"])
    _transition(actor, case, "assign", note or f"分派给 {assignee.name}")
    audit.record(actor, "rights.case_assignee", case, summary={"from": previous, "to": assignee.pk})
    notify(assignee, "rights.case_assigned", f"新分派的工单 {case.number}", case.title,
           link=f"/rights/workbench/cases/{case.pk}/")
    return case


@transaction.atomic
def act(actor: User, *, case_id: int, action: str, note: str = "") -> Case:
    """start / resolve / close by the handler; reopen by the worker within the reopen window (DeadlinePolicy)."""
    case = _lock(actor, case_id)
    if action == "reopen":
        if case.requester_id != actor.pk:
            raise Forbidden("只有提出求助的职工本人可以重新打开工单。", code="rights.reopen_not_owner")
        window = deadlines().reopen_days
        if not rules.may_reopen(case.status, case.resolved_at, timezone.now(), reopen_days=window):
            raise Invalid(f"工单解决后 {window} 天内才可以重新打开；如有新问题请重新提交。",
                          code="rights.reopen_window")
    elif action in ("start", "resolve", "close"):
        if not _may_handle(actor, case):
            raise not_found()
        if action == "resolve" and not note.strip():
            raise Invalid("请填写处理结果，职工会看到这段说明。", code="rights.resolve_note")
    else:
        raise Invalid("不支持的操作。", code="rights.bad_action")
    _transition(actor, case, action, note)
    return case


@transaction.atomic
def reply(actor: User, *, case_id: int, text: str) -> CaseEvent:
    """The handler answers the worker (counts as first response)."""
    case = _lock(actor, case_id)
    if not _may_handle(actor, case):
        raise not_found()
    text = (text or "").strip()
    if not text:
        raise Invalid("回复内容不能为空。", code="rights.reply_empty")
    if len(text) > rules.DESCRIPTION_MAX:
        raise Invalid(f"回复不能超过 {rules.DESCRIPTION_MAX} 字。", code="rights.reply_long")
    event = CaseEvent.objects.create(case=case, actor=actor, kind="reply", note=text)
    if case.first_response_at is None:
        case.first_response_at = event.created_at
        case.save(update_fields=["first_response_at"])
    if case.status == "new":
        # Whoever answers a new case takes it: the worker sees 处理中 and who is on it.
        case.assignee = actor
        case.save(update_fields=["assignee"])
        _transition(actor, case, "assign", "")
    if case.status == "assigned":
        _transition(actor, case, "start", "")
    audit.record(actor, "rights.case_reply", case, summary={"length": len(text)})
    if case.requester_id:
        notify(case.requester, "rights.case_reply", f"您的求助 {case.number} 有新回复", text[:200], link=_link(case))
    return event


@transaction.atomic
def rate(actor: User, *, case_id: int, rating: int, comment: str = "") -> Case:
    case = _lock(actor, case_id)
    if case.requester_id != actor.pk:
        raise not_found()
    if case.status not in ("resolved", "closed"):
        raise Invalid("工单解决后才能评价。", code="rights.rate_not_resolved")
    if case.rating is not None:
        raise Invalid("您已经评价过了。", code="rights.rate_twice")
    try:
        rating = int(rating)
    except (TypeError, ValueError):
        rating = 0
    if not 1 <= rating <= 5:
        raise Invalid("请选择 1 到 5 分。", code="rights.rating_range")
    case.rating = rating
    case.rating_comment = (comment or "").strip()[:500]
    case.save(update_fields=["rating", "rating_comment"])
    CaseEvent.objects.create(case=case, actor=actor, kind="rating", note=f"{rating} 分 {case.rating_comment}")
    audit.record(actor, "rights.case_rate", case, summary={"rating": rating})
    return case


def notify_overdue(now=None) -> int:
    """Tell the supervisors of overdue, not-yet-reported cases (run by the huey periodic task)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    count = 0
    overdue = Case.objects.filter(status__in=["new", "assigned", "in_progress"], resolution_due__lt=today,
                                  overdue_notified_at__isnull=True).select_related("org", "assignee")
    for case in overdue[:500]:
        with transaction.atomic():
            for boss in overdue_recipients(case):
                notify(boss, "rights.case_overdue", f"工单 {case.number} 已超期",
                       f"应于 {case.resolution_due:%Y-%m-%d} 前解决，经办人：{case.assignee.name if case.assignee else '未分派'}",
                       link=f"/rights/workbench/cases/{case.pk}/")
            Case.objects.filter(pk=case.pk).update(overdue_notified_at=now)
            audit.record(None, "rights.case_overdue_notice", case, summary={"due": str(case.resolution_due)})
        count += 1
    return count


@transaction.atomic
def update_intake(actor: User, *, case_id: int, category: str, description: str) -> Case:
    """Hotline staff complete a call-opened case: the category and what the caller said."""
    case = _lock(actor, case_id)
    if not scoping.covers(actor, case.org):
        raise not_found()
    if case.status in ("resolved", "closed"):
        raise Invalid("工单已办结，不能修改。", code="rights.intake_closed")
    _check_category(category)
    text = _clean_description(description)
    old_category = case.category
    if category != old_category:
        today = timezone.localdate(case.created_at)
        case.first_response_due, case.resolution_due = rules.sla_due(today, calendar(today), **sla_for(category))
    case.category, case.description, case.title = category, text, text[:30]
    case.save(update_fields=["category", "description", "title", "first_response_due", "resolution_due"])
    CaseEvent.objects.create(case=case, actor=actor, kind="intake", note=f"登记来电内容（{case.get_category_display()}）")
    audit.record(actor, "rights.case_intake", case, summary={"from": old_category, "to": category})
    return case


@transaction.atomic
def add_worker_message(actor: User, *, case_id: int, text: str, uploads=()) -> CaseEvent:
    """The worker adds to their own case: a message, photos or both (a help case is a conversation)."""
    case = _lock(actor, case_id)
    if case.requester_id != actor.pk:
        raise not_found()
    if case.status == "closed":
        raise Conflict("这个求助已经关闭。如果问题还没解决，请点“没有解决，重新打开”或拨打热线。",
                       code="rights.case_closed")
    text = (text or "").strip()
    if not text and not [u for u in (uploads or []) if u]:
        raise Invalid("请写几句话或添加照片。", code="rights.message_empty")
    if len(text) > rules.DESCRIPTION_MAX:
        raise Invalid(f"留言不能超过 {rules.DESCRIPTION_MAX} 字。", code="rights.message_long")
    event = CaseEvent.objects.create(case=case, actor=actor, kind="message", note=text)
    _store_uploads(case, uploads, actor, event=event)
    audit.record(actor, "rights.case_message", case, summary={"length": len(text), "files": event.attachments.count()})
    if case.assignee_id:
        notify(case.assignee, "rights.case_message", f"求助 {case.number} 有职工新留言", text[:200],
               link=f"/rights/workbench/cases/{case.pk}/")
    return event
