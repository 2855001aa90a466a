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
    Candidate,
    CandidateTally,
    CheckIn,
    Delegate,
    ElectionMark,
    Motion,
    Proxy,
    SecretTally,
    Sitting,
)
from niangjia.congress.selectors import attendance
from niangjia.core import audit, scoping
from niangjia.core.errors import Conflict, Forbidden, Invalid, NotFound
from niangjia.core.models import Member


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
    """Present in person or by a valid proxy."""
    return attendance(_sitting(sitting_id))["present"]


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
def create_motion(*, actor, sitting_id: int, title: str, kind: str, secret: bool, seats: int | None = None,
                  candidates: list[str] | None = None) -> Motion:
    sitting = _sitting(sitting_id)
    _require_chair(actor, sitting)
    title = (title or "").strip()
    if not title or len(title) > 200:
        raise Invalid("请填写议题名称（200 字以内）。", code="congress.title")
    if kind not in rules.KINDS:
        raise Invalid("议题类型只能是决议、选举或集体合同草案。", code="congress.kind")
    if sitting.status == Sitting.Status.CLOSED:
        raise Conflict("会议已经结束，不能再增加议题。", code="congress.sitting_closed")
    names: list[str] = []
    if kind == "election":
        names = list(dict.fromkeys(n.strip()[:60] for n in candidates or [] if n and n.strip()))
        if not seats or seats < 1:
            raise Invalid("选举请填写应选人数（至少 1 名）。", code="congress.seats")
        pct = sitting.congress.min_candidate_pct
        need = rules.min_candidates(seats, pct)
        if len(names) < need:
            rule = "多于应选人数" if need == seats + 1 else f"不少于应选人数的 {pct}%（向上取整）"
            raise Invalid(f"差额选举的候选人数应{rule}：应选 {seats} 名，至少需要候选人 {need} 名，现有 {len(names)} 名。",
                          code="congress.candidates",
                          details={"seats": seats, "candidates": len(names), "needed": need, "min_pct": pct})
        if len(names) > 100:
            raise Invalid("候选人不能超过 100 名。", code="congress.candidates")
    motion = Motion.objects.create(sitting=sitting, title=title, kind=kind, secret=bool(secret), created_by=actor,
                                   seats=seats if kind == "election" else None)
    Candidate.objects.bulk_create([Candidate(motion=motion, name=n) for n in names])
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
    att = attendance(sitting)
    present = att["present"]
    if not rules.is_quorate(present, total):
        raise Conflict(f"应到 {total} 人，实到 {present} 人，不足法定人数 {rules.quorum(total)} 人（全体代表的三分之二），"
                       "不能开始表决。", code="congress.below_quorum",
                       details={"delegates_total": total, "present": present, "quorum": rules.quorum(total)})
    motion.status, motion.opened_at = Motion.Status.OPEN, timezone.now()
    motion.delegates_total, motion.present, motion.by_proxy = total, present, att["by_proxy"]
    motion.save(update_fields=["status", "opened_at", "delegates_total", "present", "by_proxy"])
    if motion.kind == Motion.Kind.ELECTION:
        CandidateTally.objects.bulk_create([CandidateTally(motion=motion, group=g, candidate=c)
                                            for g in sitting.congress.groups.all() for c in motion.candidates.all()])
    elif motion.secret:
        SecretTally.objects.bulk_create([SecretTally(motion=motion, group=g, choice=c)
                                         for g in sitting.congress.groups.all() for c in rules.CHOICES])
    audit.record(actor, "congress.motion_open", motion, org=sitting.congress.org,
                 summary={"present": present, "total": total})
    return motion


def _voter(actor, motion: Motion, *, delegate_id: int | None, for_delegate: int | None) -> Delegate:
    """Who this ballot counts for: the delegate on the phone, a delegate on paper (entered by the chair after a paper
    roll call), or the grantor of a proxy (cast by its holder). Eligibility is judged at the moment voting opened,
    the same moment `present` was frozen."""
    sitting = motion.sitting
    checked = CheckIn.objects.filter(sitting_id=sitting.pk, at__lte=motion.opened_at)
    if delegate_id is not None:
        _require_chair(actor, sitting)
        voter = Delegate.objects.filter(pk=delegate_id, congress_id=sitting.congress_id).select_related("group").first()
        if voter is None:
            raise NotFound("未找到这位代表。")
        if not checked.filter(delegate=voter, method=CheckIn.Method.ROLL_CALL).exists():
            raise Conflict("只能为表决开始前经纸质点名到会的代表录入纸质票。", code="congress.not_roll_call")
        return voter
    me = _delegate(actor, sitting)
    if me is None:
        raise Conflict("您不是本届职工代表大会的代表，不能投票。", code="congress.not_delegate")
    if not checked.filter(delegate=me).exists():
        raise Conflict("您在表决开始时没有签到，不能投这一票。", code="congress.not_present")
    if for_delegate is None:
        return me
    if not sitting.congress.proxies_enabled:
        raise Conflict("本届职代会未启用委托投票。", code="congress.proxies_off")
    proxy = Proxy.objects.filter(sitting_id=sitting.pk, holder=me, grantor_id=for_delegate).select_related(
        "grantor__group").first()
    if proxy is None:
        raise Conflict("您没有受这位代表委托，不能代其投票。", code="congress.no_proxy")
    if checked.filter(delegate_id=proxy.grantor_id).exists():
        raise Conflict("委托人本人已经到会，由本人投票。", code="congress.grantor_present")
    return proxy.grantor


