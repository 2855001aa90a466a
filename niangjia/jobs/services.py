"""Job fair use cases: employers (verified by staff), posts, fairs, applications and their stages. Each use
case is one transaction, checks the actor, writes an audit event; messages to the worker go through the outbox
after commit. The matching and 1-3-1 use cases are in services_matching.py (re-exported here)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from niangjia.core import audit, scoping
from niangjia.core.errors import Conflict, Forbidden, Invalid, NotFound
from niangjia.core.models import Org
from niangjia.core.money import MoneyError, parse_yuan
from niangjia.core.notifications import notify
from niangjia.core.validators import validate_mobile, validate_region_code, validate_uscc
from niangjia.jobs import rules, search, selectors
from niangjia.jobs.models import Application, Employer, JobFair, Position, StageChange

EMPLOYER_ROLES = frozenset({"employer"})
MAX_PAY = parse_yuan("1000000", "月薪")


def _text(value, label: str, *, max_length: int, required: bool = True) -> str:
    text = (value or "").strip()
    if required and not text:
        raise Invalid(f"请填写{label}。", code="jobs.required", details={"field": label})
    if len(text) > max_length:
        raise Invalid(f"{label}不能超过 {max_length} 个字。", code="jobs.too_long", details={"field": label})
    return text


def _pay(value, label: str):
    try:
        return parse_yuan(value, label, maximum=MAX_PAY)
    except MoneyError as exc:
        raise Invalid(str(exc), code="jobs.bad_amount", details={"field": label}) from None


def _valid(validator, value, code: str) -> str:
    try:
        return validator(value)
    except ValidationError as exc:
        raise Invalid(" ".join(exc.messages), code=code) from None


def _posts_changed() -> None:
    from niangjia.jobs.services_matching import posts_changed

    posts_changed()


def _after_commit_notify(user, kind: str, title: str, body: str, link: str) -> None:
    if user is not None:
        transaction.on_commit(lambda: notify(user, kind, title, body, link=link))


# --- employers -----------------------------------------------------------------------------------------


@transaction.atomic
def register_employer(*, actor, name: str, uscc: str, region_code: str, org_id: int | None = None,
                      address: str = "", industry: str = "", contact_name: str = "", contact_phone: str = "",
                      account=None) -> Employer:
    """Staff register an employer in their subtree, or an employer's own login (role employer) registers itself
    under the union that granted the role; either way it waits for staff verification."""
    name = _text(name, "单位名称", max_length=120)
    code = _valid(validate_uscc, (uscc or "").strip().upper(), "jobs.uscc")
    region = _valid(validate_region_code, (region_code or "").strip(), "jobs.region")
    phone = _valid(validate_mobile, contact_phone, "jobs.phone") if (contact_phone or "").strip() else ""
    if org_id is not None and scoping.has_role(actor):
        org = Org.objects.filter(pk=org_id).first()
        if org is None or not scoping.covers(actor, org):
            raise NotFound("未找到该工会，或不在您的管理范围内。", code="jobs.org")
    else:
        tops = scoping.top_orgs(actor, roles=EMPLOYER_ROLES)
        if not tops:
            raise Forbidden("只有工会工作人员或用人单位账号可以登记单位。", code="jobs.forbidden")
        org, account = tops[0], actor
    try:
        with transaction.atomic():
            employer = Employer.objects.create(
                name=name, uscc=code, org=org, region_code=region, address=_text(address, "地址", max_length=200,
                                                                                required=False),
                industry=_text(industry, "行业", max_length=40, required=False),
                contact_name=_text(contact_name, "联系人", max_length=60, required=False), contact_phone=phone,
                account=account)
    except IntegrityError:
        raise Conflict("该统一社会信用代码已经登记过。", code="jobs.uscc_taken") from None
    audit.record(actor, "jobs.employer_register", employer, org=org, summary={"name": name, "uscc": code})
    return employer


@transaction.atomic
def verify_employer(*, actor, employer_id: int, approve: bool, reason: str = "") -> Employer:
    """Staff of the employer's union (or above) verify or reject it. Only verified employers' posts are shown."""
    employer = selectors.access_employer_by_id(actor=actor, employer_id=employer_id, for_update=True)
    if not scoping.covers(actor, employer.org):
        raise NotFound("未找到该用人单位，或您无权操作。", code="jobs.not_found")
    reason = _text(reason, "理由", max_length=200, required=not approve)
    old = employer.status
    employer.status = Employer.Status.VERIFIED if approve else Employer.Status.REJECTED
    employer.reason, employer.verified_by, employer.verified_at = reason, actor, timezone.now()
    employer.save(update_fields=["status", "reason", "verified_by", "verified_at"])
    _posts_changed()
    audit.record(actor, "jobs.employer_verify", employer, org=employer.org,
                 summary={"status": {"old": old, "new": employer.status}, "reason": reason})
    word = "已通过审核，可以发布岗位" if approve else f"未通过审核：{reason}"
    _after_commit_notify(employer.account, "jobs.employer_verified", f"单位“{employer.name}”{word}", "",
                         reverse("jobs:employer"))
    return employer


# --- posts ---------------------------------------------------------------------------------------------


def _may_post_for(actor, employer: Employer) -> bool:
    return employer.account_id == getattr(actor, "pk", None) or scoping.covers(actor, employer.org)


@transaction.atomic
def create_position(*, actor, employer_id: int, title: str, location: str, region_code: str, salary_min,
                    salary_max, description: str = "", requirements: str = "", skills: str = "",
                    hours: str = "full_time", demands=(), headcount: int = 1, public_welfare: bool = False,
                    fair_id: int | None = None) -> Position:
    employer = selectors.access_employer_by_id(actor=actor, employer_id=employer_id)
    if not _may_post_for(actor, employer):
        raise NotFound("未找到该用人单位，或您无权操作。", code="jobs.not_found")
    if employer.status != Employer.Status.VERIFIED:
        raise Conflict("单位通过工会审核后才能发布岗位。", code="jobs.employer_unverified")
    low, high = _pay(salary_min, "最低月薪"), _pay(salary_max, "最高月薪")
    if high < low:
        raise Invalid("最高月薪不能低于最低月薪。", code="jobs.salary_range")
    if hours not in Position.Hours.values:
        raise Invalid("请选择工作时间。", code="jobs.hours")
    demands = sorted(set(demands or ()))
    if any(d not in rules.DEMANDS for d in demands):
        raise Invalid("体力要求不在可选范围内。", code="jobs.demands")
    try:
        headcount = int(headcount)
    except (TypeError, ValueError):
        headcount = 0
    if not 1 <= headcount <= 999:
        raise Invalid("招聘人数应为 1 到 999 的整数。", code="jobs.headcount")
    fair = None
    if fair_id:
        fair = JobFair.objects.filter(pk=fair_id).first()
        if fair is None:
            raise NotFound("未找到该招聘会。", code="jobs.not_found")
    position = Position.objects.create(
        employer=employer, org=employer.org, fair=fair, title=_text(title, "岗位名称", max_length=80),
        description=_text(description, "岗位描述", max_length=2000, required=False),
        location=_text(location, "工作地点", max_length=120),
        region_code=_valid(validate_region_code, (region_code or "").strip(), "jobs.region"),
        salary_min=low, salary_max=high, requirements=_text(requirements, "任职要求", max_length=1000, required=False),
        skills=_text(skills, "技能", max_length=200, required=False), hours=hours, demands=demands,
        headcount=headcount, public_welfare=bool(public_welfare), created_by=actor)
    if fair is not None:
        fair.employers.add(employer)
    search.reindex(position)
    _posts_changed()
    audit.record(actor, "jobs.position_create", position, org=employer.org,
                 summary={"title": position.title, "salary": f"{low}-{high}"})
    return position


@transaction.atomic
def close_position(*, actor, position_id: int) -> Position:
    position = selectors.access_position_by_id(actor=actor, position_id=position_id)
    if not _may_post_for(actor, position.employer):
        raise NotFound("未找到该岗位，或您无权操作。", code="jobs.not_found")
    position.status = Position.Status.CLOSED
    position.save(update_fields=["status"])
    _posts_changed()
    audit.record(actor, "jobs.position_close", position, org=position.org)
    return position


# --- fairs ---------------------------------------------------------------------------------------------


@transaction.atomic
def create_fair(*, actor, org_id: int, title: str, kind: str, starts_on: dt.date, ends_on: dt.date,
                description: str = "", employer_ids=()) -> JobFair:
    org = Org.objects.filter(pk=org_id).first()
    if org is None or not scoping.covers(actor, org):
        raise NotFound("未找到该工会，或不在您的管理范围内。", code="jobs.org")
    if kind not in JobFair.Kind.values:
        raise Invalid("请选择招聘会类型。", code="jobs.fair_kind")
    if not starts_on or not ends_on or ends_on < starts_on:
        raise Invalid("结束日期不能早于开始日期。", code="jobs.fair_period")
    fair = JobFair.objects.create(org=org, title=_text(title, "招聘会名称", max_length=120), kind=kind,
                                  starts_on=starts_on, ends_on=ends_on, created_by=actor,
                                  description=_text(description, "说明", max_length=2000, required=False))
    employers = list(selectors.employers_visible_to(actor=actor, status="verified").filter(pk__in=list(employer_ids)))
    fair.employers.add(*employers)
    audit.record(actor, "jobs.fair_create", fair, org=org, summary={"title": fair.title, "employers": len(employers)})
    return fair


# --- applications --------------------------------------------------------------------------------------


@transaction.atomic
def apply(*, actor, position_id: int, profile: str, share_contact: bool = False, packet_id: int | None = None
          ) -> Application:
    """A logged-in worker applies for an open post with a short profile (once per post)."""
    if not getattr(actor, "is_authenticated", False):
        raise Forbidden("请先登录。", code="jobs.login")
    position = selectors.access_position_by_id(actor=actor, position_id=position_id)
    if position.status != Position.Status.OPEN or position.employer.status != Employer.Status.VERIFIED:
        raise Conflict("该岗位已停止招聘。", code="jobs.position_closed")
    profile = _text(profile, "个人简介", max_length=500)
    packet = None
    if packet_id:
        packet = selectors.access_packet_by_id(actor=actor, packet_id=packet_id)
    try:
        with transaction.atomic():
            application = Application.objects.create(
                position=position, applicant=actor, name=actor.real_name or actor.display_name or "求职者",
                phone=actor.phone, profile=profile, contact_shared=bool(share_contact), packet=packet)
    except IntegrityError:
        raise Conflict("您已投递过这个岗位，可在“我的办事”查看进度。", code="jobs.already_applied") from None
    StageChange.objects.create(application=application, to_stage="submitted", actor=actor)
    audit.record(actor, "jobs.apply", application, org=position.org,
                 summary={"position": position.title, "contact_shared": application.contact_shared})
    _after_commit_notify(position.employer.account, "jobs.new_applicant", f"“{position.title}”有新的求职者",
                         "", reverse("jobs:applicants", args=[position.pk]))
    return application


@transaction.atomic
def share_contact(*, actor, application_id: int) -> Application:
    """The worker lets the employer see the phone number."""
    application = selectors.access_application_by_id(actor=actor, application_id=application_id, for_update=True)
    if application.applicant_id != actor.pk:
        raise NotFound("未找到该求职申请。", code="jobs.not_found")
    if not application.contact_shared:
        application.contact_shared = True
        application.save(update_fields=["contact_shared"])
        audit.record(actor, "jobs.share_contact", application, org=application.position.org)
    return application


STAGE_MESSAGES = {
    "viewed": "用人单位已查看您的求职申请",
    "interview": "用人单位邀请您面试",
    "hired": "恭喜，您已被录用",
    "rejected": "用人单位认为暂不合适",
}


@transaction.atomic
def move_application(*, actor, application_id: int, stage: str, note: str = "") -> Application:
    """The employer (or staff in scope) moves an applicant to the next stage; the worker gets a message."""
    application = selectors.access_application_by_id(actor=actor, application_id=application_id, for_update=True)
    position = application.position
    if not (position.employer.account_id == actor.pk or scoping.covers(actor, position.org)):
        raise NotFound("未找到该求职申请。", code="jobs.not_found")
    if not rules.may_move(application.stage, stage):
        raise Conflict(f"当前状态“{application.get_stage_display()}”不能改为该状态。", code="jobs.stage")
    note = _text(note, "备注", max_length=200, required=False)
    old = application.stage
    application.stage, application.updated_at = stage, timezone.now()
    application.save(update_fields=["stage", "updated_at"])
    StageChange.objects.create(application=application, from_stage=old, to_stage=stage, note=note, actor=actor)
    audit.record(actor, "jobs.application_stage", application, org=position.org,
                 summary={"stage": {"old": old, "new": stage}})
    body = f"岗位：{position.title}（{position.employer.name}）。{note}"
    _after_commit_notify(application.applicant, "jobs.application_stage", STAGE_MESSAGES[stage], body,
                         reverse("jobs:application", args=[application.pk]))
    return application


@transaction.atomic
def withdraw_application(*, actor, application_id: int, reason: str = "") -> Application:
    """The worker takes the application back (撤回) before the employer has decided; the employer is told and
    no longer sees the phone number. A withdrawn application stays (with its history) and cannot be reopened."""
    application = selectors.access_application_by_id(actor=actor, application_id=application_id, for_update=True)
    if application.applicant_id != actor.pk:
        raise NotFound("未找到该求职申请。", code="jobs.not_found")
    if not rules.may_withdraw(application.stage):
        raise Conflict(f"该求职申请当前为“{application.get_stage_display()}”，不能再撤回。", code="jobs.withdraw")
    reason = _text(reason, "撤回原因", max_length=200, required=False)
    old = application.stage
    application.stage, application.updated_at = Application.Stage.WITHDRAWN, timezone.now()
    application.save(update_fields=["stage", "updated_at"])
    StageChange.objects.create(application=application, from_stage=old, to_stage=application.stage, note=reason,
                               actor=actor)
    position = application.position
    audit.record(actor, "jobs.application_withdraw", application, org=position.org,
                 summary={"stage": {"old": old, "new": application.stage}, "reason": reason})
    _after_commit_notify(position.employer.account, "jobs.application_withdrawn",
                         f"有求职者撤回了对“{position.title}”的申请", reason,
                         reverse("jobs:applicants", args=[position.pk]))
    return application


from niangjia.jobs.services_matching import (  # noqa: E402, F401
    match_intent,
    record_intent,
    record_outcome,
    rematch_all,
    send_packet,
)
