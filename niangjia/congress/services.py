"""Congress use cases: check-in, motions, voting, closing with the legal count. One transaction each.

Races: one ballot per delegate per motion and one check-in per delegate per sitting are unique constraints. A
ballot locks its motion row (FOR NO KEY UPDATE) before reading the status, and closing locks it FOR UPDATE, so a
ballot either lands before the count or is refused as late: none is lost and none is counted twice.
"""

from django.db import IntegrityError, transaction
from django.db.models import Count, F, Sum
from django.utils import timezone

from niangjia.congress import rules
from niangjia.congress.models import (
    Ballot,
    BallotReceipt,
    CheckIn,
    Delegate,
    Motion,
    SecretTally,
    Sitting,
)
from niangjia.core import audit, scoping
from niangjia.core.errors import Conflict, Forbidden, Invalid, NotFound


def _sitting(sitting_id: int, *, for_update: bool = False) -> Sitting:
    qs = Sitting.objects.select_related("congress__org")
    if for_update:
        qs = qs.select_for_update(of=("self",))
    sitting = qs.filter(pk=sitting_id).first()
    if sitting is None:
        raise NotFound("未找到这次会议。")
    return sitting


def _require_chair(actor, sitting: Sitting) -> None:
    if not scoping.covers(actor, sitting.congress.org):
        if Delegate.objects.filter(congress=sitting.congress, user=actor).exists():
            raise Forbidden("只有大会主持人（所在工会的工作人员）可以进行这项操作。", code="congress.not_chair")
        raise NotFound("未找到这次会议。")


def _delegate(actor, sitting: Sitting) -> Delegate | None:
    return Delegate.objects.filter(congress_id=sitting.congress_id, user=actor).select_related("group").first()


def present_count(sitting_id: int) -> int:
    return CheckIn.objects.filter(sitting_id=sitting_id).count()


@transaction.atomic
def check_in(*, actor, sitting_id: int, delegate_id: int | None = None) -> int:
    """A delegate checks in on the phone, or staff record a paper roll call (`delegate_id`). Idempotent: a second
    check-in changes nothing. Returns the number present."""
    sitting = _sitting(sitting_id)
    if delegate_id is None:
        delegate = _delegate(actor, sitting)
        if delegate is None:
            raise Conflict("您不是本届职工代表大会的代表，无需签到。", code="congress.not_delegate")
        method = CheckIn.Method.PHONE
    else:
        _require_chair(actor, sitting)
        delegate = Delegate.objects.filter(pk=delegate_id, congress_id=sitting.congress_id).first()
        if delegate is None:
            raise NotFound("未找到这位代表。")
        method = CheckIn.Method.ROLL_CALL
    if sitting.status != Sitting.Status.IN_PROGRESS:
        raise Conflict("会议尚未开始或已经结束，不能签到。", code="congress.sitting_not_open")
    try:
        with transaction.atomic():
            CheckIn.objects.create(sitting=sitting, delegate=delegate, method=method,
                                   recorded_by=actor if delegate_id else None)
    except IntegrityError:
        pass  # already checked in: idempotent
    else:
        audit.record(actor, "congress.check_in", sitting, org=sitting.congress.org,
                     summary={"delegate": delegate.pk, "method": method})
    return present_count(sitting.pk)


@transaction.atomic
def create_motion(*, actor, sitting_id: int, title: str, kind: str, secret: bool) -> Motion:
    sitting = _sitting(sitting_id)
    _require_chair(actor, sitting)
    title = (title or "").strip()
    if not title or len(title) > 200:
        raise Invalid("请填写议题名称（200 字以内）。", code="congress.title")
    if kind not in rules.KINDS:
        raise Invalid("议题类型只能是决议、选举或集体合同草案。", code="congress.kind")
    if sitting.status == Sitting.Status.CLOSED:
        raise Conflict("会议已经结束，不能再增加议题。", code="congress.sitting_closed")
    motion = Motion.objects.create(sitting=sitting, title=title, kind=kind, secret=bool(secret), created_by=actor)
    audit.record(actor, "congress.motion_create", motion, org=sitting.congress.org,
                 summary={"kind": kind, "secret": bool(secret)})
    return motion


def _motion(motion_id: int, *, lock: str = "") -> Motion:
    qs = Motion.objects.select_related("sitting__congress__org")
    if lock == "update":
        qs = qs.select_for_update(of=("self",))
    elif lock == "no_key":
        qs = qs.select_for_update(of=("self",), no_key=True)
    motion = qs.filter(pk=motion_id).first()
    if motion is None:
        raise NotFound("未找到这个议题。")
    return motion


