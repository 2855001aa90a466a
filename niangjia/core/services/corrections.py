"""更正申请: a member asks for a correction; staff of their union handle it from the to-do centre."""

from django.db import IntegrityError, transaction
from django.utils import timezone

from niangjia.core import audit, pii, scoping, selectors
from niangjia.core.errors import Conflict, Invalid, NotFound
from niangjia.core.models import CorrectionRequest
from niangjia.core.notifications import notify


@transaction.atomic
def request_correction(*, actor, field: str, value: str, reason: str = "") -> CorrectionRequest:
    membership = selectors.active_membership_of(actor)
    if membership is None:
        raise Invalid("您还不是在册会员，工会没有保存您的会员信息；账号信息可以在“我的”里自己修改。",
                      code="correction.not_member")
    if field not in CorrectionRequest.Field.values:
        raise Invalid("请选择要更正的内容。", code="correction.field")
    value, reason = (value or "").strip(), (reason or "").strip()
    if not value or len(value) > 100:
        raise Invalid("请填写正确的内容（100 字以内）。", code="correction.value")
    if len(reason) > 300:
        raise Invalid("说明不能超过 300 字。", code="correction.reason")
    try:
        with transaction.atomic():
            request = CorrectionRequest.objects.create(user=actor, org=membership.org, field=field, requested=value,
                                                       reason=reason)
    except IntegrityError:
        raise Conflict("这一项已经有一条更正申请在处理中，请等工会处理完。", code="correction.pending") from None
    audit.record(actor, "correction.request", request, org=membership.org, summary={"field": field})
    return request


@transaction.atomic
def decide_correction(*, actor, request_id: int, corrected: bool, note: str = "") -> CorrectionRequest:
    request = (CorrectionRequest.objects.select_for_update(of=("self",)).select_related("org", "user")
               .filter(pk=request_id).first())
    if request is None or not scoping.covers(actor, request.org):
        raise NotFound("未找到这条更正申请。")
    if request.status != CorrectionRequest.Status.PENDING:
        raise Conflict("这条更正申请已经处理过了。", code="correction.decided")
    note = (note or "").strip()[:300]
    if not corrected and not note:
        raise Invalid("不予更正时请写明原因，职工会看到。", code="correction.reason_required")
    request.status = CorrectionRequest.Status.DONE if corrected else CorrectionRequest.Status.REJECTED
    request.decided_by, request.decided_at, request.note = actor, timezone.now(), note
    request.save(update_fields=["status", "decided_by", "decided_at", "note"])
    audit.record(actor, "correction.decide", request, org=request.org,
                 summary={"field": request.field, "corrected": corrected})
    notify(request.user, "correction.decided",
           f"您的更正申请（{request.get_field_display()}）{'已更正' if corrected else '未予更正'}",
           note or "工会已按您的申请更正。", link="/me/data/")
    return request


def masked_value(request: CorrectionRequest) -> str:
    return pii.mask_phone(request.requested) if request.field == CorrectionRequest.Field.PHONE else request.requested
