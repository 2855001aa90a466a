"""The workers' own say: the draft put to all workers (全体职工讨论, 第三十六条) where the enterprise has no congress,
and the workers' request that obliges the union to send a proposal (one fifth of the staff, policies §12, local
example). One transaction each, scoped, audited.

One ballot per worker per vote and one request per worker per year are unique constraints; a ballot also locks the
vote row, so the ballots never exceed the number of workers and a ballot racing the close is either counted or
refused (race tests on PostgreSQL).
"""

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone

from niangjia.bargaining import rules, selectors
from niangjia.bargaining.models import BargainingAsk, StaffHeadcount, WorkerBallot, WorkersVote
from niangjia.core import audit
from niangjia.core.errors import Conflict, Invalid, NotFound

__all__ = ["ask_for_bargaining", "cast_worker_ballot", "close_workers_vote", "open_workers_vote",
           "set_staff_headcount"]


def _apply(actor, negotiation, action, note=""):
    from niangjia.bargaining.services import apply_action

    apply_action(actor, negotiation, action, note=note)


def _count(value, *, field: str, low: int = 0, high: int = 10_000_000) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not (low <= value <= high):
        raise Invalid(f"{field}应为 {low} 到 {high} 之间的整数。", code="bargaining.count")
    return value


@transaction.atomic
def open_workers_vote(*, actor, negotiation_id: int, workers_total: int, closes_on: dt.date,
                      today: dt.date | None = None) -> WorkersVote:
    """The draft goes to all workers: the number of all workers (the base of both thresholds) and the last day of
    online voting are fixed when it opens."""
    today = today or timezone.localdate()
    negotiation = selectors.access_negotiation(actor=actor, negotiation_id=negotiation_id, for_update=True)
    if selectors.agreement_of(negotiation) is None:
        raise Conflict("这项协商还没有合同草案，请先形成草案。", code="bargaining.no_draft")
    workers_total = _count(workers_total, field="全体职工人数", low=1)
    if not isinstance(closes_on, dt.date) or not (today <= closes_on <= today + dt.timedelta(days=rules.MAX_VOTE_DAYS)):
        raise Invalid(f"表决截止日期应在今天到 {rules.MAX_VOTE_DAYS} 天之内。", code="bargaining.closes_on")
    _apply(actor, negotiation, "submit_to_workers", note=f"全体职工 {workers_total} 人")
    vote = WorkersVote.objects.create(negotiation=negotiation, workers_total=workers_total, closes_on=closes_on,
                                      opened_by=actor)
    audit.record(actor, "bargaining.workers_vote_open", negotiation, org=negotiation.org,
                 summary={"workers_total": workers_total, "closes_on": closes_on.isoformat()})
    return vote


@transaction.atomic
def cast_worker_ballot(*, actor, negotiation_id: int, choice: str, today: dt.date | None = None) -> WorkerBallot:
    """A member of the union votes on the draft once: 赞成, 反对 or 弃权."""
    today = today or timezone.localdate()
    negotiation = selectors.access_negotiation_as_member(actor=actor, negotiation_id=negotiation_id)
    if choice not in rules.CHOICES:
        raise Invalid("请选择赞成、反对或弃权。", code="bargaining.choice")
    vote = WorkersVote.objects.select_for_update().filter(negotiation=negotiation, status="open").first()
    if vote is None:
        raise Conflict("这项协商目前没有进行中的全体职工表决。", code="bargaining.no_open_vote")
    if today > vote.closes_on:
        raise Conflict(f"表决已于 {vote.closes_on:%Y-%m-%d} 截止。", code="bargaining.vote_over")
    if WorkerBallot.objects.filter(vote=vote, user=actor).exists():
        raise Conflict("您已经投过票，每人只能投一次。", code="bargaining.already_voted")
    if WorkerBallot.objects.filter(vote=vote).count() >= vote.workers_total:
        raise Conflict("投票人数已达全体职工人数，请联系工会核对职工人数。", code="bargaining.vote_full")
    try:
        with transaction.atomic():
            ballot = WorkerBallot.objects.create(vote=vote, user=actor, choice=choice)
    except IntegrityError:
        raise Conflict("您已经投过票，每人只能投一次。", code="bargaining.already_voted") from None
    # Who voted is recorded (the ballot is open, as at a show of hands); the audit keeps no choice.
    audit.record(actor, "bargaining.worker_ballot", negotiation, org=negotiation.org, summary={"vote": vote.pk})
    return ballot


