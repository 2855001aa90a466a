"""The audit trail. Every service calls `record` inside its transaction.

The trail never holds a full ID number, mobile number or bank account: `record` masks anything in the
summary that looks like one (a search filter typed into an export, say), whatever the caller passed.
"""

import re
from typing import Any

from django.db import models

from niangjia.core import pii
from niangjia.core.context import client_ip
from niangjia.core.models import AuditEvent, Org

_ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")
_MOBILE = re.compile(r"(?<![0-9A-Za-z])(?:\+?86)?1[3-9]\d{9}(?![0-9A-Za-z])")
_LONG_DIGITS = re.compile(r"(?<![0-9A-Za-z.])\d{12,30}(?![0-9A-Za-z.])")  # bank accounts and the like


def scrub(value: Any) -> Any:
    """The same structure with ID numbers, mobiles and long account-like digit runs masked."""
    if isinstance(value, str):
        value = _ID_NUMBER.sub(lambda m: pii.mask_id_number(m.group()), value)
        value = _MOBILE.sub(lambda m: pii.mask_phone(m.group()[-11:]), value)
        return _LONG_DIGITS.sub(lambda m: pii.mask_bank_account(m.group()).replace(" ", ""), value)
    if isinstance(value, dict):
        return {k: scrub(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [scrub(v) for v in value]
    return value


def _queues_changed(action: str, object_type: str) -> None:
    """Every audited use case may change a to-do queue: stamp the apps it touched now and again on commit (a
    queue read between the two would otherwise cache the old rows under the new stamp)."""
    from django.db import transaction

    from niangjia.core import todo

    apps = (action.split(".", 1)[0], object_type.split(".", 1)[0])
    todo.changed(*apps)
    transaction.on_commit(lambda: todo.changed(*apps))


def record(
    actor,
    action: str,
    obj: models.Model | None = None,
    *,
    org: Org | None = None,
    summary: dict[str, Any] | None = None,
    object_type: str | None = None,
    object_id: str | int | None = None,
    org_id: int | None = None,
) -> AuditEvent:
    """`org_id` instead of `org` spares a caller that holds only the id a query for the row."""
    if obj is not None:
        object_type = object_type or f"{obj._meta.app_label}.{obj._meta.model_name}"
        object_id = object_id if object_id is not None else obj.pk
        if org is None and isinstance(obj, Org):
            org = obj
        elif org is None and org_id is None:
            org = getattr(obj, "org", None) if hasattr(obj, "org_id") else None
    actor_id = actor.pk if actor is not None and getattr(actor, "is_authenticated", False) else None
    _queues_changed(action, object_type or "")
    return AuditEvent.objects.create(
        actor_id=actor_id,
        action=action,
        object_type=object_type or "",
        object_id="" if object_id is None else str(object_id),
        org_id=org.pk if org is not None else org_id,
        ip=client_ip.get(),
        summary=scrub(summary or {}),
    )


def sql_row(actor, action: str, *, object_type: str, org_id: int | None, summary: dict[str, Any]) -> dict[str, Any]:
    """The values `record` would write, for a use case that inserts its audit row inside one SQL statement with its
    other writes (market's order function: one round trip, all or nothing). Same actor rule, client IP and scrubbed
    summary. No to-do stamp: the caller states that its writes feed no to-do queue."""
    import json

    return {"actor_id": actor.pk if actor is not None and getattr(actor, "is_authenticated", False) else None,
            "action": action, "object_type": object_type, "org_id": org_id, "ip": client_ip.get(),
            "summary": json.dumps(scrub(summary), ensure_ascii=False)}
