"""Writes of the model-worker registry: records with titles, the yearly care, and the link of a difficult model
worker to relief's hardship file. A registered member keeps core's 劳模 tag in step, so care's rule for difficult
model workers keeps working."""

from django.db import IntegrityError, transaction

from niangjia.core import audit, scoping
from niangjia.core.errors import Conflict, Invalid, NotFound
from niangjia.core.models import Member, Org
from niangjia.core.money import MoneyError, parse_yuan
from niangjia.core.services.members import set_model_worker
from niangjia.honors.models import ModelWorker, ModelWorkerCare, ModelWorkerTitle
from niangjia.relief import selectors as relief_selectors

CARE_KINDS = ("节日慰问", "健康体检", "疗休养", "困难帮扶", "生日慰问", "其他")


@transaction.atomic
def register(actor, *, org_id: int, name: str, title: str, level: str, year: int, awarding_body: str,
             employer: str = "", member_id: int | None = None) -> ModelWorker:
    org = Org.objects.filter(pk=org_id).first()
    if org is None or not scoping.covers(actor, org):
        raise NotFound("没有找到这个工会，或不在您的管辖范围内。")
    if not (name or "").strip() or not (title or "").strip() or not (awarding_body or "").strip():
        raise Invalid("请填写姓名、荣誉称号和授予机关。", code="honors.registry")
    if level not in ModelWorkerTitle.Level.values or not 1950 <= year <= 2100:
        raise Invalid("请选择级别并填写正确的年份。", code="honors.registry_level")
    member = None
    if member_id:
        member = Member.objects.filter(pk=member_id).select_related("org").first()
        if member is None or not scoping.covers(actor, member.org):
            raise NotFound("没有找到这位会员。")
    try:
        with transaction.atomic():
            worker = ModelWorker.objects.create(org=org, member=member, name=name.strip()[:60],
                                                employer=(employer or "").strip()[:120])
    except IntegrityError:
        raise Conflict("这位会员已经在劳模名册中。", code="honors.registry_exists") from None
    ModelWorkerTitle.objects.create(worker=worker, title=title.strip()[:60], level=level, year=year,
                                    awarding_body=awarding_body.strip()[:120])
    if member is not None:
        set_model_worker(actor=actor, member_id=member.pk, model_worker=True, title=title.strip()[:60])
    audit.record(actor, "honors.registry_add", worker, org=org, summary={"title": title.strip()[:60]})
    return worker


def _worker_for_update(actor, worker_id: int) -> ModelWorker:
    worker = ModelWorker.objects.select_for_update().filter(scoping.scope_q(actor), pk=worker_id).first()
    if worker is None:
        raise NotFound("没有找到这位劳模。")
    return worker


@transaction.atomic
def record_care(actor, *, worker_id: int, year: int, kind: str, amount: str = "0", note: str = "") -> ModelWorkerCare:
    worker = _worker_for_update(actor, worker_id)
    if kind not in CARE_KINDS:
        raise Invalid("请选择关爱类型。", code="honors.care_kind")
    try:
        value = parse_yuan(amount if str(amount).strip() else "0", "金额")
    except MoneyError as exc:
        raise Invalid(str(exc), code="honors.care_amount") from None
    care = ModelWorkerCare.objects.create(worker=worker, year=year, kind=kind, amount=value,
                                          note=(note or "").strip()[:200], recorded_by=actor)
    audit.record(actor, "honors.care", worker, org=worker.org, summary={"kind": kind, "amount": str(value)})
    return care


@transaction.atomic
def link_hardship_file(actor, *, worker_id: int, file_id: int) -> ModelWorker:
    """A difficult model worker: linked to the hardship file relief keeps (the actor must be able to see it)."""
    worker = _worker_for_update(actor, worker_id)
    relief_selectors.access_file(actor=actor, file_id=file_id)
    worker.difficult, worker.hardship_file_id = True, file_id
    worker.save(update_fields=["difficult", "hardship_file_id"])
    audit.record(actor, "honors.registry_difficult", worker, org=worker.org, summary={"file": file_id})
    return worker
