"""Reads of the congress app, scoped: a delegate sees their congress; staff see congresses of unions in scope."""

from django.db.models import Count, Q, QuerySet

from niangjia.congress import rules
from niangjia.congress.models import (
    Ballot,
    BallotReceipt,
    CheckIn,
    Congress,
    Delegate,
    DelegateGroup,
    Motion,
    Proxy,
    SecretTally,
    Sitting,
)
from niangjia.core import scoping
from niangjia.core.errors import NotFound


def current_sitting_for(user) -> Sitting | None:
    """The sitting in progress of a congress where the user is a delegate (the delegate's phone)."""
    return (Sitting.objects.filter(status=Sitting.Status.IN_PROGRESS, congress__delegates__user=user)
            .select_related("congress").order_by("-starts_at", "-id").first())


def attendance(sitting: Sitting, at=None) -> dict:
    """Present = checked in (phone or paper roll call) + valid proxies. A proxy counts only when the congress has
    proxies enabled, its holder is checked in and its grantor is not (a grantor who comes counts in person)."""
    checkins = CheckIn.objects.filter(sitting_id=sitting.pk)
    if at is not None:
        checkins = checkins.filter(at__lte=at)
    in_person = checkins.count()
    by_proxy = 0
    if sitting.congress.proxies_enabled:
        ids = checkins.values("delegate_id")
        by_proxy = Proxy.objects.filter(sitting_id=sitting.pk, holder_id__in=ids).exclude(grantor_id__in=ids).count()
    return {"in_person": in_person, "by_proxy": by_proxy, "present": in_person + by_proxy}


def sitting_summary(sitting: Sitting) -> dict:
    total = Delegate.objects.filter(congress_id=sitting.congress_id).count()
    att = attendance(sitting)
    present = att["present"]
    return {"id": sitting.pk, "title": sitting.title, "delegates_total": total, "present": present,
            "by_proxy": att["by_proxy"], "quorum": rules.quorum(total), "quorate": rules.is_quorate(present, total)}


def _may_see(actor, sitting: Sitting) -> bool:
    if scoping.covers(actor, sitting.congress.org):
        return True
    return Delegate.objects.filter(congress_id=sitting.congress_id, user=actor).exists()


def access_sitting(*, actor, sitting_id: int) -> Sitting:
    sitting = Sitting.objects.select_related("congress__org").filter(pk=sitting_id).first()
    if sitting is None or not _may_see(actor, sitting):
        raise NotFound("未找到这次会议。")
    return sitting


def access_motion(*, actor, motion_id: int) -> Motion:
    motion = Motion.objects.select_related("sitting__congress__org").filter(pk=motion_id).first()
    if motion is None or not _may_see(actor, motion.sitting):
        raise NotFound("未找到这个议题。")
    return motion


def delegate_in(user, sitting: Sitting) -> Delegate | None:
    return Delegate.objects.filter(congress_id=sitting.congress_id, user=user).select_related("group").first()


def is_checked_in(delegate: Delegate | None, sitting: Sitting) -> bool:
    return bool(delegate) and CheckIn.objects.filter(sitting=sitting, delegate=delegate).exists()


def motions_of(sitting: Sitting) -> list[Motion]:
    return list(Motion.objects.filter(sitting=sitting).order_by("id"))


def voted_motion_ids(delegate: Delegate | None, sitting: Sitting) -> set[int]:
    if delegate is None:
        return set()
    open_ = Ballot.objects.filter(motion__sitting=sitting, delegate=delegate).values_list("motion_id", flat=True)
    secret = delegate and sitting.motions.filter(receipts__delegate=delegate).values_list("id", flat=True)
    return set(open_) | set(secret)


def _ballot_paper(motion: Motion) -> list[dict]:
    """An election's printed candidates while it is not closed (ids to mark; no counts before the close). Persons
    written in by earlier ballots are not listed: that would tell the later voters how others voted."""
    return [{"id": c.pk, "name": c.name, "votes": 0, "elected": None, "write_in": False}
            for c in motion.candidates.filter(write_in=False)]


