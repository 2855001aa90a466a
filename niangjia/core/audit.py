"""The audit trail. Every service calls `record` inside its transaction."""

from typing import Any

from django.db import models

from niangjia.core.context import client_ip
from niangjia.core.models import AuditEvent, Org


def record(
    actor,
    action: str,
    obj: models.Model | None = None,
    *,
    org: Org | None = None,
    summary: dict[str, Any] | None = None,
    object_type: str | None = None,
    object_id: str | int | None = None,
) -> AuditEvent:
    if obj is not None:
        object_type = object_type or f"{obj._meta.app_label}.{obj._meta.model_name}"
        object_id = object_id if object_id is not None else obj.pk
        if org is None and isinstance(obj, Org):
            org = obj
        elif org is None:
            org = getattr(obj, "org", None) if hasattr(obj, "org_id") else None
    actor_id = actor.pk if actor is not None and getattr(actor, "is_authenticated", False) else None
    return AuditEvent.objects.create(
        actor_id=actor_id,
        action=action,
        object_type=object_type or "",
        object_id="" if object_id is None else str(object_id),
        org=org,
        ip=client_ip.get(),
        summary=summary or {},
    )
