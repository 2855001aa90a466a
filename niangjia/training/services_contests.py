"""Use cases of skill contests (网上练兵). The server clock decides: `_now()` is read AFTER the attempt row is
locked, so a request that waited (a slow network, a queue) is judged by when it reaches the data, never by
when the client says it was sent. One transaction per use case; caps are enforced by constraints and
conditional UPDATEs."""

import logging
import random
import secrets

from django.db import IntegrityError, transaction
from django.db.models import Count, F, Subquery
from django.utils import timezone

from niangjia.core import audit, formats, scoping, selectors
from niangjia.core.errors import Conflict, Forbidden, Invalid, NotFound
from niangjia.core.models import Org
from niangjia.core.spreadsheets import ImportRejected, RowError, read_rows
from niangjia.training import bank_cache_contests as bank_cache
from niangjia.training import rules_contests as rules
from niangjia.training.models import Attempt, AttemptAnswer, Contest, ContestResult, Question, QuestionBank

log = logging.getLogger("niangjia.training")

DEMO_BANK_CODE = "demo"
NO_CONTEST = "未找到该竞赛，或您无权参加。"
NO_ATTEMPT = "未找到该答卷。"
TIME_UP = "答题时间已到，答卷已自动交卷，本题答案未保存。"


def _now():
    return timezone.now()


def _rule(exc: rules.RuleError):
    return Conflict(str(exc), code=exc.code) if exc.code in (
        "contest.attempts_used", "contest.closed", "contest.not_open") else Invalid(str(exc), code=exc.code)


# ---- banks --------------------------------------------------------------------------------------------------

def ensure_demo_bank() -> QuestionBank:
    """The platform's demo bank (every union may draw from it). Idempotent: created once, by code."""
    bank = QuestionBank.objects.filter(code=DEMO_BANK_CODE, org=None).first()
    if bank is not None:
        return bank
    from niangjia.training.demo_contests import DEMO_QUESTIONS

    with transaction.atomic():
        bank = QuestionBank.objects.create(code=DEMO_BANK_CODE, title="职工技能练兵示范题库")
        Question.objects.bulk_create([Question(bank=bank, **rules.parse_question_row(row)) for row in DEMO_QUESTIONS])
    return bank


def _bank_for(actor, bank_id: int | None) -> QuestionBank:
    if bank_id is None:
        return ensure_demo_bank()
    bank = QuestionBank.objects.select_related("org").filter(pk=bank_id).first()
    if bank is None or (bank.org is not None and not scoping.covers(actor, bank.org)):
        raise NotFound("未找到该题库，或您无权使用。")
    return bank


@transaction.atomic
def import_bank(*, actor, org_id: int, title: str, upload) -> QuestionBank:
    """A bank from the Excel template: all rows or none; every bad row is reported with its line and reason."""
    org = Org.objects.filter(pk=org_id).first()
    if org is None or not scoping.covers(actor, org):
        raise NotFound("未找到该工会，或您无权操作。")
    title = (title or "").strip()
    if not title or len(title) > 120:
        raise Invalid("请填写题库名称（不超过 120 个字）。", code="bank.title")
    if upload is None:
        raise Invalid("请选择要上传的 Excel 文件。", code="bank.no_file")
    rows = read_rows(upload, rules.IMPORT_HEADERS, rules.IMPORT_REQUIRED)
    if not rows:
        raise Invalid("文件中没有题目。", code="bank.empty")
    errors, parsed, seen = [], [], {}
    for line, row in rows:
        try:
            q = rules.parse_question_row(row)
        except rules.RuleError as exc:
            errors.append(RowError(line, str(exc)))
            continue
        key = (q["category"], q["text"])
        if key in seen:
            errors.append(RowError(line, f"与第 {seen[key]} 行题目重复。"))
            continue
        seen[key] = line
        parsed.append(q)
    if errors:
        raise ImportRejected(errors)
    bank = QuestionBank.objects.create(org=org, title=title, created_by=actor)
    Question.objects.bulk_create([Question(bank=bank, **q) for q in parsed])
    audit.record(actor, "training.bank_import", bank, org=org, summary={"questions": len(parsed)})
    bank.n_imported = len(parsed)
    return bank


# ---- contests -----------------------------------------------------------------------------------------------

