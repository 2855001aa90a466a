"""1-3-1 job help for hardship workers: the helper records a job intent, posts are ranked for it with stored,
explained scores, a packet (1 guidance note, 3 posts, 1 course) is sent, and the outcome goes back to relief
(monitoring flags, this month's income, an exit proposal when the exit rule now holds)."""

from __future__ import annotations

import uuid

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from niangjia.core import audit
from niangjia.core.errors import Conflict, Invalid, NotFound
from niangjia.core.money import MoneyError, parse_yuan
from niangjia.core.notifications import notify
from niangjia.core.validators import validate_region_code
from niangjia.jobs import rules, search, selectors
from niangjia.jobs.models import JobHelpPacket, JobIntent, MatchScore, Position
from niangjia.relief import selectors as relief_selectors
from niangjia.relief import services as relief_services
from niangjia.training import selectors as training_selectors

KEEP = 10  # scores stored per intent (the helper picks 3 of them)


def _relief_worker(actor, household_id: int):
    return relief_selectors.hardship_worker_for_jobs(actor=actor, household_id=household_id)


# --- match scores --------------------------------------------------------------------------------------


POSTS_VERSION_KEY = "jobs:posts:version"
_posts_cache: dict = {"version": None, "facts": None}


def posts_changed() -> None:
    """A post opened or closed, or an employer's verification changed: every process reloads its post facts
    (the version lives in the shared cache; called at once and again after commit)."""
    from django.core.cache import cache

    def bump():
        cache.set(POSTS_VERSION_KEY, uuid.uuid4().hex, None)

    bump()
    transaction.on_commit(bump)


def post_facts(queryset=None) -> list[tuple[int, rules.PostFacts]]:
    """Every open post of a verified employer as the facts matching reads. Read in one query and kept per
    process until `posts_changed` bumps the shared version (a version-check is one cache read)."""
    from django.core.cache import cache

    if queryset is None:
        version = cache.get(POSTS_VERSION_KEY)
        if version is None:
            version = uuid.uuid4().hex
            cache.add(POSTS_VERSION_KEY, version, None)
            version = cache.get(POSTS_VERSION_KEY) or version
        elif version == _posts_cache["version"]:
            return _posts_cache["facts"]
    qs = selectors.open_posts() if queryset is None else queryset
    rows = qs.values_list("id", "title_tokens", "tokens", "region_code", "hours", "demands", "salary_min",
                          "salary_max")
    facts = [(pk, rules.PostFacts(frozenset(tt.split()), frozenset(bt.split()), region, hours,
                                  frozenset(demands or ()), low, high))
             for pk, tt, bt, region, hours, demands, low, high in rows]
    if queryset is None:
        _posts_cache.update(version=version, facts=facts)
    return facts


def intent_facts(intent: JobIntent) -> rules.IntentFacts:
    return rules.IntentFacts(
        kind_concepts=tuple(search.concepts(intent.kind_of_work)), skill_terms=search.terms(intent.skills),
        region_code=intent.region_code, hours=intent.hours, health_limits=frozenset(intent.health_limits or ()),
        min_salary=intent.min_salary)


def _store_scores(intent: JobIntent, ranked: list[tuple[int, rules.Score]], now) -> None:
    MatchScore.objects.filter(intent=intent).delete()
    MatchScore.objects.bulk_create([
        MatchScore(intent=intent, position_id=pk, total=s.total, skills=s.skills, area=s.area, hours=s.hours,
                   salary=s.salary, reasons=s.reasons, rank=n, computed_at=now)
        for n, (pk, s) in enumerate(ranked, start=1)])
    JobIntent.objects.filter(pk=intent.pk).update(matched_at=now)


def match_intent(intent: JobIntent, *, posts: list[tuple[int, rules.PostFacts]] | None = None) -> list:
    """Rank the open posts for the intent and store the best KEEP with their explanations (three queries)."""
    ranked = rules.rank(intent_facts(intent), posts if posts is not None else post_facts(), limit=KEEP)
    with transaction.atomic():
        _store_scores(intent, ranked, timezone.now())
    return ranked


def rematch_all(*, chunk: int = 500) -> int:
    """Re-rank every active intent against today's open posts (nightly, and after a fair opens); the posts are
    read once."""
    posts = post_facts()
    done, last = 0, 0
    while True:
        intents = list(JobIntent.objects.filter(active=True, pk__gt=last).order_by("pk")[:chunk])
        if not intents:
            return done
        for intent in intents:
            match_intent(intent, posts=posts)
        done += len(intents)
        last = intents[-1].pk


# --- intents -------------------------------------------------------------------------------------------


