"""Call events from the telephone system: HMAC-signed, timestamp window + nonce, screen-pop."""

import hashlib
import hmac
import time

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from niangjia.core import audit, pii
from niangjia.core.errors import Forbidden
from niangjia.core.models import Org, User
from niangjia.rights.models import CallEvent, CallEventNonce, Case, CaseEvent, DutyShift
from niangjia.rights.services.cases import _new_case

WINDOW_SECONDS = 300


def signing_key() -> bytes:
    key = getattr(settings, "NIANGJIA_CALL_EVENT_KEY", None)
    if key:
        return key.encode() if isinstance(key, str) else key
    return hmac.new(settings.SECRET_KEY.encode(), b"niangjia.rights.call-events", hashlib.sha256).digest()


def sign(body: bytes, timestamp: str, nonce: str, key: bytes | None = None) -> str:
    msg = timestamp.encode() + b"." + nonce.encode() + b"." + body
    return hmac.new(key or signing_key(), msg, hashlib.sha256).hexdigest()


def _refuse(reason: str, message: str, summary: dict) -> Forbidden:
    # written outside any transaction that the refusal rolls back: the trail must keep it
    audit.record(None, "rights.call_event_refused", object_type="rights.callevent",
                 summary={"reason": reason, **summary})
    return Forbidden(message, code=f"rights.call_event_{reason}")


def verify(body: bytes, *, timestamp: str | None, nonce: str | None, signature: str | None,
           now: float | None = None) -> None:
    """Check signature, window and nonce; record the nonce. Raises Forbidden (and audits) otherwise."""
    now = time.time() if now is None else now
    info = {"nonce": (nonce or "")[:64], "timestamp": (timestamp or "")[:20]}
    if not timestamp or not nonce or not signature:
        raise _refuse("unsigned", "缺少签名，来电事件已拒收。", info)
    expected = sign(body, timestamp, nonce)
    if not hmac.compare_digest(expected, signature.strip().lower()):
        raise _refuse("bad_signature", "签名不正确，来电事件已拒收。", info)
    try:
        ts = int(timestamp)
    except ValueError:
        raise _refuse("bad_timestamp", "时间戳格式不正确。", info) from None
    if abs(now - ts) > WINDOW_SECONDS:
        raise _refuse("stale", "时间戳超出允许范围（±5 分钟），来电事件已拒收。", info)
    if len(nonce) > 64:
        raise _refuse("bad_nonce", "随机数过长。", info)
    try:
        with transaction.atomic():
            CallEventNonce.objects.create(nonce=nonce)
    except IntegrityError:
        raise _refuse("replayed", "重复的来电事件（重放），已拒收。", info) from None


def on_duty_now(org: Org | None = None, now=None) -> list[User]:
    """Staff on the duty roster for the current shift (day 08–16, evening 16–24, night 00–08)."""
    local = timezone.localtime(now or timezone.now())
    shift = "night" if local.hour < 8 else ("day" if local.hour < 16 else "evening")
    qs = DutyShift.objects.filter(day=local.date(), shift=shift).select_related("staff", "org")
    if org is not None:
        qs = qs.filter(org__path__in=org.ancestor_paths())
    return [d.staff for d in qs.order_by("id")]


def _hotline_org(user: User | None) -> Org:
    if user is not None:
        from niangjia.core.selectors import active_membership_of

        m = active_membership_of(user)
        if m is not None:
            return m.org
    duty = DutyShift.objects.select_related("org").order_by("-day").first()
    if duty is not None:
        return duty.org
    return Org.objects.filter(parent__isnull=True).order_by("id").first()


@transaction.atomic
def incoming_call(*, call_id: str, caller_phone: str, event: str = "incoming") -> CallEvent:
    """Attach the call to the caller's open case or open one; pop it to the staff member on duty."""
    index = pii.blind_index(caller_phone, purpose="phone")
    user = User.objects.filter(phone_index=index).first()
    open_q = Case.objects.filter(status__in=["new", "assigned", "in_progress"])
    case = (open_q.filter(caller_phone_index=index).order_by("-id").first()
            or (open_q.filter(requester=user).order_by("-id").first() if user else None))
    created = False
    if case is None:
        org = _hotline_org(user)
        case = _new_case(org=org, actor=None, requester=user, category="other", channel="hotline",
                         description="热线来电自动建单，请接听后补充问题描述。", preferred_contact="phone",
                         caller_phone=caller_phone, title="热线来电")
        created = True
    duty = on_duty_now(case.org)
    staff = duty[0] if duty else None
    call = CallEvent.objects.create(call_id=call_id[:64], event=event[:20], caller_phone=caller_phone,
                                    caller_phone_index=index, case=case, staff=staff)
    CaseEvent.objects.create(case=case, kind="call", note=f"来电 {pii.mask_phone(caller_phone)}")
    audit.record(None, "rights.call_event", call, org=case.org,
                 summary={"case": case.pk, "created": created, "staff": staff.pk if staff else None})
    return call


def pop_for(actor: User) -> list[CallEvent]:
    """Calls not yet shown, routed to this staff member (or to nobody) in their scope; marks them shown."""
    from django.db.models import Q

    from niangjia.core import scoping

    with transaction.atomic():
        ids = list(
            CallEvent.objects.filter(popped_at__isnull=True)
            .filter(Q(staff=actor) | Q(staff__isnull=True))
            .filter(scoping.scope_q(actor, org_field="case__org"))
            .values_list("pk", flat=True)[:20]
        )
        if ids:
            CallEvent.objects.filter(pk__in=ids, popped_at__isnull=True).update(popped_at=timezone.now())
    return list(CallEvent.objects.filter(pk__in=ids).select_related("case").order_by("-id"))


def purge_nonces(now=None) -> int:
    """Nonces older than a day can no longer pass the timestamp window: drop them."""
    import datetime as dt

    cutoff = (now or timezone.now()) - dt.timedelta(days=1)
    deleted, _ = CallEventNonce.objects.filter(seen_at__lt=cutoff).delete()
    return deleted
