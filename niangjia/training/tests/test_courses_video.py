"""Serving lesson videos: HTTP Range (RFC 9110), 206/416, and who may fetch a video (page session or bearer)."""

import pytest
from django.test import Client

from niangjia.training.tests.courses_fixtures import DEMO_MP4, make_course

DATA = DEMO_MP4.read_bytes()
SIZE = len(DATA)


def _url(lesson):
    return f"/training/lessons/{lesson.pk}/video/"


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


@pytest.fixture
def video(course):
    return course.lessons.get(kind="video")


@pytest.fixture
def member_client(tree, make_member):
    c = Client()
    c.force_login(make_member(tree.union_a).user)
    return c


def test_contract_probe_bytes_0_99_answers_206_with_content_range(video, member_client):
    r = member_client.get(_url(video), HTTP_RANGE="bytes=0-99")
    assert r.status_code == 206
    assert r["Content-Range"] == f"bytes 0-99/{SIZE}"
    assert r["Content-Length"] == "100"
    assert r["Accept-Ranges"] == "bytes"
    assert r["Content-Type"] == "video/mp4"
    assert _body(r) == DATA[:100]


@pytest.mark.parametrize(("header", "start", "end"), [
    ("bytes=0-1", 0, 1),                        # Safari's probe
    ("bytes=1000-", 1000, SIZE - 1),            # a seek: from here to the end
    ("bytes=-500", SIZE - 500, SIZE - 1),       # the last 500 bytes (moov at the end of some files)
    (f"bytes={SIZE - 10}-{SIZE + 1000}", SIZE - 10, SIZE - 1),  # end clamped to the file
])
def test_ranges_return_exactly_the_bytes_asked(video, member_client, header, start, end):
    r = member_client.get(_url(video), HTTP_RANGE=header)
    assert r.status_code == 206
    assert r["Content-Range"] == f"bytes {start}-{end}/{SIZE}"
    assert _body(r) == DATA[start:end + 1]


def test_no_range_sends_the_whole_file_with_200(video, member_client):
    r = member_client.get(_url(video))
    assert r.status_code == 200
    assert r["Content-Length"] == str(SIZE)
    assert r["Accept-Ranges"] == "bytes"
    assert "Content-Range" not in r
    assert _body(r) == DATA


@pytest.mark.parametrize("header", [f"bytes={SIZE}-", f"bytes={SIZE + 5}-{SIZE + 10}", "bytes=-0"])
def test_range_past_the_end_answers_416_with_the_size(video, member_client, header):
    r = member_client.get(_url(video), HTTP_RANGE=header)
    assert r.status_code == 416
    assert r["Content-Range"] == f"bytes */{SIZE}"


def test_multiple_ranges_are_ignored_and_the_file_sent_whole(video, member_client):
    r = member_client.get(_url(video), HTTP_RANGE="bytes=0-9,20-29")
    assert r.status_code == 200
    assert len(_body(r)) == SIZE


def test_if_range_with_a_stale_etag_sends_the_whole_current_file(video, member_client):
    r = member_client.get(_url(video), HTTP_RANGE="bytes=0-9", HTTP_IF_RANGE='"stale"')
    assert r.status_code == 200
    fresh = member_client.get(_url(video), HTTP_RANGE="bytes=0-9", HTTP_IF_RANGE=f'"{video.video_sha256}"')
    assert fresh.status_code == 206


def test_head_answers_the_headers_without_a_body(video, member_client):
    r = member_client.head(_url(video), HTTP_RANGE="bytes=0-99")
    assert r.status_code == 206
    assert r["Content-Length"] == "100"
    assert _body(r) == b""


def test_bearer_token_plays_the_video(video, tree, make_member, bearer):
    r = Client().get(_url(video), HTTP_RANGE="bytes=0-99", **bearer(make_member(tree.union_a).user))
    assert r.status_code == 206


def test_bad_bearer_token_is_refused(video):
    r = Client().get(_url(video), HTTP_RANGE="bytes=0-99", HTTP_AUTHORIZATION="Bearer nonsense")
    assert r.status_code == 404


@pytest.mark.parametrize("who", ["anonymous", "other_district_member", "non_member", "other_district_staff"])
def test_a_course_for_district_a_is_not_served_to_others(video, tree, make_member, make_user, who):
    c = Client()
    if who == "other_district_member":
        c.force_login(make_member(tree.union_b).user)
    elif who == "non_member":
        c.force_login(make_user())
    elif who == "other_district_staff":
        c.force_login(make_user(roles=[(tree.district_b, "staff")]))
    r = c.get(_url(video), HTTP_RANGE="bytes=0-99")
    assert r.status_code == 404
    assert c.get(f"/training/lessons/{video.pk}/").status_code == 404


def test_staff_in_scope_may_check_a_draft_course_video(tree, make_user):
    draft = make_course(tree.district_a, status="draft")
    c = Client()
    c.force_login(make_user(roles=[(tree.city, "staff")]))
    assert c.get(_url(draft.lessons.get(kind="video")), HTTP_RANGE="bytes=0-1").status_code == 206
    member = Client()
    assert member.get(_url(draft.lessons.get(kind="video"))).status_code == 404


def test_a_public_course_is_served_to_visitors(tree):
    public = make_course(tree.district_a, public=True)
    r = Client().get(_url(public.lessons.get(kind="video")), HTTP_RANGE="bytes=0-99")
    assert r.status_code == 206


def test_a_subtree_audience_keeps_sibling_units_out(tree, make_member):
    narrow = make_course(tree.district_a, audience=tree.union_a)
    lesson = narrow.lessons.get(kind="video")
    inside, sibling = Client(), Client()
    inside.force_login(make_member(tree.union_a).user)
    sibling.force_login(make_member(tree.union_a2).user)
    assert inside.get(_url(lesson), HTTP_RANGE="bytes=0-1").status_code == 206
    assert sibling.get(_url(lesson), HTTP_RANGE="bytes=0-1").status_code == 404


def test_text_lesson_has_no_video(course, member_client):
    text = course.lessons.get(kind="text")
    assert member_client.get(_url(text)).status_code == 404


def test_a_superuser_may_check_any_video(tree, make_user):
    draft = make_course(tree.district_b, status="draft")
    c = Client()
    c.force_login(make_user(is_superuser=True))
    assert c.get(_url(draft.lessons.get(kind="video")), HTTP_RANGE="bytes=0-1").status_code == 206