def _election_marks(motion: Motion, candidates, write_ins) -> tuple[list[int], list]:
    """The printed candidates marked, and the persons written in (另选他人): names already on this ballot paper
    (printed, or written in by an earlier ballot) map to that candidate; a new name must be exactly one active member
    of the union's subtree. Nothing is written here: the new write-in candidates are created after the receipt."""
    try:
        ids = list(dict.fromkeys(int(c) for c in candidates or []))
    except (TypeError, ValueError):
        raise Invalid("候选人选择有误。", code="congress.candidates") from None
    valid = set(Candidate.objects.filter(motion=motion, pk__in=ids, write_in=False).values_list("pk", flat=True))
    if len(valid) != len(ids):
        raise Invalid("只能选择本次选举的候选人。", code="congress.candidates")
    try:
        names = rules.write_in_names(write_ins)
    except ValueError:
        raise Invalid(f"另选他人请填写姓名（不超过 {rules.WRITE_IN_NAME_MAX} 字，不含控制字符）。",
                      code="congress.write_in") from None
    known = dict(Candidate.objects.filter(motion=motion, name__in=names).values_list("name", "pk")) if names else {}
    new_names = [n for n in names if n not in known]
    for n in names:
        if n in known and known[n] not in ids:
            ids.append(known[n])
    if not rules.marks_within_seats(marked=len(ids), written=len(new_names), seats=motion.seats or 0):
        raise Invalid(f"应选 {motion.seats} 名，最多只能选 {motion.seats} 人（含另选他人；多选的选票无效）。",
                      code="congress.too_many_marks",
                      details={"seats": motion.seats, "marked": len(ids) + len(new_names)})
    return ids, _write_in_members(motion, new_names)


def _write_in_members(motion: Motion, names: list[str]) -> list:
    if not names:
        return []
    org = motion.sitting.congress.org
    found: dict[str, list] = {}
    for m in Member.objects.filter(org.subtree_q(prefix="org__"), status=Member.Status.ACTIVE,
                                   name__in=names).only("pk", "name"):
        found.setdefault(m.name, []).append(m)
    errors = []
    for n in names:
        if not found.get(n):
            errors.append(f"“{n}”不是本工会范围内的在册会员")
        elif len(found[n]) > 1:
            errors.append(f"本工会有 {len(found[n])} 名会员叫“{n}”，无法确定是哪一位")
    if errors:
        raise Invalid("另选他人须填写本工会在册会员的姓名：" + "；".join(errors) + "。", code="congress.write_in",
                      details={"errors": errors})
    return [found[n][0] for n in names]


def _add_write_ins(motion: Motion, members: list) -> list[int]:
    """Create the written-in persons as candidates of this election (ballots of one motion are serialised on its row,
    so a name is created once; the unique constraint is the backstop). The row says who was written in, not by whom."""
    ids = []
    groups = list(motion.sitting.congress.groups.all())
    for m in members:
        try:
            with transaction.atomic():
                c = Candidate.objects.create(motion=motion, name=m.name, write_in=True, member=m)
                CandidateTally.objects.bulk_create([CandidateTally(motion=motion, group=g, candidate=c) for g in groups])
        except IntegrityError:
            c = Candidate.objects.get(motion=motion, name=m.name)
        ids.append(c.pk)
    return ids


