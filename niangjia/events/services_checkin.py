"""Check-in with signed QR tickets. Phones of staff scan offline and sync later: every scan is kept (by the
device's scan id, so a retried sync is one scan), the first scan of a ticket to reach the database checks the
person in, and any other scan of it is recorded as a conflict."""

import datetime as dt

from django.core import signing
from django.db import IntegrityError, transaction
from django.utils import timezone

from niangjia.core import audit, scoping
from niangjia.events.models import Registration, Scan

TICKET_SALT = "niangjia.event-ticket"
MAX_SCANS_PER_SYNC = 500


def ticket_for(registration: Registration) -> str:
    return signing.dumps({"r": registration.pk, "e": registration.event_id}, salt=TICKET_SALT, compress=True)


def _registration_of(ticket: str) -> Registration | None:
    try:
        data = signing.loads(ticket, salt=TICKET_SALT)
    except (signing.BadSignature, ValueError, TypeError):
        return None
    if not isinstance(data, dict):
        return None
    return (Registration.objects.select_related("event", "event__org", "user")
            .filter(pk=data.get("r"), event_id=data.get("e")).first())


def record_scan(actor, *, scan_id: str, ticket: str, device: str, scanned_at: dt.datetime,
                event_id: int | None = None) -> Scan:
    """One scan, in its own transaction; answers the stored outcome when the same scan id comes again."""
    scan_id = (scan_id or "").strip()[:64]
    existing = Scan.objects.filter(scan_id=scan_id).first()
    if existing is not None:
        return existing
    registration = _registration_of(ticket or "")
    valid = (registration is not None and registration.status == Registration.Status.CONFIRMED
             and (event_id is None or registration.event_id == event_id)
             and scoping.covers(actor, registration.event.org))
    base = {"scan_id": scan_id, "device": (device or "")[:64], "scanned_at": scanned_at, "scanned_by": actor}
    if not valid:
        try:
            with transaction.atomic():
                return Scan.objects.create(**base, outcome=Scan.Outcome.INVALID)
        except IntegrityError:
            return Scan.objects.get(scan_id=scan_id)
    try:
        with transaction.atomic():
            scan = Scan.objects.create(**base, event=registration.event, registration=registration,
                                       outcome=Scan.Outcome.CHECKED_IN)
            Registration.objects.filter(pk=registration.pk).update(checked_in_at=scanned_at)
            audit.record(actor, "events.check_in", registration, org=registration.event.org,
                         summary={"event": registration.event.title, "device": base["device"]})
            return scan
    except IntegrityError:
        pass
    # Either this scan id arrived twice at once, or the ticket was already checked in by another scan.
    same = Scan.objects.filter(scan_id=scan_id).first()
    if same is not None:
        return same
    try:
        with transaction.atomic():
            return Scan.objects.create(**base, event=registration.event, registration=registration,
                                       outcome=Scan.Outcome.CONFLICT)
    except IntegrityError:
        return Scan.objects.get(scan_id=scan_id)


def sync_scans(actor, *, device: str, scans: list[dict], event_id: int | None = None) -> list[Scan]:
    """A device's queue: [{scan_id, ticket, scanned_at}], in the order scanned. Scan times in the future are taken
    as the time received (a phone's clock may be wrong)."""
    now = timezone.now()
    out = []
    for item in scans[:MAX_SCANS_PER_SYNC]:
        scanned_at = item.get("scanned_at") or now
        if isinstance(scanned_at, str):
            try:
                scanned_at = dt.datetime.fromisoformat(scanned_at.replace("Z", "+00:00"))
            except ValueError:
                scanned_at = now
        if timezone.is_naive(scanned_at):
            scanned_at = timezone.make_aware(scanned_at)
        out.append(record_scan(actor, scan_id=str(item.get("scan_id") or ""), ticket=str(item.get("ticket") or ""),
                               device=device, scanned_at=min(scanned_at, now), event_id=event_id))
    return out
