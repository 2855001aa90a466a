"""Pure rules of the cloud classroom: byte ranges, upload chunks, credited learning time, completion and
keyword ranking. No Django, no clock (times are passed in)."""

from __future__ import annotations

import re
from dataclasses import dataclass

# A video lesson counts as learnt once this share of its length has been watched (credited seconds), or the
# learner reached the end; seeking to the end alone does not complete it.
VIDEO_COMPLETION_SHARE = 0.9
# A heartbeat credits at most the wall-clock time since the previous one plus this slack (network jitter).
HEARTBEAT_SLACK_SECONDS = 3
# A gap longer than this (tab in the background, phone locked) credits nothing.
HEARTBEAT_MAX_GAP_SECONDS = 120


class RangeNotSatisfiable(ValueError):
    """The Range header is well formed but lies outside the file: answer 416."""


@dataclass(frozen=True)
class ByteRange:
    start: int
    end: int  # inclusive

    @property
    def length(self) -> int:
        return self.end - self.start + 1


_RANGE = re.compile(r"^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$", re.IGNORECASE)


def parse_range(header: str | None, size: int) -> ByteRange | None:
    """The single byte range asked for, or None to send the whole file (no header, a header we may ignore:
    another unit, several ranges, bad syntax; RFC 9110 §14.2 lets a server ignore those).
    Raises RangeNotSatisfiable for a range that starts past the end or an empty file (RFC 9110 §15.5.17)."""
    if not header:
        return None
    if "," in header:
        return None
    match = _RANGE.match(header)
    if match is None:
        return None
    first, last = match.group(1), match.group(2)
    if first == "" and last == "":
        return None
    if first == "":
        # Suffix range: the last N bytes.
        suffix = int(last)
        if suffix == 0 or size == 0:
            raise RangeNotSatisfiable(header)
        return ByteRange(max(size - suffix, 0), size - 1)
    start = int(first)
    if last != "" and int(last) < start:
        return None  # invalid syntax: ignore
    if start >= size:
        raise RangeNotSatisfiable(header)
    end = size - 1 if last == "" else min(int(last), size - 1)
    return ByteRange(start, end)


class BadChunk(ValueError):
    def __init__(self, code: str, message: str):
        super().__init__(message)
        self.code = code
        self.message = message


def check_chunk(*, offset: int, length: int, received: int, total: int, chunk_limit: int) -> int:
    """Where a chunk may go: returns the new `received` after appending it. A chunk must start exactly where
    the upload stands (a retried chunk that was already stored is refused, and the client asks for the offset
    again), must not be empty or bigger than `chunk_limit`, and must not run past the announced total."""
    if length <= 0:
        raise BadChunk("training.chunk_empty", "上传的分片是空的。")
    if length > chunk_limit:
        raise BadChunk("training.chunk_too_big", f"每个分片不能超过 {chunk_limit // (1024 * 1024)} MB。")
    if offset != received:
        raise BadChunk("training.chunk_offset", f"分片位置不对：服务器已收到 {received} 字节，请从这里继续。")
    if offset + length > total:
        raise BadChunk("training.chunk_past_end", "分片超出了文件的总大小。")
    return offset + length


def credited_seconds(*, previous_position: int, new_position: int, seconds_since_last: float) -> int:
    """Learning time credited by one heartbeat: how far playback moved forward, but never more than the
    wall-clock time since the previous heartbeat (plus slack), so seeking forward earns nothing."""
    if seconds_since_last < 0 or seconds_since_last > HEARTBEAT_MAX_GAP_SECONDS:
        return 0
    moved = new_position - previous_position
    if moved <= 0:
        return 0
    return int(min(moved, seconds_since_last + HEARTBEAT_SLACK_SECONDS))


def video_completed(*, duration_seconds: int, watched_seconds: int) -> bool:
    if duration_seconds <= 0:
        return watched_seconds > 0
    return watched_seconds >= VIDEO_COMPLETION_SHARE * duration_seconds


def course_completed(*, lesson_ids: set[int], completed_lesson_ids: set[int]) -> bool:
    return bool(lesson_ids) and lesson_ids <= completed_lesson_ids


def certificate_number(*, year: int, sequence: int) -> str:
    return f"YKT{year}{sequence:06d}"


def mask_name(name: str) -> str:
    """王小明 → 王*明, 王明 → 王*: the public verification page shows enough to match a person, no more."""
    name = (name or "").strip()
    if len(name) <= 1:
        return name
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


def normalise_keywords(keywords) -> list[str]:
    out: list[str] = []
    for word in keywords or []:
        for part in re.split(r"[\s,，、;；/]+", str(word)):
            part = part.strip().lower()
            if part and part not in out:
                out.append(part)
    return out[:20]


def keyword_score(*, keywords: list[str], title: str, course_keywords: str, summary: str, category_label: str) -> int:
    """How well a course matches: a keyword in the title weighs 3, in the course's keywords or category 2,
    in the summary 1. Keywords are already normalised (lower case)."""
    title, course_keywords, summary = title.lower(), course_keywords.lower(), summary.lower()
    category_label = category_label.lower()
    score = 0
    for word in keywords:
        if word in title:
            score += 3
        if word in course_keywords or word in category_label:
            score += 2
        if word in summary:
            score += 1
    return score