@transaction.atomic
def create_contest(*, actor, title: str, question_count: int, time_limit_seconds: int, bank_id: int | None = None,
                   org_id: int | None = None, max_attempts_per_person: int = 1, max_attempts_total: int | None = None,
                   closes_at=None, certificate_top_n: int = 3) -> Contest:
    if org_id is not None:
        org = Org.objects.filter(pk=org_id).first()
        if org is None or not scoping.covers(actor, org):
            raise NotFound("未找到该工会，或您无权操作。")
    else:
        tops = scoping.top_orgs(actor)
        if not tops:
            raise Forbidden("只有工会工作人员可以创建竞赛。", code="contest.staff_only")
        org = tops[0]
    try:
        rules.check_new_contest(title=title, question_count=question_count, time_limit_seconds=time_limit_seconds,
                                max_attempts_per_person=max_attempts_per_person, max_attempts_total=max_attempts_total)
    except rules.RuleError as exc:
        raise _rule(exc) from None
    if not 0 <= certificate_top_n <= 1000:
        raise Invalid("获奖名次应在 0 到 1000 之间。", code="contest.top_n")
    now = _now()
    if closes_at is not None and closes_at <= now:
        raise Invalid("结束时间应晚于现在。", code="contest.closes_at")
    bank = _bank_for(actor, bank_id)
    sizes = dict(Question.objects.filter(bank=bank).values("category").annotate(n=Count("id"))
                 .values_list("category", "n"))
    try:
        draw = rules.split_draw(question_count, sizes)
    except rules.RuleError as exc:
        raise _rule(exc) from None
    contest = Contest.objects.create(
        org=org, title=title.strip(), bank=bank, question_count=question_count, draw=draw,
        time_limit_seconds=time_limit_seconds, max_attempts_per_person=max_attempts_per_person,
        max_attempts_total=max_attempts_total, opens_at=now, closes_at=closes_at,
        certificate_top_n=certificate_top_n, created_by=actor)
    audit.record(actor, "training.contest_create", contest, org=org,
                 summary={"questions": question_count, "time_limit": time_limit_seconds})
    return contest


def _contest_for_member(actor, contest_id: int) -> tuple[Contest, int]:
    """The contest and the id of the member's union, in ONE query that reads no personal data: when a contest
    opens, thousands of starts arrive at once and each round trip is queued behind the others."""
    uid = getattr(actor, "pk", None)
    if uid is None:
        raise NotFound(NO_CONTEST)
    mine = selectors.active_membership_rows(uid)
    contest = (Contest.objects.select_related("org").filter(pk=contest_id)
               .annotate(member_org_id=Subquery(mine.values("org_id")[:1]),
                         member_org_path=Subquery(mine.values("org__path")[:1])).first())
    if (contest is None or contest.member_org_id is None
            or not contest.member_org_path.startswith(contest.org.path)):
        raise NotFound(NO_CONTEST)
    return contest, contest.member_org_id


# ---- attempts -----------------------------------------------------------------------------------------------

def _grade_and_finish(attempt: Attempt, now, reason: str) -> Attempt:
    """Grade every saved answer and close the attempt at min(now, deadline). The caller holds the row lock."""
    questions = {q.pk: q for q in Question.objects.filter(pk__in=attempt.question_ids).only("kind", "answer", "points")}
    answers = list(AttemptAnswer.objects.filter(attempt=attempt))
    score = correct = 0
    for a in answers:
        q = questions.get(a.question_id)
        a.is_correct = bool(q and rules.is_correct(q.kind, a.value, q.answer))
        if a.is_correct:
            score += q.points
            correct += 1
    AttemptAnswer.objects.bulk_update(answers, ["is_correct"])
    attempt.status = Attempt.Status.FINISHED
    attempt.finish_reason = reason
    attempt.finished_at = rules.finish_time(now, attempt.deadline)
    attempt.duration_ms = max(0, int((attempt.finished_at - attempt.started_at).total_seconds() * 1000))
    attempt.score, attempt.correct = score, correct
    attempt.max_score = sum(q.points for q in questions.values())
    attempt.save(update_fields=["status", "finish_reason", "finished_at", "duration_ms", "score", "correct",
                                "max_score"])
    audit.record(attempt.user, "training.attempt_finish", attempt, org=attempt.org,
                 summary={"score": score, "reason": reason})
    return attempt


def _locked_own_attempt(actor, attempt_id: int) -> Attempt:
    attempt = (Attempt.objects.select_for_update().filter(pk=attempt_id, user_id=getattr(actor, "pk", None))
               .first())
    if attempt is None:
        raise NotFound(NO_ATTEMPT)
    return attempt


