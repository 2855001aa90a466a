"""Writes of award rounds: quotas, nominations with evidence, the 公示 with objections, and the final list."""

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from niangjia.core import audit, scoping
from niangjia.core.errors import Conflict, Invalid, NotFound
from niangjia.core.models import Org
from niangjia.core.services.uploads import atomic_with_uploads, check_uploads, store_uploads
from niangjia.honors import rules
from niangjia.honors.models import AwardQuota, AwardRound, CompositionRule, Nomination, Objection

OPEN = (Nomination.Status.NOMINATED, Nomination.Status.OBJECTED)


@transaction.atomic
def create_round(actor, *, org_id: int, title: str, year: int, kind: str, publicity_days: int = 5,
                 composition: list[tuple[str, Decimal | None, Decimal | None]] | None = None) -> AwardRound:
    org = Org.objects.filter(pk=org_id).first()
    if org is None or not scoping.covers(actor, org):
        raise NotFound("没有找到这个工会，或不在您的管辖范围内。")
    if kind not in AwardRound.Kind.values or not (title or "").strip():
        raise Invalid("请填写评选名称并选择奖项。", code="honors.round")
    if not 1 <= publicity_days <= 30:
        raise Invalid("公示期应为 1 到 30 天。", code="honors.publicity_days")
    award = AwardRound.objects.create(org=org, title=title.strip()[:120], year=year, kind=kind,
                                      publicity_days=publicity_days, created_by=actor)
    for attribute, at_least, at_most in (rules.NATIONAL_DEFAULT if composition is None else composition):
        if attribute not in rules.ATTRIBUTES:
            raise Invalid("构成要求的类别不存在。", code="honors.attribute")
        CompositionRule.objects.create(round=award, attribute=attribute, at_least=at_least, at_most=at_most)
    audit.record(actor, "honors.round_create", award, org=org, summary={"title": award.title})
    return award


def _round_for_update(actor, round_id: int) -> AwardRound:
    award = AwardRound.objects.select_for_update().filter(scoping.scope_q(actor), pk=round_id).first()
    if award is None:
        raise NotFound("没有找到这个评选。")
    return award


@transaction.atomic
def set_quota(actor, *, round_id: int, org_id: int, seats: int) -> AwardQuota:
    award = _round_for_update(actor, round_id)
    org = Org.objects.filter(pk=org_id).first()
    if org is None or not org.path.startswith(award.org.path) or seats < 0:
        raise Invalid("只能给本级以下的工会分配名额，名额不能为负数。", code="honors.quota")
    quota, _ = AwardQuota.objects.update_or_create(round=award, org=org, defaults={"seats": seats})
    audit.record(actor, "honors.quota", award, org=award.org, summary={"union": org.name, "seats": seats})
    return quota


@atomic_with_uploads
def nominate(actor, *, round_id: int, org_id: int, name: str, employer: str = "", deeds: str = "",
             attributes: list[str] | None = None, files=()) -> Nomination:
    award = AwardRound.objects.select_for_update().filter(pk=round_id).first()
    org = Org.objects.filter(pk=org_id).first()
    if award is None or org is None or not scoping.covers(actor, org) or not org.path.startswith(award.org.path):
        raise NotFound("没有找到这个评选，或您不能为这个工会推荐。")
    if award.stage != AwardRound.Stage.NOMINATING:
        raise Conflict("推荐已经截止。", code="honors.not_nominating")
    if not (name or "").strip():
        raise Invalid("请填写被推荐人（集体）名称。", code="honors.name")
    attributes = [a for a in (attributes or []) if a]
    if any(a not in rules.ATTRIBUTES for a in attributes):
        raise Invalid("类别不存在。", code="honors.attribute")
    quota = AwardQuota.objects.filter(round=award, org=org).first()
    if quota is not None:
        used = Nomination.objects.filter(round=award, org=org, status__in=OPEN).count()
        if used >= quota.seats:
            raise Conflict(f"{org.name}的推荐名额（{quota.seats} 个）已用完。", code="honors.quota_full")
    checked = check_uploads(files)
    nomination = Nomination.objects.create(round=award, org=org, name=name.strip()[:120],
                                           employer=(employer or "").strip()[:120], deeds=deeds or "",
                                           attributes=attributes, created_by=actor)
    if checked:
        nomination.attachments.set(store_uploads(actor, org, checked, purpose="honors"))
    audit.record(actor, "honors.nominate", nomination, org=org, summary={"nominee": nomination.name})
    return nomination


