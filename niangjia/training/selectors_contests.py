"""Reads of skill contests. A member sees the contests of the unions above (and including) their own; staff
see those run by unions in their scope. Leaderboards cost a fixed number of queries whatever their length."""

from django.db.models import Count, F, Q, QuerySet, Window
from django.db.models.functions import RowNumber
from django.utils import timezone

from niangjia.core import scoping, selectors
from niangjia.core.errors import NotFound
from niangjia.core.models import Org
from niangjia.training import bank_cache_contests as bank_cache
from niangjia.training import rules_contests as rules
from niangjia.training.models import Attempt, AttemptAnswer, Contest, ContestResult, Question, QuestionBank

KIND_LABELS = dict(Question.Kind.choices)


def _member_org(actor):
    if not getattr(actor, "pk", None):
        return None
    membership = selectors.active_membership_of(actor)
    return membership.org if membership else None


def contests_for_member(*, actor) -> list[Contest]:
    """Open and recently closed contests of the member's unions, with how many attempts they used."""
    org = _member_org(actor)
    if org is None:
        return []
    return list(Contest.objects.filter(org__path__in=org.ancestor_paths())
                .annotate(used=Count("attempts", filter=Q(attempts__user=actor)))
                .select_related("org").order_by("-opens_at", "-id")[:50])


def contest_for_member(*, actor, contest_id: int) -> Contest:
    org = _member_org(actor)
    contest = Contest.objects.select_related("org").filter(pk=contest_id).first() if org else None
    if contest is None or not org.path.startswith(contest.org.path):
        raise NotFound("未找到该竞赛，或您无权参加。")
    return contest


def my_attempts(*, actor, contest: Contest) -> list[Attempt]:
    return list(Attempt.objects.filter(contest=contest, user=actor).order_by("-number"))


def my_result(*, actor, contest: Contest) -> ContestResult | None:
    return ContestResult.objects.filter(contest=contest, user=actor).first()


def own_attempt(*, actor, attempt_id: int) -> Attempt:
    attempt = Attempt.objects.select_related("contest").filter(pk=attempt_id, user_id=getattr(actor, "pk", None)).first()
    if attempt is None:
        raise NotFound("未找到该答卷。")
    return attempt


def paper(attempt: Attempt, *, with_answers: bool = True, fresh: bool = True) -> list[dict]:
    """The questions of one attempt in its own order, options in its own order, saved answers in the shown
    letters. Two queries (questions, answers) whatever the length of the paper; `fresh=False` (a paper just
    drawn, no answers yet) takes the questions from the bank cache and costs none."""
    if fresh:
        questions = {q.pk: q for q in Question.objects.filter(pk__in=attempt.question_ids)
                     .only("kind", "text", "options", "points")}
    else:
        questions = bank_cache.questions(attempt.contest.bank_id)
    saved = {}
    if with_answers:
        saved = dict(AttemptAnswer.objects.filter(attempt=attempt).values_list("question_id", "value"))
    out = []
    for n, qid in enumerate(attempt.question_ids, start=1):
        q = questions.get(qid)
        if q is None:
            continue
        order = attempt.option_orders.get(str(qid))
        options = rules.shown_options(rules.options_for(q.kind, list(q.options)), order)
        out.append({"id": qid, "n": n, "text": q.text, "kind": q.kind, "kind_label": KIND_LABELS.get(q.kind, q.kind),
                    "options": options, "choices": list(zip(rules.LETTERS, options, strict=False)),
                    "answer": rules.to_shown(q.kind, saved.get(qid, ""), order), "points": q.points})
    return out


# ---- staff --------------------------------------------------------------------------------------------------

def staff_contests(*, actor) -> QuerySet[Contest]:
    return (Contest.objects.filter(scoping.scope_q(actor, org_field="org")).select_related("org", "bank")
            .annotate(n_attempts=Count("attempts"),
                      n_flagged=Count("attempts", filter=Q(attempts__flagged=True, attempts__flag_reviewed=""))))


def contest_for_staff(*, actor, contest_id: int) -> Contest:
    contest = staff_contests(actor=actor).filter(pk=contest_id).first()
    if contest is None:
        raise NotFound("未找到该竞赛，或您无权查看。")
    return contest


def staff_attempts(*, actor, contest: Contest, flagged_only: bool = False) -> QuerySet[Attempt]:
    """The workbench grid of one contest's attempts (counters and flags for staff). The contest itself must be
    in the actor's scope (the same filter is repeated here so a guessed contest cannot leak its attempts)."""
    qs = (Attempt.objects.filter(scoping.scope_q(actor, org_field="contest__org"), contest=contest)
          .select_related("user", "org"))
    if flagged_only:
        qs = qs.filter(flagged=True)
    return qs


def banks_for_staff(*, actor, limit: int = 200) -> list[QuestionBank]:
    return list(QuestionBank.objects.filter(scoping.scope_q(actor, org_field="org") | Q(org__isnull=True))
                .select_related("org").annotate(n_questions=Count("questions")).order_by("-id")[:limit])


