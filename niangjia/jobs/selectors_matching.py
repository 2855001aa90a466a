"""Reads of 1-3-1 job help: the helper's hardship workers with their intents, an intent's ranked posts."""

from __future__ import annotations

from niangjia.core.errors import NotFound
from niangjia.jobs.models import JobHelpPacket, JobIntent, MatchScore
from niangjia.relief import selectors as relief_selectors


def hardship_workers(*, actor, limit: int = 200) -> list[dict]:
    """Open hardship files in scope (the helper's own first) with each one's active intent and latest packet
    (three queries)."""
    return help_rows(relief_selectors.hardship_workers_for_jobs(actor=actor, limit=limit))


def hardship_files(*, actor, category: str = ""):
    """The open hardship files in scope (the helper's own first) for the help list's grid; a page of them becomes
    rows through `help_rows(relief_selectors.snapshots(page))`."""
    qs = relief_selectors.hardship_files_for_jobs(actor=actor)
    return qs.filter(category=category) if category in dict(relief_selectors.CATEGORY_CHOICES) else qs


def help_page_rows(files) -> list[dict]:
    return help_rows(relief_selectors.snapshots(files))


def help_rows(workers) -> list[dict]:
    """Each worker with the active intent and latest packet (two queries whatever the number of rows)."""
    ids = [w.household_id for w in workers]
    intents = {i.household_id: i for i in JobIntent.objects.filter(household_id__in=ids, active=True)}
    packets: dict[int, JobHelpPacket] = {}
    for p in JobHelpPacket.objects.filter(intent__household_id__in=ids).select_related("intent").order_by("-id"):
        packets.setdefault(p.intent.household_id, p)
    return [{"worker": w, "intent": intents.get(w.household_id), "packet": packets.get(w.household_id)}
            for w in workers]


def household_view(*, actor, household_id: int) -> dict:
    """One hardship worker for the helper: the intent, its stored ranked posts and the packets sent."""
    worker = relief_selectors.hardship_worker_for_jobs(actor=actor, household_id=household_id)
    intent = JobIntent.objects.filter(household_id=household_id, active=True).first()
    scores = (list(MatchScore.objects.filter(intent=intent).select_related("position__employer").order_by("rank"))
              if intent else [])
    packets = list(JobHelpPacket.objects.filter(intent__household_id=household_id).select_related("sent_by")
                   .prefetch_related("positions").order_by("-id")[:10])
    return {"worker": worker, "intent": intent, "scores": scores, "packets": packets}


def access_intent_by_id(*, actor, intent_id: int) -> JobIntent:
    intent = JobIntent.objects.filter(pk=intent_id).first()
    if intent is None:
        raise NotFound("未找到该就业意向。", code="jobs.not_found")
    relief_selectors.hardship_worker_for_jobs(actor=actor, household_id=intent.household_id)
    return intent


def stored_scores(intent: JobIntent) -> list[MatchScore]:
    return list(MatchScore.objects.filter(intent=intent).select_related("position__employer").order_by("rank"))


def category_choices():
    return list(relief_selectors.CATEGORY_CHOICES)
