"""Reads of award rounds: staff views in scope, the live composition, and the public 公示 page."""

from django.db.models import Count, Q, QuerySet

from niangjia.core import scoping
from niangjia.core.errors import NotFound
from niangjia.honors import rules
from niangjia.honors.models import AwardRound, Nomination, Objection

OPEN = ("nominated", "objected")


def staff_rounds(*, actor) -> QuerySet[AwardRound]:
    return (AwardRound.objects.filter(scoping.scope_q(actor)).select_related("org")
            .annotate(n_nominations=Count("nominations", filter=Q(nominations__status__in=OPEN + ("awarded",)))))


def round_for_staff(*, actor, round_id: int) -> AwardRound:
    award = AwardRound.objects.filter(scoping.scope_q(actor), pk=round_id).select_related("org").first()
    if award is None:
        raise NotFound("没有找到这个评选。")
    return award


def nominations(*, award: AwardRound) -> list[Nomination]:
    return list(award.nominations.select_related("org").prefetch_related("attachments").order_by("org__path", "id"))


def composition(*, award: AwardRound) -> list[rules.ShareCheck]:
    counted = list(award.nominations.filter(status__in=OPEN + ("awarded",)).values_list("attributes", flat=True))
    return rules.composition(counted, [(r.attribute, r.at_least, r.at_most) for r in award.composition_rules.all()])


def quotas(*, award: AwardRound) -> list[dict]:
    used = dict(award.nominations.filter(status__in=OPEN).values_list("org_id").annotate(n=Count("id"))
                .values_list("org_id", "n"))
    return [{"org": q.org, "seats": q.seats, "used": used.get(q.org_id, 0)}
            for q in award.quotas.select_related("org").order_by("org__path")]


def open_objections(*, award: AwardRound) -> list[Objection]:
    return list(Objection.objects.filter(nomination__round=award, upheld__isnull=True)
                .select_related("nomination").order_by("id"))


def publicity(*, round_id: int) -> tuple[AwardRound, list[Nomination]]:
    """The public 公示 page: only while a round is in its public notice or final, nominees in order."""
    award = AwardRound.objects.filter(pk=round_id, stage__in=("publicity", "final")).select_related("org").first()
    if award is None:
        raise NotFound("没有找到这个公示。")
    status = ("awarded",) if award.stage == "final" else OPEN
    return award, list(award.nominations.filter(status__in=status).select_related("org").order_by("org__path", "id"))


def nominating_orgs(*, actor, award: AwardRound) -> list:
    return [o for o in scoping.orgs_visible_to(actor).order_by("path")[:300] if o.path.startswith(award.org.path)]


def recent_rounds(*, actor, limit: int = 200) -> list[AwardRound]:
    return list(staff_rounds(actor=actor).order_by("-year", "-id")[:limit])


def rounds_for_grid(*, actor, stage: str = "", kind: str = "") -> QuerySet[AwardRound]:
    qs = staff_rounds(actor=actor).order_by("-year", "-id")
    if stage in AwardRound.Stage.values:
        qs = qs.filter(stage=stage)
    return qs.filter(kind=kind) if kind in AwardRound.Kind.values else qs


def round_choices() -> dict:
    return {"stage": list(AwardRound.Stage.choices), "kind": list(AwardRound.Kind.choices)}
