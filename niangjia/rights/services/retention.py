"""Retention of the rights app's own records (registered with core's nightly retention job in RightsConfig.ready).

Case files, mediation and letters are archives (kept, see account closure). What goes:
- a hotline call event that never became part of a case: the caller's number only served the screen-pop;
- a cancelled counsellor booking: its topic may say why the worker wanted help, and no session took place;
- replay nonces of the telephone system, which are not personal data but only guard a few minutes.
"""

import datetime as dt

from niangjia.rights.models import Appointment, CallEvent, CallEventNonce

UNLINKED_CALL_DAYS = 365
CANCELLED_BOOKING_DAYS = 365
NONCE_DAYS = 2


def purge_unlinked_calls(before: dt.datetime) -> int:
    return CallEvent.objects.filter(case__isnull=True, received_at__lt=before).delete()[0]


def purge_cancelled_bookings(before: dt.datetime) -> int:
    return Appointment.objects.filter(cancelled_at__lt=before, note__isnull=True).delete()[0]


def purge_call_nonces(before: dt.datetime) -> int:
    return CallEventNonce.objects.filter(seen_at__lt=before).delete()[0]
