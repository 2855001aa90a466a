"""Retention as data (个人信息保护法 第十九条: kept no longer than the purpose needs), enforced nightly.

`NIANGJIA_RETENTION_DAYS` maps a record type to the days it is kept after it stopped being needed. Each type
names what "stopped being needed" means below. A federation changes the periods in settings; the defaults are
examples (marked so in docs/SECURITY.md), not law, except where a law is named.

Core's own record types are below. Each app registers the rules for its own records from its AppConfig.ready()
(`register`), because core never imports an app: relief's rejected applications, mutual aid's rejected claims,
the hotline's unlinked call events, and so on. The nightly task runs core's rules and every registered one.
"""

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from niangjia.core.models import JoinRequest, Message, PhoneCode, SubmissionReceipt

DEFAULT_DAYS = {
    # An unsuccessful join request: its name, employer department and note, after the decision.
    "join_request_rejected": 365 * 3,
    # SMS codes: after they expire (only a hash is stored, but the number's blind index is personal data).
    "phone_code": 1,
    # Submit-once receipts: after the submission (a double tap is seconds apart).
    "submission_receipt": 30,
    # In-app messages the worker has read.
    "message_read": 365 * 2,
}


log = logging.getLogger("niangjia.retention")


@dataclass(frozen=True)
class Rule:
    """An app's record type: `purge(before)` deletes (or anonymises) the records whose clock started before
    `before` and returns how many went; `days` is the default period; `what` says in Chinese which records
    and when their clock starts (shown in docs and on 我的个人信息)."""

    code: str
    days: int
    purge: Callable[[dt.datetime], int]
    what: str


_RULES: dict[str, Rule] = {}


def register(code: str, *, days: int, purge: Callable[[dt.datetime], int], what: str) -> None:
    """Called from an app's AppConfig.ready(). Codes are "<app>.<record>", unique across the platform."""
    if code in DEFAULT_DAYS:
        raise ValueError(f"retention code {code} is core's")
    _RULES[code] = Rule(code, days, purge, what)


def registered() -> dict[str, Rule]:
    return dict(_RULES)


def periods() -> dict[str, int]:
    app_days = {code: rule.days for code, rule in _RULES.items()}
    return {**DEFAULT_DAYS, **app_days, **getattr(settings, "NIANGJIA_RETENTION_DAYS", {})}


def enforce(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Delete what is past its period; returns how many rows of each type went (for the task's log).

    Core's types go in one transaction, then each app's rule in its own, so that one app's failure neither
    undoes nor stops the others (it is logged and raised at the end, so the task shows as failed)."""
    now = now or timezone.now()
    days = periods()
    deleted = _enforce_core(now, days)
    failures = []
    for code, rule in _RULES.items():
        try:
            with transaction.atomic():
                deleted[code] = rule.purge(now - dt.timedelta(days=days[code]))
        except Exception as exc:  # noqa: BLE001 (logged, the other rules still run, re-raised below)
            log.exception("retention rule %s failed", code)
            failures.append((code, exc))
    if failures:
        raise RuntimeError(f"retention rules failed: {[code for code, _ in failures]}") from failures[0][1]
    return deleted


@transaction.atomic
def _enforce_core(now: dt.datetime, days: dict[str, int]) -> dict[str, int]:

    def before(kind: str) -> dt.datetime:
        return now - dt.timedelta(days=days[kind])

    deleted = {
        "join_request_rejected": JoinRequest.objects.filter(
            status=JoinRequest.Status.REJECTED, decided_at__lt=before("join_request_rejected")).delete()[0],
        "phone_code": PhoneCode.objects.filter(expires_at__lt=before("phone_code")).delete()[0],
        "submission_receipt": SubmissionReceipt.objects.filter(
            created_at__lt=before("submission_receipt")).delete()[0],
        "message_read": Message.objects.filter(read_at__isnull=False, read_at__lt=before("message_read")).delete()[0],
    }
    return deleted
