"""Pure rules of the classroom, from RFC 9110 (ranges) and the issue (progress, completion)."""

import pytest

from niangjia.training import rules_courses as rules
from niangjia.training.rules_courses import ByteRange, RangeNotSatisfiable

SIZE = 1000


@pytest.mark.parametrize(("header", "expected"), [
    (None, None),                                  # no Range: whole file
    ("bytes=0-99", ByteRange(0, 99)),              # the contract's probe
    ("bytes=0-0", ByteRange(0, 0)),                # Safari's first probe asks one or two bytes
    ("bytes=0-1", ByteRange(0, 1)),
    ("bytes=500-", ByteRange(500, 999)),           # open-ended
    ("bytes=990-2000", ByteRange(990, 999)),       # last-byte-pos past the end is clamped (§14.1.2)
    ("bytes=-100", ByteRange(900, 999)),           # suffix: the last 100 bytes
    ("bytes=-5000", ByteRange(0, 999)),            # suffix longer than the file: the whole file
    ("bytes=999-999", ByteRange(999, 999)),
    ("BYTES = 10 - 20", ByteRange(10, 20)),        # unit is case-insensitive
    ("items=0-10", None),                          # unknown unit: ignored
    ("bytes=0-10,20-30", None),                    # several ranges: we may ignore and send 200
    ("bytes=50-10", None),                         # last < first is invalid syntax: ignored
    ("bytes=abc", None),
    ("bytes=-", None),
])
def test_parse_range(header, expected):
    assert rules.parse_range(header, SIZE) == expected


@pytest.mark.parametrize("header", ["bytes=1000-", "bytes=1000-1001", "bytes=5000-6000", "bytes=-0"])
def test_unsatisfiable_ranges(header):
    with pytest.raises(RangeNotSatisfiable):
        rules.parse_range(header, SIZE)


def test_empty_file_cannot_satisfy_a_suffix_range():
    with pytest.raises(RangeNotSatisfiable):
        rules.parse_range("bytes=-10", 0)


def test_byte_range_length():
    assert ByteRange(0, 99).length == 100


@pytest.mark.parametrize(("offset", "length", "received", "total", "code"), [
    (0, 0, 0, 100, "training.chunk_empty"),
    (0, 11, 0, 100, "training.chunk_too_big"),
    (10, 5, 0, 100, "training.chunk_offset"),      # a gap
    (0, 5, 10, 100, "training.chunk_offset"),      # a replay of a chunk already stored
    (95, 10, 95, 100, "training.chunk_past_end"),
])
def test_bad_chunks(offset, length, received, total, code):
    with pytest.raises(rules.BadChunk) as exc:
        rules.check_chunk(offset=offset, length=length, received=received, total=total, chunk_limit=10)
    assert exc.value.code == code


def test_chunks_append_up_to_the_total():
    assert rules.check_chunk(offset=0, length=10, received=0, total=15, chunk_limit=10) == 10
    assert rules.check_chunk(offset=10, length=5, received=10, total=15, chunk_limit=10) == 15


@pytest.mark.parametrize(("prev", "new", "elapsed", "credit"), [
    (0, 10, 10, 10),      # normal playback
    (0, 10, 9, 10),       # within the 3 s slack
    (0, 60, 10, 13),      # seeking forward earns only the clock time (+ slack)
    (30, 10, 10, 0),      # seeking back earns nothing
    (0, 10, -1, 0),       # a clock running backwards earns nothing
    (0, 100, 121, 0),     # a gap longer than 2 minutes (phone locked) earns nothing
    (0, 100, 120, 100),
])
def test_credited_seconds(prev, new, elapsed, credit):
    assert rules.credited_seconds(previous_position=prev, new_position=new, seconds_since_last=elapsed) == credit


@pytest.mark.parametrize(("duration", "watched", "done"), [
    (100, 89, False), (100, 90, True), (12, 10, False), (12, 11, True), (0, 0, False), (0, 1, True),
])
def test_video_completed_at_ninety_percent(duration, watched, done):
    assert rules.video_completed(duration_seconds=duration, watched_seconds=watched) is done


def test_course_completed_needs_every_lesson_and_at_least_one():
    assert rules.course_completed(lesson_ids={1, 2}, completed_lesson_ids={1, 2, 3})
    assert not rules.course_completed(lesson_ids={1, 2}, completed_lesson_ids={1})
    assert not rules.course_completed(lesson_ids=set(), completed_lesson_ids=set())


@pytest.mark.parametrize(("name", "masked"), [("王小明", "王*明"), ("王明", "王*"), ("欧阳娜娜", "欧**娜"), ("王", "王"), ("", "")])
def test_mask_name(name, masked):
    assert rules.mask_name(name) == masked


def test_keywords_are_split_and_deduplicated():
    assert rules.normalise_keywords(["电工 焊工", "电工,叉车", "  "]) == ["电工", "焊工", "叉车"]


def test_keyword_score_weights_title_over_summary():
    title_hit = rules.keyword_score(keywords=["电工"], title="电工上岗", course_keywords="", summary="",
                                    category_label="")
    summary_hit = rules.keyword_score(keywords=["电工"], title="安全", course_keywords="", summary="电工",
                                      category_label="")
    assert title_hit == 3 and summary_hit == 1


def test_certificate_number():
    assert rules.certificate_number(year=2026, sequence=42) == "YKT2026000042"
