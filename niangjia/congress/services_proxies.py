"""Proxies (委托投票): off unless the congress enables them; recorded by the chair before the sitting starts; the
holder must be present and carries at most one proxy. The sitting row is locked while a proxy is recorded, so the
"no chains" checks (a grantor cannot hold a proxy, a holder cannot have given one) are serialised; one per holder
and one per grantor are also unique constraints."""

from django.db import IntegrityError, transaction

from niangjia.congress.models import Congress, Delegate, Proxy, Sitting
from niangjia.congress.services import _require_chair, _sitting
from niangjia.core import audit, scoping
from niangjia.core.errors import Conflict, Invalid, NotFound


@transaction.atomic
def set_proxies_enabled(*, actor, congress_id: int, enabled: bool) -> Congress:
    congress = Congress.objects.select_for_update().select_related("org").filter(pk=congress_id).first()
    if congress is None or not scoping.covers(actor, congress.org):
        raise NotFound("未找到这届职代会。")
    if congress.proxies_enabled != bool(enabled):
        congress.proxies_enabled = bool(enabled)
        congress.save(update_fields=["proxies_enabled"])
        audit.record(actor, "congress.proxies", congress, org=congress.org,
                     summary={"proxies_enabled": {"old": not enabled, "new": bool(enabled)}})
    return congress


@transaction.atomic
def record_proxy(*, actor, sitting_id: int, grantor_id: int, holder_id: int) -> Proxy:
    sitting = _sitting(sitting_id, for_update=True)
    _require_chair(actor, sitting)
    if not sitting.congress.proxies_enabled:
        raise Conflict("本届职代会未启用委托投票。", code="congress.proxies_off")
    if sitting.status != Sitting.Status.PLANNED:
        raise Conflict("委托须在会议开始前登记。", code="congress.proxy_too_late")
    found = {d.pk: d for d in Delegate.objects.filter(congress_id=sitting.congress_id, pk__in=[grantor_id, holder_id])}
    if grantor_id not in found or holder_id not in found:
        raise NotFound("未找到这位代表。")
    if grantor_id == holder_id:
        raise Invalid("不能委托自己。", code="congress.proxy_self")
    if Proxy.objects.filter(sitting=sitting, holder_id=grantor_id).exists():
        raise Conflict("这位代表已受他人委托，不能再委托别人。", code="congress.proxy_chain")
    if Proxy.objects.filter(sitting=sitting, grantor_id=holder_id).exists():
        raise Conflict("受托人本人已委托他人，不能接受委托。", code="congress.proxy_chain")
    try:
        with transaction.atomic():
            proxy = Proxy.objects.create(sitting=sitting, grantor=found[grantor_id], holder=found[holder_id],
                                         recorded_by=actor)
    except IntegrityError:
        if Proxy.objects.filter(sitting=sitting, grantor_id=grantor_id).exists():
            raise Conflict("这位代表已经委托了他人。", code="congress.proxy_exists") from None
        raise Conflict("每位代表至多接受一名代表的委托。", code="congress.proxy_holder_full") from None
    audit.record(actor, "congress.proxy", proxy, org=sitting.congress.org,
                 summary={"grantor": found[grantor_id].name, "holder": found[holder_id].name})
    return proxy


@transaction.atomic
def remove_proxy(*, actor, proxy_id: int) -> None:
    proxy = Proxy.objects.select_related("sitting__congress__org").filter(pk=proxy_id).first()
    if proxy is None:
        raise NotFound("未找到这项委托。")
    _require_chair(actor, proxy.sitting)
    if proxy.sitting.status != Sitting.Status.PLANNED:
        raise Conflict("会议开始后不能撤销委托。", code="congress.proxy_too_late")
    audit.record(actor, "congress.proxy_remove", proxy, org=proxy.sitting.congress.org)
    proxy.delete()
