"""Failed logins are counted per (mobile number, client address), with a growing lock.

Why not per account: a stranger who types a worker's number five times would lock the worker out of their
own account (the probe did exactly that). Keyed on the pair, the stranger only locks themselves out of that
number from their own network; the worker, from theirs, logs in as usual. Each further lock of the same
pair doubles in length (15 min, 30 min, 1 h … capped at a day), so slow guessing from one address stops
paying. Guessing from many addresses meets the per-network login throttle, Argon2 and the password rules.

Unknown numbers are counted exactly like registered ones and every refusal reads the same, so the answers
never tell whether a number is registered.
"""

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from niangjia.core import audit, pii
from niangjia.core.models import LoginThrottle, User

MAX_LOCK = dt.timedelta(hours=24)


def _key(phone: str, ip: str | None) -> str:
    return pii.blind_index(f"{phone}|{ip or '-'}", purpose="login")


def locked_until(*, phone: str, ip: str | None) -> dt.datetime | None:
    row = LoginThrottle.objects.filter(key=_key(phone, ip)).only("locked_until").first()
    if row and row.locked_until and row.locked_until > timezone.now():
        return row.locked_until
    return None


def record_failure(*, phone: str, ip: str | None, user: User | None) -> dt.datetime | None:
    """Count one failure for the pair; returns the end of the lock when this failure set one."""
    now = timezone.now()
    with transaction.atomic():
        row, _ = LoginThrottle.objects.select_for_update().get_or_create(key=_key(phone, ip),
                                                                         defaults={"user": user})
        row.failures += 1
        until = None
        if row.failures >= settings.NIANGJIA_LOGIN_MAX_FAILURES:
            minutes = settings.NIANGJIA_LOGIN_LOCK_MINUTES * 2 ** min(row.locks, 10)
            until = now + min(dt.timedelta(minutes=minutes), MAX_LOCK)
            row.locked_until, row.failures, row.locks = until, 0, row.locks + 1
        row.save()
        if until and user is not None:
            # Shown to the union's admins (账号解锁), who can lift it early; not checked at login.
            User.objects.filter(pk=user.pk).update(locked_until=until)
            audit.record(None, "account.locked", user, summary={"until": until.isoformat(), "locks": row.locks})
    return until


def record_success(*, phone: str, ip: str | None) -> None:
    LoginThrottle.objects.filter(key=_key(phone, ip)).delete()


def clear_for_user(user: User) -> None:
    """An admin's unlock or an SMS password reset lifts every lock on the account, from every client."""
    LoginThrottle.objects.filter(user=user).delete()
    User.objects.filter(pk=user.pk).update(failed_logins=0, locked_until=None)


def purge_stale(*, older_than: dt.timedelta = dt.timedelta(days=2)) -> int:
    """Rows of pairs that stopped trying: nothing to remember once the longest lock has run out."""
    deleted, _ = LoginThrottle.objects.filter(updated_at__lt=timezone.now() - older_than).delete()
    return deleted
