"""Counsellors, slots, bookings (one per slot, enforced by the DB), session notes."""

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone

from niangjia.core import audit, scoping
from niangjia.core.errors import Conflict, Invalid
from niangjia.core.models import Org, User
from niangjia.core.notifications import notify
from niangjia.rights import rules
from niangjia.rights.models import Appointment, Counsellor, SessionNote, Slot
from niangjia.rights.services.common import deadlines, not_found


@transaction.atomic
def register_counsellor(actor: User, *, user: User, org: Org, kind: str, display_name: str, bio: str = ""
                        ) -> Counsellor:
    scoping.require(actor, org, roles=scoping.APPROVER_ROLES)
    if kind not in Counsellor.Kind.values:
        raise Invalid("请选择律师或心理咨询师。", code="rights.counsellor_kind")
    counsellor, _ = Counsellor.objects.update_or_create(
        user=user, defaults={"org": org, "kind": kind, "display_name": display_name, "bio": bio, "active": True})
    audit.record(actor, "rights.counsellor_register", counsellor, org=org, summary={"kind": kind})
    return counsellor


def _counsellor_of(actor) -> Counsellor:
    c = Counsellor.objects.filter(user_id=actor.pk, active=True).first()
    if c is None:
        raise not_found()
    return c


@transaction.atomic
def publish_slot(actor: User, *, starts_at: dt.datetime, minutes: int = 50, mode: str = "online",
                 place: str = "") -> Slot:
    counsellor = _counsellor_of(actor)
    if mode not in Slot.Mode.values:
        raise Invalid("请选择咨询方式（电话、线上或到场）。", code="rights.slot_mode")
    if starts_at <= timezone.now():
        raise Invalid("不能发布已经过去的时段。", code="rights.slot_past")
    if not 15 <= int(minutes) <= 180:
        raise Invalid("每次咨询时长应在 15 到 180 分钟之间。", code="rights.slot_minutes")
    if mode in ("online", "in_person") and not place.strip():
        raise Invalid("线上咨询请填写会议链接，到场咨询请填写地址。", code="rights.slot_place")
    if Slot.objects.filter(counsellor=counsellor, starts_at=starts_at).exists():
        raise Conflict("这个时段已经发布过了。", code="rights.slot_duplicate")
    slot = Slot.objects.create(counsellor=counsellor, starts_at=starts_at, minutes=minutes, mode=mode,
                               place=place.strip())
    audit.record(actor, "rights.slot_publish", slot, org=counsellor.org, summary={"starts_at": starts_at.isoformat()})
    return slot


def book(actor: User, *, slot_id: int, topic: str = "") -> Appointment:
    """Book a slot. Two workers at once: the partial unique index lets exactly one insert win."""
    try:
        with transaction.atomic():
            slot = Slot.objects.select_related("counsellor__user", "counsellor__org").filter(pk=slot_id).first()
            if slot is None or not slot.counsellor.active:
                raise not_found()
            if not actor.is_verified:
                raise Invalid("预约律师或心理咨询师需要先完成实名认证；只想问个问题，可以直接在线求助或拨打热线。",
                              code="rights.verify_first")
            now = timezone.now()
            if not rules.may_book(slot.starts_at, now):
                raise Invalid("这个时段已经过去，不能预约，请选择其他时段。", code="rights.slot_past")
            if slot.counsellor.user_id == actor.pk:
                raise Invalid("不能预约自己发布的时段。", code="rights.slot_self")
            # The worker's own row is locked so that two bookings of the same worker are checked one after the other.
            User.objects.select_for_update().filter(pk=actor.pk).first()
            upcoming = [(a.slot.counsellor.kind, a.slot.starts_at, a.slot.minutes)
                        for a in Appointment.objects.filter(worker=actor, cancelled_at__isnull=True,
                                                            slot__starts_at__gt=now).select_related("slot__counsellor")]
            refusal = rules.booking_refusal(kind=slot.counsellor.kind, starts_at=slot.starts_at, minutes=slot.minutes,
                                            upcoming=upcoming)
            if refusal == "overlap":
                raise Conflict("这个时段和您已有的预约时间重叠，请选择其他时段。", code="rights.booking_overlap")
            if refusal == "same_kind":
                raise Conflict(f"您已经预约了一位{slot.counsellor.get_kind_display()}，请先完成或取消那次预约再约新的。",
                               code="rights.booking_one_per_kind")
            appt = Appointment.objects.create(slot=slot, worker=actor, topic=(topic or "").strip()[:200])
            audit.record(actor, "rights.appointment_book", appt, org=slot.counsellor.org,
                         summary={"slot": slot.pk})
            when = timezone.localtime(slot.starts_at)
            notify(actor, "rights.appointment_book", "预约成功",
                   f"{slot.counsellor.display_name} · {when:%m月%d日 %H:%M} · {slot.get_mode_display()}",
                   link="/rights/appointments/")
            notify(slot.counsellor.user, "rights.appointment_booked", "有职工预约了您的时段",
                   f"{when:%m月%d日 %H:%M}", link="/rights/workbench/counselling/")
            return appt
    except IntegrityError:
        raise Conflict("这个时段刚刚被别人约走了，请选择其他时段。", code="rights.slot_taken") from None


