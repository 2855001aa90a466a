"""Membership: joining (入会), transfers (转会) and leaving, each decided by a union's staff."""

import uuid

from django.db import IntegrityError, transaction
from django.utils import timezone

from niangjia.core import audit, pii, scoping
from niangjia.core.errors import Conflict, Invalid, NotFound
from niangjia.core.models import JoinRequest, Member, Org, TransferRequest, User
from niangjia.core.notifications import notify
from niangjia.core.validators import birth_date_of


def gender_of(id_number: str) -> str:
    return "M" if int(id_number[16]) % 2 else "F"


def member_number(org: Org, member_id: int) -> str:
    return f"{org.region_code}{member_id:010d}"


def create_member_row(*, org: Org, user: User | None, name: str, id_number: str, phone: str = "", join_date=None,
                      member_no: str = "", frontline: bool = False, model_worker: bool = False,
                      model_worker_title: str = "") -> Member:
    """Insert one active roster row; the caller holds the transaction and has checked scope."""
    member = Member.objects.create(
        org=org,
        user=user,
        name=name,
        id_number=id_number,
        id_index=pii.blind_index(id_number, purpose="id"),
        phone=phone,
        phone_index=pii.blind_index(phone, purpose="phone") if phone else "",
        gender=gender_of(id_number),
        birth_date=birth_date_of(id_number),
        member_no=member_no or f"T{uuid.uuid4().hex[:18]}",
        join_date=join_date or timezone.localdate(),
        frontline=frontline,
        model_worker=model_worker,
        model_worker_title=model_worker_title if model_worker else "",
    )
    if not member_no:
        member.member_no = member_number(org, member.pk)
        member.save(update_fields=["member_no"])
    return member


@transaction.atomic
def apply_to_join(*, actor: User, org_id: int, employer_department: str = "", note: str = "") -> JoinRequest:
    if not actor.is_verified:
        raise Invalid("请先完成实名认证，再申请入会。", code="member.not_verified")
    org = Org.objects.filter(pk=org_id, level=Org.Level.GRASSROOTS).first()
    if org is None:
        raise NotFound("未找到这个基层工会，请重新选择。", code="member.org_not_found")
    if Member.objects.filter(id_index=actor.id_index, status=Member.Status.ACTIVE).exists():
        raise Conflict("您已经是工会会员了。如果换了单位，请申请转会。", code="member.already_member")
    if JoinRequest.objects.filter(user=actor, status=JoinRequest.Status.PENDING).exists():
        raise Conflict("您已有一份入会申请正在审核，请耐心等待。", code="member.join_pending")
    try:
        with transaction.atomic():
            request = JoinRequest.objects.create(
                user=actor, org=org, employer_department=employer_department.strip()[:80], note=note.strip()[:200]
            )
    except IntegrityError:
        raise Conflict("您已有一份入会申请正在审核，请耐心等待。", code="member.join_pending") from None
    audit.record(actor, "member.join_apply", request, org=org)
    return request


def _pending_join_for_update(actor: User, request_id: int) -> JoinRequest:
    request = JoinRequest.objects.select_for_update(of=("self",)).select_related("org", "user").filter(pk=request_id).first()
    if request is None or not scoping.covers(actor, request.org):
        raise NotFound("未找到该入会申请，或您无权处理。")
    if request.status != JoinRequest.Status.PENDING:
        raise Conflict("这份申请已经被处理过了（可能是其他工作人员刚刚处理），请刷新页面。", code="member.join_decided")
    return request