@transaction.atomic
def record_intent(*, actor, household_id: int, kind_of_work: str, hours: str, region_code: str, skills: str = "",
                  health_limits=(), min_salary="0") -> JobIntent:
    """The household's helper (or staff in scope) records the worker's job intent; it replaces the previous one
    and is matched at once."""
    worker = _relief_worker(actor, household_id)
    kind = (kind_of_work or "").strip()
    if not kind or len(kind) > 120:
        raise Invalid("请填写想做的工种（不超过 120 字）。", code="jobs.intent_kind")
    if not search.concepts(kind):
        raise Invalid("工种说明里没有可以匹配的词，请写具体一些，例如“保洁”“仓库管理”。", code="jobs.intent_kind")
    if hours not in rules.HOURS_LABELS:
        raise Invalid("请选择工作时间。", code="jobs.hours")
    try:
        region = validate_region_code((region_code or "").strip())
    except Exception:  # noqa: BLE001 - the validator's ValidationError; one message for the helper
        raise Invalid("请填写正确的 6 位行政区划代码。", code="jobs.region") from None
    limits = sorted(set(health_limits or ()))
    if any(c not in rules.DEMANDS for c in limits):
        raise Invalid("健康限制不在可选范围内。", code="jobs.health_limits")
    try:
        pay = parse_yuan(min_salary or "0", "期望最低月薪", maximum=parse_yuan("1000000", "上限"))
    except MoneyError as exc:
        raise Invalid(str(exc), code="jobs.bad_amount") from None
    skills = (skills or "").strip()[:200]
    JobIntent.objects.filter(household_id=household_id, active=True).update(active=False)
    try:
        with transaction.atomic():
            intent = JobIntent.objects.create(
                household_id=household_id, worker_id=worker.user_id, worker_name=worker.name, org=worker.org,
                kind_of_work=kind, skills=skills, region_code=region, hours=hours, health_limits=limits,
                min_salary=pay, recorded_by=actor)
    except IntegrityError:
        raise Conflict("该家庭的就业意向刚刚已由他人更新，请刷新后再试。", code="jobs.intent_conflict") from None
    audit.record(actor, "jobs.intent_record", intent, org=worker.org,
                 summary={"kind_of_work": kind, "hours": hours, "region": region, "health_limits": limits})
    match_intent(intent)
    return intent


# --- 1-3-1 packets -------------------------------------------------------------------------------------


def course_for(user, keywords: list[str]) -> dict | None:
    """The classroom's best course for the keywords that the worker may take, or None when none matches (the
    packet then says so; 1-3-1 is still sent)."""
    found = training_selectors.courses_for_keywords(user, keywords, 1)
    if not found:
        return None
    return {"id": found[0].id, "title": found[0].title, "url": found[0].url}


@transaction.atomic
def send_packet(*, actor, intent_id: int, guidance: str, position_ids, course_id: int | None = None) -> JobHelpPacket:
    """1 guidance note, 3 posts (open, chosen by the helper, normally from the ranked list) and 1 course when
    the classroom has one; the worker gets a message linking to it."""
    intent = JobIntent.objects.select_related("org").filter(pk=intent_id, active=True).first()
    if intent is None:
        raise NotFound("未找到该就业意向，或您无权操作。", code="jobs.not_found")
    _relief_worker(actor, intent.household_id)  # scope: the household must be the actor's to help
    guidance = (guidance or "").strip()
    if not 10 <= len(guidance) <= 1000:
        raise Invalid("请写 10 到 1000 字的就业指导。", code="jobs.guidance")
    ids = list(dict.fromkeys(int(i) for i in position_ids or ()))
    open_ids = set(selectors.open_posts().filter(pk__in=ids).values_list("pk", flat=True))
    if len(ids) != 3 or set(ids) != open_ids:
        raise Invalid("请选择 3 个正在招聘的岗位。", code="jobs.packet_posts")
    keywords = [intent.kind_of_work, *[s for s in intent.skills.replace("，", "、").split("、") if s.strip()]]
    course = course_for(intent.worker or actor, keywords)
    if course_id and (course is None or course["id"] != course_id):
        course = None  # only a course the classroom offers for this intent
    packet = JobHelpPacket.objects.create(
        intent=intent, org=intent.org, guidance=guidance, sent_by=actor,
        course_id=course["id"] if course else None, course_title=course["title"] if course else "",
        course_url=course["url"] if course else "")
    packet.positions.set(Position.objects.filter(pk__in=ids))
    audit.record(actor, "jobs.packet_send", packet, org=intent.org,
                 summary={"positions": ids, "course": packet.course_title or "无匹配课程"})
    worker = intent.worker
    if worker is not None:
        link = reverse("jobs:packet", args=[packet.pk])
        transaction.on_commit(lambda: notify(worker, "jobs.packet", "娘家人为您推荐了 3 个岗位",
                                             "含一份就业指导和一门培训课程，点开查看并投递。", link=link))
    return packet


@transaction.atomic
def record_outcome(*, actor, packet_id: int, outcome: str, monthly_wage=None, note: str = "") -> JobHelpPacket:
    """The helper records what came of the packet; employment (or none) is reported to relief monitoring."""
    packet = JobHelpPacket.objects.select_for_update(of=("self",)).select_related("intent", "org").filter(
        pk=packet_id).first()
    if packet is None:
        raise NotFound("未找到该就业帮扶记录，或您无权操作。", code="jobs.not_found")
    _relief_worker(actor, packet.intent.household_id)
    if outcome not in ("employed", "not_employed", "declined"):
        raise Invalid("请选择帮扶结果。", code="jobs.outcome")
    wage = None
    if outcome == "employed":
        try:
            wage = parse_yuan(monthly_wage, "月工资", maximum=parse_yuan("1000000", "上限"))
        except MoneyError as exc:
            raise Invalid(str(exc), code="jobs.bad_amount") from None
        if wage <= 0:
            raise Invalid("已就业时请填写大于 0 的月工资。", code="jobs.bad_amount")
    note = (note or "").strip()[:200]
    old = packet.outcome
    packet.outcome, packet.monthly_wage, packet.outcome_note, packet.outcome_at = outcome, wage, note, timezone.now()
    packet.save(update_fields=["outcome", "monthly_wage", "outcome_note", "outcome_at"])
    relief = None
    if outcome in ("employed", "not_employed"):
        relief = relief_services.record_employment_outcome(
            actor=actor, household_id=packet.intent.household_id, employed=outcome == "employed",
            monthly_wage=wage, note=note)
    audit.record(actor, "jobs.packet_outcome", packet, org=packet.org,
                 summary={"outcome": {"old": old, "new": outcome}, "wage": str(wage or ""),
                          "exit_proposed": bool(relief and relief["exit_proposed"])})
    packet.relief_result = relief
    return packet