def motion_result(motion: Motion) -> dict:
    """The contract's result: final after close; while open, the live count of an open ballot (a secret ballot
    shows only how many have voted until it closes)."""
    from niangjia.congress.services import counts

    election = motion.kind == Motion.Kind.ELECTION
    if motion.status == Motion.Status.CLOSED:
        voted = (BallotReceipt.objects.filter(motion=motion).count() if election
                 else motion.yes + motion.no + motion.abstain)
        return {"delegates_total": motion.delegates_total, "present": motion.present, "yes": motion.yes,
                "no": motion.no, "abstain": motion.abstain, "not_voted": motion.present - voted,
                "quorate": bool(motion.quorate), "passed": bool(motion.passed), "explanation": motion.explanation,
                "final": True, "status": motion.status, "by_proxy": motion.by_proxy,
                "candidates": [{"id": c.pk, "name": c.name, "votes": c.votes, "elected": c.elected,
                                "write_in": c.write_in}
                               for c in motion.candidates.all()] if election else []}
    if motion.status == Motion.Status.DRAFT:
        total = Delegate.objects.filter(congress_id=motion.sitting.congress_id).count()
        present = attendance(motion.sitting)["present"]
        return {"delegates_total": total, "present": present, "yes": 0, "no": 0, "abstain": 0,
                "not_voted": present, "quorate": rules.is_quorate(present, total), "passed": False,
                "explanation": ["表决尚未开始"], "final": False, "status": motion.status,
                "candidates": _ballot_paper(motion) if election else []}
    c = counts(motion)
    hidden = motion.secret
    result = rules.count_motion(total=motion.delegates_total, present=motion.present,
                                yes=0 if hidden else c["yes"], no=0 if hidden else c["no"],
                                abstain=0 if hidden else c["abstain"])
    return {"delegates_total": motion.delegates_total, "present": motion.present,
            "yes": result.yes, "no": result.no, "abstain": result.abstain,
            "not_voted": motion.present - c["voted"], "quorate": result.quorate, "passed": False,
            "explanation": [result.explanation[0], f"表决进行中：已投票 {c['voted']} 人"], "final": False,
            "status": motion.status, "candidates": _ballot_paper(motion) if election else []}


def group_tallies(motion: Motion) -> list[dict]:
    """Each group's tally and progress; the merged total is the sum (a fixed number of queries)."""
    groups = list(DelegateGroup.objects.filter(congress_id=motion.sitting.congress_id)
                  .annotate(size=Count("delegates")).order_by("id"))
    rows = {g.pk: {"group": g.name, "size": g.size, "yes": 0, "no": 0, "abstain": 0} for g in groups}
    if motion.secret:
        if motion.status == Motion.Status.CLOSED:
            for t in SecretTally.objects.filter(motion=motion):
                rows[t.group_id][t.choice] += t.count
    else:
        for r in Ballot.objects.filter(motion=motion).values("group_id", "choice").annotate(n=Count("id")):
            rows[r["group_id"]][r["choice"]] = r["n"]
    return list(rows.values())


def congresses_for_staff(actor) -> list[Congress]:
    return list(Congress.objects.filter(scoping.scope_q(actor)).select_related("org")
                .annotate(n_delegates=Count("delegates", distinct=True)).order_by("-id")[:50])


def sittings_of(congress: Congress) -> list[Sitting]:
    return list(congress.sittings.order_by("-id"))


def access_congress(*, actor, congress_id: int) -> Congress:
    congress = Congress.objects.select_related("org").filter(Q(pk=congress_id) & scoping.scope_q(actor)).first()
    if congress is None:
        raise NotFound("未找到这届职代会。")
    return congress


def composition(congress: Congress) -> dict:
    from django.db.models import IntegerField, Sum
    from django.db.models.functions import Cast

    agg = Delegate.objects.filter(congress=congress).aggregate(
        total=Count("id"), managers=Sum(Cast("is_manager", IntegerField())),
        frontline=Sum(Cast("is_frontline", IntegerField())), women=Sum(Cast("is_woman", IntegerField())),
        young=Sum(Cast("is_young", IntegerField())))
    agg = {k: v or 0 for k, v in agg.items()}
    agg["warnings"] = rules.composition_warnings(**agg)
    agg["rows"] = rules.composition_rows(**{k: agg[k] for k in ("total", "managers", "frontline", "women", "young")})
    return agg


def groups_with_sizes(congress: Congress) -> list[DelegateGroup]:
    return list(DelegateGroup.objects.filter(congress=congress).annotate(size=Count("delegates")).order_by("id"))


DELEGATE_KINDS = ("manager", "frontline", "woman", "young")


def delegates_of(congress: Congress, *, group_id: int | None = None, kind: str = "") -> QuerySet:
    """The delegates of a congress the caller already reached through `access_congress` (that is the scope), for
    the workbench grid; narrowed to one delegation and one composition category (policies.md §5) when given."""
    qs = Delegate.objects.filter(congress=congress).select_related("group")
    if group_id:
        qs = qs.filter(group_id=group_id)
    if kind in DELEGATE_KINDS:
        qs = qs.filter(**{f"is_{kind}": True})
    return qs