@transaction.atomic
def approve_join(*, actor: User, request_id: int) -> Member:
    request = _pending_join_for_update(actor, request_id)
    applicant = request.user
    if Member.objects.filter(id_index=applicant.id_index, status=Member.Status.ACTIVE).exists():
        raise Conflict("申请人已是其他工会的在册会员，请改走转会手续。", code="member.already_member")
    try:
        with transaction.atomic():
            member = create_member_row(
                org=request.org,
                user=applicant,
                name=applicant.real_name,
                id_number=applicant.id_number,
                phone=applicant.phone,
            )
    except IntegrityError:
        raise Conflict("申请人已是其他工会的在册会员。", code="member.already_member") from None
    request.status = JoinRequest.Status.APPROVED
    request.decided_by = actor
    request.decided_at = timezone.now()
    request.member = member
    request.save(update_fields=["status", "decided_by", "decided_at", "member"])
    audit.record(actor, "member.join_approve", request, org=request.org, summary={"member": member.pk})
    notify(
        applicant,
        "member.join_approved",
        "入会申请已通过",
        f"欢迎加入{request.org.name}！您的会员编号是 {member.member_no}，电子会员证已可查看。",
        link="/me/card/",
    )
    return member


@transaction.atomic
def reject_join(*, actor: User, request_id: int, reason: str) -> JoinRequest:
    reason = (reason or "").strip()
    if len(reason) < 2:
        raise Invalid("退回申请时请写明原因，申请人会看到它。", code="member.reason_required")
    request = _pending_join_for_update(actor, request_id)
    request.status = JoinRequest.Status.REJECTED
    request.reason = reason[:200]
    request.decided_by = actor
    request.decided_at = timezone.now()
    request.save(update_fields=["status", "reason", "decided_by", "decided_at"])
    audit.record(actor, "member.join_reject", request, org=request.org, summary={"reason": request.reason})
    notify(request.user, "member.join_rejected", "入会申请未通过", f"{request.org.name}：{request.reason}", link="/me/")
    return request


@transaction.atomic
def request_transfer(*, actor: User, to_org_id: int, note: str = "") -> TransferRequest:
    member = Member.objects.select_related("org").filter(user=actor, status=Member.Status.ACTIVE).first()
    if member is None:
        raise Invalid("您还不是在册会员，无法转会。请先申请入会。", code="member.not_member")
    to_org = Org.objects.filter(pk=to_org_id, level=Org.Level.GRASSROOTS).first()
    if to_org is None:
        raise NotFound("未找到要转入的基层工会。", code="member.org_not_found")
    if to_org.pk == member.org_id:
        raise Invalid("您已经在这个工会了。", code="member.transfer_same")
    if TransferRequest.objects.filter(member=member, status=TransferRequest.Status.PENDING).exists():
        raise Conflict("您已有一份转会申请正在审核。", code="member.transfer_pending")
    try:
        with transaction.atomic():
            transfer = TransferRequest.objects.create(
                member=member, from_org=member.org, to_org=to_org, note=note.strip()[:200], requested_by=actor
            )
    except IntegrityError:
        raise Conflict("您已有一份转会申请正在审核。", code="member.transfer_pending") from None
    audit.record(actor, "member.transfer_apply", transfer, org=to_org, summary={"from": member.org_id})
    return transfer


def _pending_transfer_for_update(actor: User, transfer_id: int) -> TransferRequest:
    transfer = (
        TransferRequest.objects.select_for_update(of=("self",))
        .select_related("to_org", "from_org", "member", "member__user")
        .filter(pk=transfer_id)
        .first()
    )
    # The receiving union decides a transfer.
    if transfer is None or not scoping.covers(actor, transfer.to_org):
        raise NotFound("未找到该转会申请，或您无权处理。")
    if transfer.status != TransferRequest.Status.PENDING:
        raise Conflict("这份转会申请已经被处理过了，请刷新页面。", code="member.transfer_decided")
    return transfer


