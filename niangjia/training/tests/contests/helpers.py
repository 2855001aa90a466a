"""Helpers of the contest tests: a movable server clock and the right answer of a question in the letters one
attempt shows (worked out from the bank and the attempt's option order, not from the grader)."""

import datetime as dt
import json

from niangjia.training import rules_contests as rules
from niangjia.training import services_contests as services
from niangjia.training.models import Attempt, Question


def call(client, method, url, auth, body=None):
    fn = getattr(client, method.lower())
    if body is None:
        return fn(url, **auth)
    return fn(url, json.dumps(body), content_type="application/json", **auth)


class Clock:
    """The server clock of the contest services, moved by the test (fault injection)."""

    def __init__(self, monkeypatch):
        from django.utils import timezone

        self.now = timezone.now()
        monkeypatch.setattr(services, "_now", lambda: self.now)

    def at(self, moment: dt.datetime):
        self.now = moment

    def after_deadline(self, attempt: Attempt, seconds: float):
        self.now = attempt.deadline + dt.timedelta(seconds=seconds)


def right_answer(attempt: Attempt, qid: int) -> str:
    """The correct answer in the letters this attempt shows (worked out from the bank, not from the grader)."""
    q = Question.objects.get(pk=qid)
    if q.kind == "fill":
        return q.answer.split("|")[0]
    order = attempt.option_orders.get(str(qid))
    if q.kind == "true_false":
        stored = rules.TRUE_FALSE_OPTIONS.index(q.answer)
        return "AB"[order.index(stored)]
    return "".join(sorted("ABCDEF"[order.index("ABCDEF".index(c))] for c in q.answer))


def wrong_answer(attempt: Attempt, qid: int) -> str:
    q = Question.objects.get(pk=qid)
    if q.kind == "fill":
        return "不知道"
    right = right_answer(attempt, qid)
    return next(c for c in "ABCD" if c not in right)


def same_wrong_answer(attempt: Attempt, qid: int) -> str:
    """A wrong answer that is the SAME stored option for everyone (as copied answers would be), in the letters
    this attempt shows."""
    q = Question.objects.get(pk=qid)
    if q.kind == "fill":
        return "不知道"
    order = attempt.option_orders.get(str(qid))
    if q.kind == "true_false":
        stored = 1 - rules.TRUE_FALSE_OPTIONS.index(q.answer)
    else:
        stored = next(i for i in range(len(q.options)) if "ABCDEF"[i] not in q.answer)
    return "ABCDEF"[order.index(stored)]