def _finish_if_expired(attempt: Attempt, now) -> bool:
    if attempt.status == Attempt.Status.IN_PROGRESS and rules.expired(now, attempt.deadline):
        _grade_and_finish(attempt, now, Attempt.Finish.EXPIRED)
        return True
    return False


def start_attempt(*, actor, contest_id: int) -> Attempt:
    """Start, or return the attempt already in progress (a retried or doubled start answers the same attempt;
    the partial unique constraint makes a second one impossible even when two starts race)."""
    contest, union_id = _contest_for_member(actor, contest_id)
    for _round in range(3):
        try:
            with transaction.atomic():
                now = _now()
                # one read gives both the attempt in progress (locked) and how many were used
                mine = list(Attempt.objects.select_for_update().filter(contest=contest, user=actor))
                current = next((a for a in mine if a.status == Attempt.Status.IN_PROGRESS), None)
                if current is not None:
                    if not _finish_if_expired(current, now):
                        current.contest = contest
                        return current
                used = len(mine)
                try:
                    rules.check_may_start(used=used, per_person=contest.max_attempts_per_person, now=now,
                                          opens_at=contest.opens_at, closes_at=contest.closes_at)
                except rules.RuleError as exc:
                    error = _rule(exc)
                else:
                    return _new_attempt(contest, actor, union_id, used + 1, now)
        except IntegrityError:
            # another start of the same person won the race (the partial unique constraint refused this
            # insert and the transaction was rolled back): its attempt is returned on the next round. No
            # savepoint around the insert: that would be two more round trips on every start.
            continue
        raise error
    raise Conflict("系统繁忙，请稍后重试。", code="contest.busy")