@transaction.atomic
def approve_transfer(*, actor: User, transfer_id: int) -> Member:
    transfer = _pending_transfer_for_update(actor, transfer_id)
    old = Member.objects.select_for_update().get(pk=transfer.member_id)
    if old.status != Member.Status.ACTIVE:
        raise Conflict("该会员已不在册，无法转会。", code="member.not_active")
    today = timezone.localdate()
    old.status = Member.Status.TRANSFERRED
    old.left_on = today
    old.save(update_fields=["status", "left_on"])
    new = create_member_row(
        org=transfer.to_org, user=old.user, name=old.name, id_number=old.id_number, phone=old.phone,
        join_date=today, frontline=old.frontline, model_worker=old.model_worker,
        model_worker_title=old.model_worker_title,
    )
    transfer.status = TransferRequest.Status.APPROVED
    transfer.decided_by = actor
    transfer.decided_at = timezone.now()
    transfer.new_member = new
    transfer.save(update_fields=["status", "decided_by", "decided_at", "new_member"])
    audit.record(actor, "member.transfer_approve", transfer, org=transfer.to_org,
                 summary={"old_member": old.pk, "new_member": new.pk, "from": transfer.from_org_id})
    if old.user:
        notify(old.user, "member.transfer_approved", "转会已完成",
               f"您已从{transfer.from_org.name}转入{transfer.to_org.name}，新会员编号 {new.member_no}。",
               link="/me/card/")
    return new


@transaction.atomic
def reject_transfer(*, actor: User, transfer_id: int, reason: str) -> TransferRequest:
    reason = (reason or "").strip()
    if len(reason) < 2:
        raise Invalid("退回申请时请写明原因，申请人会看到它。", code="member.reason_required")
    transfer = _pending_transfer_for_update(actor, transfer_id)
    transfer.status = TransferRequest.Status.REJECTED
    transfer.reason = reason[:200]
    transfer.decided_by = actor
    transfer.decided_at = timezone.now()
    transfer.save(update_fields=["status", "reason", "decided_by", "decided_at"])
    audit.record(actor, "member.transfer_reject", transfer, org=transfer.to_org, summary={"reason": transfer.reason})
    if transfer.member.user:
        notify(transfer.member.user, "member.transfer_rejected", "转会申请未通过",
               f"{transfer.to_org.name}：{transfer.reason}", link="/me/")
    return transfer


@transaction.atomic
def record_member_left(*, actor: User, member_id: int, reason: str) -> Member:
    member = Member.objects.select_for_update().select_related("org").filter(pk=member_id).first()
    if member is None or not scoping.covers(actor, member.org):
        raise NotFound("未找到该会员，或您无权处理。")
    if member.status != Member.Status.ACTIVE:
        raise Conflict("该会员已不在册。", code="member.not_active")
    reason = (reason or "").strip()
    if len(reason) < 2:
        raise Invalid("请写明会员离会的原因。", code="member.reason_required")
    member.status = Member.Status.LEFT
    member.left_on = timezone.localdate()
    member.save(update_fields=["status", "left_on"])
    audit.record(actor, "member.left", member, summary={"reason": reason[:200]})
    return member


MODEL_WORKER_TITLE_MAX = 60


@transaction.atomic
def set_model_worker(*, actor: User, member_id: int, model_worker: bool, title: str = "") -> Member:
    """Tag (or untag) an active member as a model worker (劳模), with an optional honour title.

    Only staff whose scope covers the member's union may do it; the change is audited."""
    member = Member.objects.select_for_update().select_related("org").filter(pk=member_id).first()
    if member is None or not scoping.covers(actor, member.org):
        raise NotFound("未找到该会员，或您无权处理。")
    if member.status != Member.Status.ACTIVE:
        raise Conflict("该会员已不在册，不能修改劳模标记。", code="member.not_active")
    title = (title or "").strip() if model_worker else ""
    if len(title) > MODEL_WORKER_TITLE_MAX:
        raise Invalid(f"劳模荣誉称号最多 {MODEL_WORKER_TITLE_MAX} 个字。", code="member.model_worker_title")
    before = {"model_worker": member.model_worker, "title": member.model_worker_title}
    member.model_worker = bool(model_worker)
    member.model_worker_title = title
    member.save(update_fields=["model_worker", "model_worker_title"])
    audit.record(actor, "member.model_worker", member, org=member.org,
                 summary={"before": before, "after": {"model_worker": member.model_worker, "title": title}})
    return member
