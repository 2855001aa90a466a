"""The questions of a bank, cached per process for 60 s: when a contest opens, thousands of people start within
seconds and every paper is drawn from the same few hundred rows, so they are read once, not once per start.
A bank edited meanwhile is seen within a minute (a paper already drawn keeps its question ids; their text is
read fresh whenever an attempt is re-opened)."""

import time
from dataclasses import dataclass

from niangjia.training.models import Question

TTL = 60.0
_CACHE: dict[int, tuple[float, dict[int, "CachedQuestion"]]] = {}


@dataclass(frozen=True)
class CachedQuestion:
    pk: int
    category: str
    kind: str
    text: str
    options: tuple[str, ...]
    points: int


def questions(bank_id: int) -> dict[int, CachedQuestion]:
    hit = _CACHE.get(bank_id)
    if hit and time.monotonic() - hit[0] < TTL:
        return hit[1]
    rows = {pk: CachedQuestion(pk, cat, kind, text, tuple(opts or ()), points) for pk, cat, kind, text, opts, points in
            Question.objects.filter(bank_id=bank_id).values_list("pk", "category", "kind", "text", "options", "points")}
    _CACHE[bank_id] = (time.monotonic(), rows)
    return rows


def clear() -> None:
    _CACHE.clear()