@transaction.atomic
def withdraw(actor, *, nomination_id: int, reason: str) -> Nomination:
    nomination = Nomination.objects.select_for_update().filter(
        scoping.scope_q(actor), pk=nomination_id).first()
    if nomination is None:
        raise NotFound("没有找到这条推荐。")
    if not (reason or "").strip():
        raise Invalid("请写明撤回原因。", code="honors.reason")
    nomination.status = Nomination.Status.WITHDRAWN
    nomination.save(update_fields=["status"])
    audit.record(actor, "honors.withdraw", nomination, org=nomination.org, summary={"reason": reason.strip()[:200]})
    return nomination


@transaction.atomic
def start_publicity(actor, *, round_id: int, today: dt.date | None = None) -> AwardRound:
    award = _round_for_update(actor, round_id)
    if award.stage != AwardRound.Stage.NOMINATING:
        raise Conflict("这个评选已经公示过了。", code="honors.stage")
    if not Nomination.objects.filter(round=award, status__in=OPEN).exists():
        raise Conflict("还没有推荐对象，不能公示。", code="honors.empty")
    today = today or timezone.localdate()
    award.stage, award.publicity_starts = AwardRound.Stage.PUBLICITY, today
    award.publicity_ends = rules.publicity_end(today, award.publicity_days)
    award.save(update_fields=["stage", "publicity_starts", "publicity_ends"])
    audit.record(actor, "honors.publicity", award, org=award.org, summary={"until": str(award.publicity_ends)})
    return award


@transaction.atomic
def raise_objection(actor, *, nomination_id: int, text: str, today: dt.date | None = None) -> Objection:
    """Anyone signed in may object during the 公示, with their real account (named objections are the rule)."""
    nomination = Nomination.objects.select_for_update().select_related("round").filter(pk=nomination_id).first()
    if nomination is None or nomination.round.stage != AwardRound.Stage.PUBLICITY:
        raise NotFound("没有找到公示中的这条推荐。")
    today = today or timezone.localdate()
    award = nomination.round
    if not (award.publicity_starts <= today <= award.publicity_ends):
        raise Conflict("不在公示期内。", code="honors.not_in_publicity")
    if not (text or "").strip():
        raise Invalid("请写明异议的事实和理由。", code="honors.text")
    objection = Objection.objects.create(nomination=nomination, raised_by=actor, text=text.strip()[:2000])
    if nomination.status == Nomination.Status.NOMINATED:
        nomination.status = Nomination.Status.OBJECTED
        nomination.save(update_fields=["status"])
    audit.record(actor, "honors.objection", nomination, org=nomination.org, summary={"nominee": nomination.name})
    return objection


@transaction.atomic
def decide_objection(actor, *, objection_id: int, upheld: bool, finding: str) -> Objection:
    objection = (Objection.objects.select_for_update().select_related("nomination", "nomination__round")
                 .filter(pk=objection_id).first())
    if objection is None or not scoping.covers(actor, objection.nomination.round.org):
        raise NotFound("没有找到这条异议。")
    if objection.upheld is not None:
        raise Conflict("这条异议已经处理。", code="honors.decided")
    if not (finding or "").strip():
        raise Invalid("请写明核查结论。", code="honors.finding")
    objection.upheld, objection.finding, objection.decided_by = upheld, finding.strip()[:300], actor
    objection.save(update_fields=["upheld", "finding", "decided_by"])
    nomination = objection.nomination
    if upheld:
        nomination.status = Nomination.Status.WITHDRAWN
    elif not nomination.objections.filter(upheld__isnull=True).exists():
        nomination.status = Nomination.Status.NOMINATED
    nomination.save(update_fields=["status"])
    audit.record(actor, "honors.objection_decide", nomination, org=nomination.org, summary={"upheld": upheld})
    return objection


@transaction.atomic
def finalize(actor, *, round_id: int, today: dt.date | None = None) -> AwardRound:
    award = _round_for_update(actor, round_id)
    today = today or timezone.localdate()
    if award.stage != AwardRound.Stage.PUBLICITY or today <= award.publicity_ends:
        raise Conflict("公示期满后才能确定最终名单。", code="honors.publicity_running")
    if Objection.objects.filter(nomination__round=award, upheld__isnull=True).exists():
        raise Conflict("还有异议没有处理完。", code="honors.open_objections")
    remaining = list(Nomination.objects.filter(round=award, status=Nomination.Status.NOMINATED)
                     .values_list("attributes", flat=True))
    failing = [c for c in rules.composition(remaining, [(r.attribute, r.at_least, r.at_most)
                                                        for r in award.composition_rules.all()]) if not c.ok]
    if failing:
        raise Conflict("名单构成不符合要求：" + "、".join(c.label for c in failing), code="honors.composition")
    Nomination.objects.filter(round=award, status=Nomination.Status.NOMINATED).update(
        status=Nomination.Status.AWARDED)
    award.stage = AwardRound.Stage.FINAL
    award.save(update_fields=["stage"])
    audit.record(actor, "honors.finalize", award, org=award.org, summary={"awarded": len(remaining)})
    return award