@transaction.atomic
def open_motion(*, actor, motion_id: int) -> Motion:
    """Voting opens only when the delegates checked in reach the quorum (§5, at least two thirds of all)."""
    motion = _motion(motion_id, lock="update")
    sitting = motion.sitting
    _require_chair(actor, sitting)
    if motion.status != Motion.Status.DRAFT:
        raise Conflict("这个议题已经开始或结束表决。", code="congress.motion_not_draft")
    if sitting.status != Sitting.Status.IN_PROGRESS:
        raise Conflict("会议尚未开始或已经结束。", code="congress.sitting_not_open")
    total = Delegate.objects.filter(congress_id=sitting.congress_id).count()
    present = present_count(sitting.pk)
    if not rules.is_quorate(present, total):
        raise Conflict(f"应到 {total} 人，实到 {present} 人，不足法定人数 {rules.quorum(total)} 人（全体代表的三分之二），"
                       "不能开始表决。", code="congress.below_quorum",
                       details={"delegates_total": total, "present": present, "quorum": rules.quorum(total)})
    motion.status, motion.opened_at = Motion.Status.OPEN, timezone.now()
    motion.delegates_total, motion.present = total, present
    motion.save(update_fields=["status", "opened_at", "delegates_total", "present"])
    if motion.secret:
        SecretTally.objects.bulk_create([SecretTally(motion=motion, group=g, choice=c)
                                         for g in sitting.congress.groups.all() for c in rules.CHOICES])
    audit.record(actor, "congress.motion_open", motion, org=sitting.congress.org,
                 summary={"present": present, "total": total})
    return motion


@transaction.atomic
def cast_ballot(*, actor, motion_id: int, choice: str) -> None:
    if choice not in rules.CHOICES:
        raise Invalid("请选择赞成、反对或弃权。", code="congress.choice")
    motion = _motion(motion_id, lock="no_key")
    if motion.status != Motion.Status.OPEN:
        raise Conflict("表决尚未开始或已经结束。" if motion.status == Motion.Status.DRAFT else "表决已经结束，不能再投票。",
                       code="congress.motion_not_open")
    delegate = _delegate(actor, motion.sitting)
    if delegate is None:
        raise Conflict("您不是本届职工代表大会的代表，不能投票。", code="congress.not_delegate")
    if not CheckIn.objects.filter(sitting_id=motion.sitting_id, delegate=delegate, at__lte=motion.opened_at).exists():
        raise Conflict("您在表决开始时没有签到，不能投这一票。", code="congress.not_present")
    try:
        with transaction.atomic():
            if motion.secret:
                BallotReceipt.objects.create(motion=motion, delegate=delegate)
            else:
                Ballot.objects.create(motion=motion, delegate=delegate, group=delegate.group, choice=choice)
    except IntegrityError:
        raise Conflict("您已经投过票了，每位代表每个议题只能投一票。", code="congress.already_voted") from None
    if motion.secret:
        SecretTally.objects.filter(motion=motion, group=delegate.group, choice=choice).update(count=F("count") + 1)
        # No audit row either: an audit event would tie the delegate to the moment, and so to the choice.
    else:
        audit.record(actor, "congress.ballot", motion, org=motion.sitting.congress.org, summary={"choice": choice})


def counts(motion: Motion) -> dict:
    """Current counts of a motion (two queries)."""
    if motion.secret:
        rows = SecretTally.objects.filter(motion=motion).values("choice").annotate(n=Sum("count"))
        voted = BallotReceipt.objects.filter(motion=motion).count()
    else:
        rows = Ballot.objects.filter(motion=motion).values("choice").annotate(n=Count("id"))
        voted = None
    by_choice = dict.fromkeys(rules.CHOICES, 0)
    for row in rows:
        by_choice[row["choice"]] = row["n"] or 0
    by_choice["voted"] = voted if voted is not None else sum(by_choice[c] for c in rules.CHOICES)
    return by_choice


@transaction.atomic
def close_motion(*, actor, motion_id: int) -> Motion:
    motion = _motion(motion_id, lock="update")
    _require_chair(actor, motion.sitting)
    if motion.status != Motion.Status.OPEN:
        raise Conflict("只有正在表决的议题可以结束表决。", code="congress.motion_not_open")
    c = counts(motion)
    result = rules.count_motion(total=motion.delegates_total, present=motion.present,
                                yes=c["yes"], no=c["no"], abstain=c["abstain"])
    motion.status, motion.closed_at = Motion.Status.CLOSED, timezone.now()
    motion.yes, motion.no, motion.abstain = result.yes, result.no, result.abstain
    motion.quorate, motion.passed = result.quorate, result.passed
    motion.rule_version, motion.explanation = result.rule_version, result.explanation
    motion.save()
    audit.record(actor, "congress.motion_close", motion, org=motion.sitting.congress.org,
                 summary={"yes": result.yes, "no": result.no, "abstain": result.abstain, "passed": result.passed})
    return motion


@transaction.atomic
def start_sitting(*, actor, sitting_id: int) -> Sitting:
    sitting = _sitting(sitting_id, for_update=True)
    _require_chair(actor, sitting)
    if sitting.status != Sitting.Status.PLANNED:
        raise Conflict("会议已经开始或已经结束。", code="congress.sitting_started")
    sitting.status = Sitting.Status.IN_PROGRESS
    sitting.save(update_fields=["status"])
    audit.record(actor, "congress.sitting_start", sitting, org=sitting.congress.org)
    return sitting