@transaction.atomic
def cancel(actor: User, *, appointment_id: int) -> Appointment:
    appt = (Appointment.objects.select_for_update().select_related("slot__counsellor__org")
            .filter(pk=appointment_id, cancelled_at__isnull=True).first())
    if appt is None or actor.pk not in (appt.worker_id, appt.slot.counsellor.user_id):
        raise not_found()
    hours = deadlines().cancel_hours_before
    if not rules.may_cancel(appt.slot.starts_at, timezone.now(), hours_before=hours):
        raise Invalid(f"开始前 {hours} 小时内不能在线取消，请直接联系咨询师。", code="rights.cancel_late")
    appt.cancelled_at = timezone.now()
    appt.save(update_fields=["cancelled_at"])
    audit.record(actor, "rights.appointment_cancel", appt, org=appt.slot.counsellor.org)
    other = appt.slot.counsellor.user if actor.pk == appt.worker_id else appt.worker
    notify(other, "rights.appointment_cancel", "预约已取消",
           f"{timezone.localtime(appt.slot.starts_at):%m月%d日 %H:%M}")
    return appt


def send_reminders(now=None) -> int:
    """Remind workers and counsellors of tomorrow's appointments (huey periodic task)."""
    now = now or timezone.now()
    tomorrow = timezone.localdate(now) + dt.timedelta(days=1)
    start = timezone.make_aware(dt.datetime.combine(tomorrow, dt.time.min))
    end = start + dt.timedelta(days=1)
    sent = 0
    qs = Appointment.objects.filter(cancelled_at__isnull=True, reminded_at__isnull=True,
                                    slot__starts_at__gte=start, slot__starts_at__lt=end
                                    ).select_related("slot__counsellor__user", "worker")
    for appt in qs:
        with transaction.atomic():
            when = timezone.localtime(appt.slot.starts_at)
            notify(appt.worker, "rights.appointment_reminder", "明天有一场咨询",
                   f"{appt.slot.counsellor.display_name} · {when:%m月%d日 %H:%M} · {appt.slot.place}",
                   link="/rights/appointments/")
            Appointment.objects.filter(pk=appt.pk).update(reminded_at=now)
        sent += 1
    return sent


# --- psychological session notes ---------------------------------------------------------------


def _note_access(actor, appt: Appointment, *, write: bool) -> bool:
    counsellor = appt.slot.counsellor
    if counsellor.kind != Counsellor.Kind.PSYCHOLOGIST:
        return False
    if actor.pk == counsellor.user_id:
        return True
    return not write and actor.pk == appt.worker_id


def _load(appointment_id: int) -> Appointment | None:
    return (Appointment.objects.select_related("slot__counsellor__org", "slot__counsellor__user")
            .filter(pk=appointment_id).first())


@transaction.atomic
def write_note(actor: User, *, appointment_id: int, text: str) -> SessionNote:
    appt = _load(appointment_id)
    if appt is None or not _note_access(actor, appt, write=True):
        audit.record(actor, "rights.session_note_write_denied", object_type="rights.appointment",
                     object_id=appointment_id)
        raise not_found()
    text = (text or "").strip()
    if not text:
        raise Invalid("记录内容不能为空。", code="rights.note_empty")
    note, created = SessionNote.objects.update_or_create(
        appointment=appt, defaults={"author": actor, "text": text, "updated_at": timezone.now()})
    audit.record(actor, "rights.session_note_write", note, org=appt.slot.counsellor.org,
                 summary={"created": created})
    return note


def read_note(actor: User, *, appointment_id: int) -> SessionNote | None:
    """Only that psychologist and the worker may read; every attempt is audited (granted or denied).

    Not wrapped in the caller's transaction on purpose: a denied attempt must stay in the trail.
    """
    appt = _load(appointment_id)
    if appt is None or not _note_access(actor, appt, write=False):
        audit.record(actor, "rights.session_note_read_denied", object_type="rights.appointment",
                     object_id=appointment_id, summary={"granted": False})
        raise not_found()
    note = SessionNote.objects.filter(appointment=appt).first()
    audit.record(actor, "rights.session_note_read", object_type="rights.appointment", object_id=appt.pk,
                 org=appt.slot.counsellor.org, summary={"granted": True, "exists": note is not None})
    return note