@transaction.atomic
def cast_ballot(*, actor, motion_id: int, choice: str = "", candidates: list[int] | None = None,
                delegate_id: int | None = None, for_delegate: int | None = None,
                write_ins: list[str] | None = None) -> None:
    """One ballot per delegate per motion (unique in the database). A resolution or contract takes a choice; an
    election takes at most `seats` persons, printed candidates and written-in members together (none is a valid
    ballot that supports nobody)."""
    motion = _motion(motion_id, lock="no_key")
    election = motion.kind == Motion.Kind.ELECTION
    if not election and choice not in rules.CHOICES:
        raise Invalid("请选择赞成、反对或弃权。", code="congress.choice")
    if motion.status != Motion.Status.OPEN:
        raise Conflict("表决尚未开始或已经结束。" if motion.status == Motion.Status.DRAFT else "表决已经结束，不能再投票。",
                       code="congress.motion_not_open")
    voter = _voter(actor, motion, delegate_id=delegate_id, for_delegate=for_delegate)
    marks, new_persons = _election_marks(motion, candidates, write_ins) if election else ([], [])
    try:
        with transaction.atomic():
            if motion.secret or election:
                BallotReceipt.objects.create(motion=motion, delegate=voter)
            else:
                Ballot.objects.create(motion=motion, delegate=voter, group=voter.group, choice=choice)
    except IntegrityError:
        raise Conflict("这位代表已经投过票了，每位代表每个议题只能投一票。" if voter.user_id != actor.pk
                       else "您已经投过票了，每位代表每个议题只能投一票。", code="congress.already_voted") from None
    if election:
        marks += _add_write_ins(motion, new_persons)
        CandidateTally.objects.filter(motion=motion, group=voter.group, candidate_id__in=marks).update(
            count=F("count") + 1)
        if not motion.secret:
            ElectionMark.objects.bulk_create([ElectionMark(motion=motion, delegate=voter, candidate_id=c) for c in marks])
    elif motion.secret:
        SecretTally.objects.filter(motion=motion, group=voter.group, choice=choice).update(count=F("count") + 1)
    if not motion.secret:
        # No audit row for a secret ballot: an audit event would tie the delegate to the moment, and so to the choice.
        audit.record(actor, "congress.ballot", motion, org=motion.sitting.congress.org,
                     summary={"choice": choice or len(marks), "delegate": voter.pk,
                              "how": "paper" if delegate_id else "proxy" if for_delegate else "phone"})


def counts(motion: Motion) -> dict:
    """Current counts of a motion (two queries)."""
    if motion.secret or motion.kind == Motion.Kind.ELECTION:
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
    if motion.kind == Motion.Kind.ELECTION:
        return _close_election(actor, motion)
    c = counts(motion)
    result = rules.count_motion(total=motion.delegates_total, present=motion.present,
                                yes=c["yes"], no=c["no"], abstain=c["abstain"])
    motion.status, motion.closed_at = Motion.Status.CLOSED, timezone.now()
    motion.yes, motion.no, motion.abstain = result.yes, result.no, result.abstain
    motion.quorate, motion.passed = result.quorate, result.passed
    motion.rule_version, motion.explanation = result.rule_version, _with_proxies(result.explanation, motion.by_proxy)
    motion.save()
    audit.record(actor, "congress.motion_close", motion, org=motion.sitting.congress.org,
                 summary={"yes": result.yes, "no": result.no, "abstain": result.abstain, "passed": result.passed})
    return motion


def _with_proxies(lines: list[str], by_proxy: int) -> list[str]:
    if not by_proxy:
        return list(lines)
    return [lines[0], f"实到人数中，{by_proxy} 人由到会代表受托出席并投票（每人至多受托一名）", *lines[1:]]


def candidate_votes(motion: Motion) -> dict[int, int]:
    rows = CandidateTally.objects.filter(motion=motion).values("candidate_id").annotate(n=Sum("count"))
    return {r["candidate_id"]: r["n"] or 0 for r in rows}


def _close_election(actor, motion: Motion) -> Motion:
    cands = list(motion.candidates.all())
    votes = candidate_votes(motion)
    result = rules.count_election(total=motion.delegates_total, present=motion.present, seats=motion.seats or 1,
                                  votes={c.name: votes.get(c.pk, 0) for c in cands},
                                  write_ins={c.name for c in cands if c.write_in})
    for c in cands:
        c.votes = votes.get(c.pk, 0)
        c.elected = None if c.name in result.passed_but_tied else c.name in result.elected
    Candidate.objects.bulk_update(cands, ["votes", "elected"])
    voted = BallotReceipt.objects.filter(motion=motion).count()
    motion.status, motion.closed_at = Motion.Status.CLOSED, timezone.now()
    motion.quorate, motion.passed = result.quorate, bool(result.elected)
    motion.rule_version = result.rule_version
    motion.explanation = _with_proxies([*result.explanation[:1], f"投票 {voted} 人，未投票 {motion.present - voted} 人",
                                        *result.explanation[1:]], motion.by_proxy)
    motion.save()
    audit.record(actor, "congress.motion_close", motion, org=motion.sitting.congress.org,
                 summary={"elected": result.elected, "tied": result.passed_but_tied, "unfilled": result.seats_unfilled})
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