def banks_qs(*, actor, owner: str = "") -> QuerySet[QuestionBank]:
    """The banks staff may draw from (their unions' and the platform's), for the list grid; `owner` narrows to
    the platform's ("platform") or the unions' ("union")."""
    qs = (QuestionBank.objects.filter(scoping.scope_q(actor, org_field="org") | Q(org__isnull=True))
          .select_related("org").annotate(n_questions=Count("questions")))
    if owner == "platform":
        qs = qs.filter(org__isnull=True)
    elif owner == "union":
        qs = qs.filter(org__isnull=False)
    return qs


def orgs_for_staff(*, actor) -> list[Org]:
    return list(scoping.orgs_visible_to(actor).order_by("path")[:500])


# ---- leaderboards -------------------------------------------------------------------------------------------

def _best_attempts(contest: Contest, org: Org | None) -> QuerySet[Attempt]:
    """Each person's best finished attempt (score, then time), within `org`'s subtree when given."""
    qs = Attempt.objects.filter(contest=contest, status=Attempt.Status.FINISHED).exclude(flag_reviewed="confirmed")
    if org is not None:
        qs = qs.filter(org__path__startswith=org.path)
    return qs.annotate(best=Window(RowNumber(), partition_by=[F("user_id")],
                                   order_by=[F("score").desc(), F("duration_ms").asc(), F("pk").asc()])).filter(best=1)


def leaderboard(*, contest: Contest, org: Org | None = None, limit: int = 50) -> list[dict]:
    """The top `limit` people of a union (its whole subtree): ranked by score, then shorter time. One query."""
    rows = list(_best_attempts(contest, org).select_related("user", "org")
                .order_by("-score", "duration_ms", "pk")[:max(1, limit)])
    ranked = rules.rank([(a, a.score, a.duration_ms) for a in rows])
    return [{"rank": r.rank, "attempt": r.key, "name": r.key.user.real_name or r.key.user.display_name,
             "union": r.key.org.name, "score": r.score, "seconds": round(r.duration_ms / 1000)} for r in ranked]


def org_ranking(*, contest: Contest, level: str, within: Org | None = None) -> list[dict]:
    """Unions of one level of the tree ranked by the average of their people's best scores, then average time.
    Two queries: the unions of the level, and everyone's best attempt with their union's path."""
    orgs = Org.objects.filter(level=level)
    if within is not None:
        orgs = orgs.filter(path__startswith=within.path)
    orgs = list(orgs.order_by("path")[:500])
    if not orgs:
        return []
    width = len(orgs[0].path)
    by_path = {o.path: o for o in orgs if len(o.path) == width}
    acc: dict[str, list[int]] = {}
    for path, score, ms in _best_attempts(contest, within).values_list("org__path", "score", "duration_ms"):
        key = path[:width]
        if key in by_path:
            acc.setdefault(key, [0, 0, 0])
            acc[key][0] += 1
            acc[key][1] += score
            acc[key][2] += ms
    rows = [(p, round(v[1] / v[0]), round(v[2] / v[0])) for p, v in acc.items()]
    ranked = rules.rank(rows)
    return [{"rank": r.rank, "org": by_path[r.key], "participants": acc[r.key][0], "average": r.score,
             "seconds": round(r.duration_ms / 1000)} for r in ranked]


def my_standing(*, actor, contest: Contest) -> dict | None:
    """The member's best attempt and how many people did better (two queries)."""
    best = _best_attempts(contest, None).filter(user=actor).first()
    if best is None:
        return None
    ahead = _best_attempts(contest, None).filter(
        Q(score__gt=best.score) | Q(score=best.score, duration_ms__lt=best.duration_ms)).count()
    return {"score": best.score, "max_score": best.max_score, "seconds": round(best.duration_ms / 1000),
            "rank": ahead + 1}


def results(*, contest: Contest) -> QuerySet[ContestResult]:
    return ContestResult.objects.filter(contest=contest).select_related("user", "org")


def seconds_left(attempt: Attempt) -> int:
    return rules.seconds_left(timezone.now(), attempt.deadline)


def masked_name(name: str) -> str:
    """Other people's names on a member-facing board: the surname only (王**)."""
    return (name[:1] + "*" * max(1, len(name) - 1)) if name else "***"


def export_rows(*, contest: Contest, limit: int = 100_000) -> list[tuple]:
    """Published results when there are some, else the live ranking of the contest's whole tree."""
    if contest.results_published_at:
        return [(r.rank, r.user.real_name or r.user.display_name, r.org.name, r.score, round(r.duration_ms / 1000),
                 r.certificate_no) for r in results(contest=contest).order_by("rank")[:limit]]
    return [(r["rank"], r["name"], r["union"], r["score"], r["seconds"], "")
            for r in leaderboard(contest=contest, limit=limit)]