def _new_attempt(contest: Contest, user, union_id: int, number: int, now) -> Attempt:
    rng = random.Random(secrets.randbits(64))
    bank = bank_cache.questions(contest.bank_id)
    pool: dict[str, list[int]] = {}
    for q in bank.values():
        pool.setdefault(q.category, []).append(q.pk)
    try:
        paper = rules.draw_paper(rng, pool, contest.draw)
    except rules.RuleError as exc:
        raise _rule(exc) from None
    orders = {str(q): rules.option_order(rng, 2 if bank[q].kind == "true_false" else len(bank[q].options))
              for q in paper if bank[q].kind != "fill"}
    now = now.replace(microsecond=now.microsecond // 1000 * 1000)
    attempt = Attempt.objects.create(
        contest=contest, user=user, org_id=union_id, number=number, started_at=now,
        deadline=rules.deadline_for(now, contest.time_limit_seconds, contest.closes_at),
        question_ids=paper, option_orders=orders, max_score=0)
    if contest.max_attempts_total is not None:
        # last statement of the transaction: the contest row is locked only until the commit
        if not Contest.objects.filter(pk=contest.pk, attempts_started__lt=F("max_attempts_total")).update(
                attempts_started=F("attempts_started") + 1):
            raise Conflict("本次竞赛的答题名额已满。", code="contest.full")
    return attempt


def save_answer(*, actor, attempt_id: int, question_id: int, answer) -> AttemptAnswer:
    """Autosave one answer. Saving the same answer again is harmless (idempotent); after deadline + grace the
    attempt is finished (at its deadline) and the answer refused with 409 time_up."""
    with transaction.atomic():
        attempt = _locked_own_attempt(actor, attempt_id)
        now = _now()
        if _finish_if_expired(attempt, now) or attempt.status != Attempt.Status.IN_PROGRESS:
            error = _time_up(attempt)
        elif question_id not in attempt.question_ids:
            raise NotFound("本答卷中没有这道题。")
        else:
            question = Question.objects.only("kind", "options").get(pk=question_id)
            order = attempt.option_orders.get(str(question_id))
            n = 2 if question.kind == "true_false" else len(question.options or [])
            try:
                value = rules.to_canonical(question.kind, answer, order, n)
            except rules.RuleError as exc:
                raise Invalid(str(exc), code=exc.code) from None
            if not AttemptAnswer.objects.filter(attempt=attempt, question_id=question_id).update(
                    value=value, saved_at=now, saves=F("saves") + 1):
                AttemptAnswer.objects.create(attempt=attempt, question_id=question_id, value=value, saved_at=now)
            return AttemptAnswer(attempt=attempt, question_id=question_id, value=value, saved_at=now)
    raise error  # outside the transaction, so the automatic finish is kept


def _time_up(attempt: Attempt) -> Conflict:
    code = "time_up" if attempt.finish_reason == Attempt.Finish.EXPIRED or attempt.finished_at == attempt.deadline \
        else "attempt.finished"
    message = TIME_UP if code == "time_up" else "答卷已经提交，不能再修改。"
    return Conflict(message, code=code, details={"status": attempt.status, "finished_at": attempt.finished_at.isoformat(),
                                                 "deadline": attempt.deadline.isoformat(), "score": attempt.score})


@transaction.atomic
def submit_attempt(*, actor, attempt_id: int) -> Attempt:
    """Hand in (idempotent: a finished attempt answers its result again). Late by the grace period or less, the
    attempt still counts, finished at its deadline."""
    attempt = _locked_own_attempt(actor, attempt_id)
    now = _now()
    if attempt.status == Attempt.Status.IN_PROGRESS:
        # handed in at or after the deadline (the page's timer reached zero): time ran out
        reason = Attempt.Finish.EXPIRED if now >= attempt.deadline else Attempt.Finish.SUBMITTED
        _grade_and_finish(attempt, now, reason)
    return attempt


@transaction.atomic
def open_attempt(*, actor, attempt_id: int) -> Attempt:
    """Re-entering an attempt (page or API): past deadline + grace it is finished here, with no staff needed."""
    attempt = _locked_own_attempt(actor, attempt_id)
    _finish_if_expired(attempt, _now())
    return attempt


def record_event(*, actor, attempt_id: int, kind: str) -> None:
    """Copy/paste and leaving the page are counted for staff to see; they never block the worker."""
    field = {"copy": "copy_events", "paste": "copy_events", "tab": "tab_switches"}.get(kind)
    if field is None:
        raise Invalid("未知的事件类型。", code="contest.event")
    if not Attempt.objects.filter(pk=attempt_id, user_id=getattr(actor, "pk", None)).exists():
        raise NotFound(NO_ATTEMPT)
    Attempt.objects.filter(pk=attempt_id, status=Attempt.Status.IN_PROGRESS).update(**{field: F(field) + 1})


def finish_expired(*, limit: int = 2000, contest_id: int | None = None) -> int:
    """Finish attempts left open past deadline + grace (the periodic task; leaderboards then include them)."""
    cutoff = _now() - rules.GRACE
    qs = Attempt.objects.filter(status=Attempt.Status.IN_PROGRESS, deadline__lt=cutoff)
    if contest_id is not None:
        qs = qs.filter(contest_id=contest_id)
    done = 0
    for pk in list(qs.order_by("deadline").values_list("pk", flat=True)[:limit]):
        with transaction.atomic():
            attempt = Attempt.objects.select_for_update().filter(pk=pk).first()
            if attempt is not None and _finish_if_expired(attempt, _now()):
                done += 1
    return done


# ---- staff: fairness and results ----------------------------------------------------------------------------

def _staff_contest(actor, contest_id: int, *, lock: bool = False) -> Contest:
    qs = Contest.objects.select_related("org").filter(pk=contest_id)
    contest = (qs.select_for_update(of=("self",)) if lock else qs).first()
    if contest is None or not scoping.covers(actor, contest.org):
        raise NotFound("未找到该竞赛，或您无权查看。")
    return contest


@transaction.atomic
def flag_identical_patterns(*, actor, contest_id: int) -> int:
    """Mark finished attempts whose answers match another's (rules.identical_pairs) for review. Returns the count."""
    contest = _staff_contest(actor, contest_id)
    papers: dict[int, dict[int, tuple[str, bool]]] = {}
    for aid, qid, value, ok in AttemptAnswer.objects.filter(
            attempt__contest=contest, attempt__status=Attempt.Status.FINISHED).values_list(
            "attempt_id", "question_id", "value", "is_correct"):
        papers.setdefault(aid, {})[qid] = (value, bool(ok))
    pairs = rules.identical_pairs(papers)
    partners: dict[int, list[int]] = {}
    for a, b, _common, _wrong in pairs:
        partners.setdefault(a, []).append(b)
        partners.setdefault(b, []).append(a)
    flagged = list(Attempt.objects.filter(pk__in=partners.keys(), flag_reviewed=""))
    for attempt in flagged:
        others = "、".join(f"#{o}" for o in sorted(partners[attempt.pk])[:10])
        attempt.flagged, attempt.flag_note = True, f"与答卷 {others} 答案完全相同（含相同错误答案）"
    Attempt.objects.bulk_update(flagged, ["flagged", "flag_note"])
    audit.record(actor, "training.flag_patterns", contest, org=contest.org, summary={"flagged": len(flagged)})
    return len(flagged)


@transaction.atomic
def review_flag(*, actor, attempt_id: int, decision: str) -> Attempt:
    if decision not in ("cleared", "confirmed"):
        raise Invalid("请选择“排除嫌疑”或“确认雷同”。", code="contest.review")
    attempt = Attempt.objects.select_for_update().select_related("contest__org").filter(pk=attempt_id).first()
    if attempt is None or not scoping.covers(actor, attempt.contest.org):
        raise NotFound(NO_ATTEMPT)
    if not attempt.flagged:
        raise Conflict("这份答卷没有被标记。", code="contest.not_flagged")
    attempt.flag_reviewed = decision
    attempt.save(update_fields=["flag_reviewed"])
    audit.record(actor, "training.flag_review", attempt, org=attempt.contest.org, summary={"decision": decision})
    return attempt


@transaction.atomic
def publish_results(*, actor, contest_id: int) -> int:
    """Freeze the ranking: each person's best finished attempt (confirmed copies left out), ranked by score
    then time; the top N (ties included) get a certificate number. Once only."""
    contest = _staff_contest(actor, contest_id, lock=True)
    if contest.results_published_at is not None:
        raise Conflict("成绩已经发布。", code="contest.published")
    finish_expired(contest_id=contest.pk)
    best: dict[int, tuple] = {}
    for a in Attempt.objects.filter(contest=contest, status=Attempt.Status.FINISHED).exclude(
            flag_reviewed="confirmed").values("pk", "user_id", "org_id", "score", "duration_ms"):
        key = (-a["score"], a["duration_ms"], a["pk"])
        if a["user_id"] not in best or key < best[a["user_id"]][0]:
            best[a["user_id"]] = (key, a)
    ranked = rules.rank([(uid, a["score"], a["duration_ms"]) for uid, (_k, a) in best.items()])
    rows = []
    for r in ranked:
        a = best[r.key][1]
        certified = r.rank <= contest.certificate_top_n
        rows.append(ContestResult(contest=contest, user_id=r.key, attempt_id=a["pk"], org_id=a["org_id"],
                                  rank=r.rank, score=r.score, duration_ms=r.duration_ms, certified=certified,
                                  certificate_no=f"LB{contest.pk:05d}{r.rank:04d}{secrets.token_hex(2).upper()}"
                                  if certified else ""))
    ContestResult.objects.bulk_create(rows)
    contest.results_published_at = _now()
    contest.save(update_fields=["results_published_at"])
    audit.record(actor, "training.results_publish", contest, org=contest.org,
                 summary={"ranked": len(rows), "certified": sum(r.certified for r in rows)})
    return len(rows)


def certificate_pdf(*, actor, contest_id: int) -> tuple[str, bytes]:
    """The worker's own certificate (top ranks of a published contest)."""
    from niangjia.core import pdf

    result = (ContestResult.objects.select_related("contest__org").filter(
        contest_id=contest_id, user_id=getattr(actor, "pk", None), certified=True).first())
    if result is None:
        raise NotFound("您在本次竞赛中没有获奖证书。")
    s = pdf.styles()
    name = getattr(actor, "real_name", "") or getattr(actor, "display_name", "")
    story = [pdf.spacer(30), pdf.para("荣誉证书", s["title"]), pdf.spacer(10),
             pdf.para(f"{name} 同志：", s["body"]), pdf.spacer(4),
             pdf.para(f"在{result.contest.org.name}举办的“{result.contest.title}”网上练兵活动中，"
                      f"成绩 {result.score} 分，名列第 {result.rank} 名，特发此证，以资鼓励。", s["body"]),
             pdf.spacer(20), pdf.para(result.contest.org.name, s["right"]),
             pdf.para(formats.day(result.contest.results_published_at), s["right"]),
             pdf.spacer(10), pdf.para(f"证书编号：{result.certificate_no}", s["small"])]
    return f"certificate-{result.certificate_no}.pdf", pdf.build("荣誉证书", story)