@transaction.atomic
def close_workers_vote(*, actor, negotiation_id: int, paper_yes: int = 0, paper_no: int = 0,
                       paper_abstain: int = 0) -> WorkersVote:
    """Close the vote, add the paper ballots counted at the meeting, count by 第三十六条 (rules.workers_vote_result)
    and move the negotiation: passed → ready to sign; not passed → back to talks."""
    from niangjia.bargaining.models import Agreement

    negotiation = selectors.access_negotiation(actor=actor, negotiation_id=negotiation_id, for_update=True)
    vote = WorkersVote.objects.select_for_update().filter(negotiation=negotiation, status="open").first()
    if vote is None:
        raise Conflict("这项协商目前没有进行中的全体职工表决。", code="bargaining.no_open_vote")
    paper = [_count(v, field=f"纸质{label}票数") for v, label in
             ((paper_yes, "赞成"), (paper_no, "反对"), (paper_abstain, "弃权"))]
    online = selectors.ballot_counts(vote)
    yes, no, abstain = online["yes"] + paper[0], online["no"] + paper[1], online["abstain"] + paper[2]
    problems = rules.workers_vote_problems(vote.workers_total, yes, no, abstain)
    if problems:
        raise Invalid("".join(problems), code="bargaining.counts", details={"problems": problems})
    result = rules.workers_vote_result(total=vote.workers_total, yes=yes, no=no, abstain=abstain)
    result["online"], result["paper"] = online, dict(zip(rules.CHOICES, paper, strict=True))
    vote.paper_yes, vote.paper_no, vote.paper_abstain = paper
    vote.status, vote.result, vote.closed_at = "closed", result, timezone.now()
    vote.save(update_fields=["paper_yes", "paper_no", "paper_abstain", "status", "result", "closed_at"])
    Agreement.objects.filter(negotiation=negotiation).update(vote_explanation=result["explanation"])
    _apply(actor, negotiation, "workers_passed" if result["passed"] else "workers_failed",
           note="".join(result["explanation"])[:300])
    audit.record(actor, "bargaining.workers_vote_close", negotiation, org=negotiation.org,
                 summary={k: result[k] for k in ("total", "present", "yes", "no", "abstain", "passed")})
    return vote


# --- the one-fifth request ---------------------------------------------------------------------------------


@transaction.atomic
def set_staff_headcount(*, actor, org_id: int, year: int, total: int) -> StaffHeadcount:
    """Union staff enter the enterprise's number of workers for the year (the base of the one-fifth request)."""
    from niangjia.core.selectors import access_org_by_id

    org = access_org_by_id(actor=actor, org_id=org_id)
    if org.level != "grassroots":
        raise Invalid("职工人数按基层工会（企业）填写。", code="bargaining.org_level")
    year = _count(year, field="年度", low=2000, high=2100)
    total = _count(total, field="职工总数", low=1)
    row, _created = StaffHeadcount.objects.update_or_create(org=org, year=year,
                                                            defaults={"total": total, "updated_by": actor,
                                                                      "updated_at": timezone.now()})
    audit.record(actor, "bargaining.headcount", row, org=org, summary={"year": year, "total": total})
    return row


@transaction.atomic
def ask_for_bargaining(*, actor, year: int | None = None, today: dt.date | None = None) -> dict:
    """A member asks their union to send a proposal to bargain this year: once per member per year (a unique
    constraint). Answers the union's progress towards the threshold."""
    today = today or timezone.localdate()
    year = year or today.year
    if year not in (today.year, today.year + 1):
        raise Invalid("只能就今年或明年的工资提出协商要求。", code="bargaining.year")
    org = selectors.member_org(actor)
    if org is None:
        raise NotFound("您还不是工会会员，不能提出协商要求。")
    try:
        with transaction.atomic():
            BargainingAsk.objects.create(org=org, year=year, user=actor)
    except IntegrityError:
        raise Conflict("您今年已经提出过协商要求。", code="bargaining.already_asked") from None
    audit.record(actor, "bargaining.ask", None, org=org, summary={"year": year})
    return selectors.ask_progress(org=org, year=year)
