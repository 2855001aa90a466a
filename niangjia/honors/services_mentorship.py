"""Writes of mentorship (师徒结对): pairs with a period and goals, tasks the mentor approves, early completion,
and the yearly two-way review whose results the union sees."""

import datetime as dt

from django.db import IntegrityError, transaction
from django.utils import timezone

from niangjia.core import audit, pii, scoping
from niangjia.core.errors import Conflict, Invalid, NotFound
from niangjia.core.models import Member, Org, User
from niangjia.honors.models import Mentorship, MentorshipReview, MentorshipTask


def _member_user(phone: str, org: Org) -> User:
    user = User.objects.filter(phone_index=pii.blind_index((phone or "").strip(), purpose="phone")).first()
    if user is None or not Member.objects.filter(org.subtree_q(prefix="org__"), user=user, status="active").exists():
        raise Invalid("师傅和徒弟都须是本工会范围内的会员（按手机号查找）。", code="honors.pair_member")
    return user


@transaction.atomic
def create_pair(actor, *, org_id: int, mentor_phone: str, apprentice_phone: str, starts_on: dt.date,
                ends_on: dt.date, goals: str) -> Mentorship:
    org = Org.objects.filter(pk=org_id).first()
    if org is None or not scoping.covers(actor, org):
        raise NotFound("没有找到这个工会，或不在您的管辖范围内。")
    mentor, apprentice = _member_user(mentor_phone, org), _member_user(apprentice_phone, org)
    if mentor.pk == apprentice.pk:
        raise Invalid("师傅和徒弟不能是同一个人。", code="honors.same_person")
    if ends_on <= starts_on:
        raise Invalid("结对期限的结束日期应晚于开始日期。", code="honors.period")
    if not (goals or "").strip():
        raise Invalid("请写明结对目标。", code="honors.goals")
    try:
        with transaction.atomic():
            pair = Mentorship.objects.create(org=org, mentor=mentor, apprentice=apprentice, starts_on=starts_on,
                                             ends_on=ends_on, goals=goals.strip())
    except IntegrityError:
        raise Conflict("这对师徒已经在结对中。", code="honors.pair_exists") from None
    audit.record(actor, "honors.pair_create", pair, org=org, summary={"period": f"{starts_on}–{ends_on}"})
    return pair


def _pair_of(actor, pair_id: int, *, as_mentor: bool | None = None) -> Mentorship:
    pair = Mentorship.objects.select_for_update().filter(pk=pair_id).first()
    if pair is None:
        raise NotFound("没有找到这个结对。")
    if as_mentor is True and pair.mentor_id != actor.pk:
        raise NotFound("没有找到这个结对。")
    if as_mentor is False and pair.apprentice_id != actor.pk:
        raise NotFound("没有找到这个结对。")
    if as_mentor is None and actor.pk not in (pair.mentor_id, pair.apprentice_id):
        raise NotFound("没有找到这个结对。")
    return pair


@transaction.atomic
def add_task(actor, *, pair_id: int, title: str, due_on: dt.date | None = None) -> MentorshipTask:
    pair = _pair_of(actor, pair_id, as_mentor=True)
    if pair.status != Mentorship.Status.ACTIVE:
        raise Conflict("结对已经结束。", code="honors.pair_closed")
    if not (title or "").strip():
        raise Invalid("请填写任务。", code="honors.task")
    return MentorshipTask.objects.create(mentorship=pair, title=title.strip()[:120], due_on=due_on)


@transaction.atomic
def report_done(actor, *, task_id: int) -> MentorshipTask:
    task = MentorshipTask.objects.select_for_update().select_related("mentorship").filter(
        pk=task_id, mentorship__apprentice=actor).first()
    if task is None:
        raise NotFound("没有找到这个任务。")
    task.done_at = task.done_at or timezone.now()
    task.save(update_fields=["done_at"])
    return task


@transaction.atomic
def approve_task(actor, *, task_id: int) -> MentorshipTask:
    task = MentorshipTask.objects.select_for_update().select_related("mentorship").filter(
        pk=task_id, mentorship__mentor=actor).first()
    if task is None:
        raise NotFound("没有找到这个任务。")
    if task.done_at is None:
        raise Conflict("徒弟还没有报告完成。", code="honors.not_done")
    task.approved_at = task.approved_at or timezone.now()
    task.save(update_fields=["approved_at"])
    audit.record(actor, "honors.task_approve", task.mentorship, org=task.mentorship.org, summary={"task": task.title})
    return task


@transaction.atomic
def close_pair(actor, *, pair_id: int, outcome: str, today: dt.date | None = None) -> Mentorship:
    """Staff close a pair: completed (at or after the end), completed early (all tasks approved), or ended."""
    pair = Mentorship.objects.select_for_update().filter(scoping.scope_q(actor), pk=pair_id).first()
    if pair is None:
        raise NotFound("没有找到这个结对。")
    if pair.status != Mentorship.Status.ACTIVE:
        raise Conflict("结对已经结束。", code="honors.pair_closed")
    today = today or timezone.localdate()
    if outcome == "completed" and today < pair.ends_on:
        outcome = "early"
    if outcome == "early" and pair.tasks.filter(approved_at__isnull=True).exists():
        raise Conflict("还有任务没有经师傅确认，不能提前出师。", code="honors.tasks_open")
    if outcome not in ("completed", "early", "ended"):
        raise Invalid("请选择结对结果。", code="honors.outcome")
    pair.status, pair.closed_on = outcome, today
    pair.save(update_fields=["status", "closed_on"])
    audit.record(actor, "honors.pair_close", pair, org=pair.org, summary={"outcome": outcome})
    return pair


@transaction.atomic
def review(actor, *, pair_id: int, year: int, rating: int, comment: str = "") -> MentorshipReview:
    pair = _pair_of(actor, pair_id)
    if not 1 <= rating <= 5:
        raise Invalid("评价请选 1 到 5 星。", code="honors.rating")
    by_mentor = pair.mentor_id == actor.pk
    try:
        with transaction.atomic():
            return MentorshipReview.objects.create(mentorship=pair, year=year, by_mentor=by_mentor, rating=rating,
                                                   comment=(comment or "").strip()[:500])
    except IntegrityError:
        raise Conflict(f"{year} 年度的评价已经提交过了。", code="honors.reviewed") from None
