"""The classroom API as issue 16 gives it, called as a real client (bearer token, CSRF enforced), and the
progress that resumes on another device and ends in a certificate."""

import datetime as dt
import json

import pytest
from django.test import Client
from django.utils import timezone

from niangjia.core.models import AuditEvent
from niangjia.training.models import Certificate, Enrollment, LessonProgress
from niangjia.training.services_courses import save_progress
from niangjia.training.tests.courses_fixtures import add_video_lesson, make_course

BASE = "/api/v1/training"


@pytest.fixture
def client():
    return Client(enforce_csrf_checks=True)


def _put(client, url, body, auth):
    return client.put(url, json.dumps(body), content_type="application/json", **auth)


def test_course_list_has_exactly_the_contract_shape(client, course, tree, make_member, bearer):
    video, text = course.lessons.order_by("position")
    make_course(tree.district_b, title="西湖区课程")  # another district: not listed
    r = client.get(f"{BASE}/courses", **bearer(make_member(tree.union_a).user))
    assert r.status_code == 200
    assert r.json() == [{"id": course.pk, "title": "安全生产基础", "lessons": [
        {"id": video.pk, "title": "第一课 安全帽的正确佩戴", "kind": "video",
         "video_url": f"http://testserver/training/lessons/{video.pk}/video/"},
        {"id": text.pk, "title": "第二课 劳动保护用品", "kind": "text", "video_url": None}]}]


def test_video_url_answers_the_range_probe_with_206(client, course, tree, make_member, bearer):
    auth = bearer(make_member(tree.union_a).user)
    url = client.get(f"{BASE}/courses", **auth).json()[0]["lessons"][0]["video_url"]
    r = client.get(url, HTTP_RANGE="bytes=0-99", **auth)
    assert r.status_code == 206
    assert r["Content-Range"].startswith("bytes 0-99/")


def test_course_list_needs_a_login(client, course):
    r = client.get(f"{BASE}/courses")
    assert r.status_code == 401
    assert r.json()["code"] == "unauthorized"


def test_course_list_costs_the_same_queries_for_more_courses(client, tree, make_member, bearer,
                                                              django_assert_num_queries):
    auth = bearer(make_member(tree.union_a).user)
    counts = []
    for n in (3, 6):
        while len(client.get(f"{BASE}/courses", **auth).json()) < n:
            c = make_course(tree.district_a, title=f"课程{n}")
            add_video_lesson(c, title="加课", position=3)
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            assert len(client.get(f"{BASE}/courses", **auth).json()) == n
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]
    assert counts[0] <= 6  # token, token use, membership, courses, lessons (+ savepoint)


def test_session_write_without_csrf_is_refused(client, course, tree, make_member):
    client.force_login(make_member(tree.union_a).user)
    video = course.lessons.get(kind="video")
    r = _put(client, f"{BASE}/lessons/{video.pk}/progress", {"position_seconds": 5}, {})
    assert r.status_code == 403
    assert not LessonProgress.objects.exists()


def test_progress_resumes_on_another_device(client, course, tree, make_member, bearer):
    worker = make_member(tree.union_a).user
    phone, tablet = bearer(worker), bearer(worker)  # two devices, two tokens
    video = course.lessons.get(kind="video")
    r = _put(client, f"{BASE}/lessons/{video.pk}/progress", {"position_seconds": 7}, phone)
    assert r.status_code == 200
    assert r.json()["position_seconds"] == 7
    r = client.get(f"{BASE}/lessons/{video.pk}/progress", **tablet)
    assert r.json()["position_seconds"] == 7
    assert r.json()["completed"] is False
    # The lesson page on a third device (browser session) starts the player there.
    browser = Client()
    browser.force_login(worker)
    page = browser.get(f"/training/lessons/{video.pk}/")
    assert 'data-resume="7"' in page.content.decode()


def test_watching_credits_time_no_faster_than_the_clock(tree, course, make_member):
    worker = make_member(tree.union_a).user
    video = course.lessons.get(kind="video")  # 12 s
    t0 = timezone.now()
    save_progress(actor=worker, lesson_id=video.pk, position_seconds=0, now=t0)
    # Seeking straight to the end 1 s later earns 1 s + slack, not 12 s: not completed.
    p = save_progress(actor=worker, lesson_id=video.pk, position_seconds=12, now=t0 + dt.timedelta(seconds=1))
    assert p.watched_seconds == 4
    assert p.completed_at is None
    assert p.position_seconds == 12


def _watch_whole_video(worker, video, start):
    save_progress(actor=worker, lesson_id=video.pk, position_seconds=0, now=start)
    save_progress(actor=worker, lesson_id=video.pk, position_seconds=10, now=start + dt.timedelta(seconds=10))
    return save_progress(actor=worker, lesson_id=video.pk, position_seconds=12, now=start + dt.timedelta(seconds=12))


def test_completing_every_lesson_issues_one_certificate(client, tree, course, make_member, bearer):
    worker = make_member(tree.union_a, name="王小明").user
    video, text = course.lessons.order_by("position")
    p = _watch_whole_video(worker, video, timezone.now() - dt.timedelta(minutes=5))
    assert p.completed_at is not None and p.watched_seconds == 12
    assert not Certificate.objects.exists()  # the text lesson is still open
    r = _put(client, f"{BASE}/lessons/{text.pk}/progress", {"position_seconds": 0, "finished": True}, bearer(worker))
    assert r.status_code == 200
    body = r.json()
    assert body["completed"] and body["course_completed"]
    cert = Certificate.objects.get()
    assert body["certificate_number"] == cert.number
    assert cert.number == f"YKT{timezone.localdate().year}{cert.pk:06d}"
    assert cert.holder_name == "王小明"
    assert Enrollment.objects.get().completed_at is not None
    assert AuditEvent.objects.filter(action="training.certificate_issue").count() == 1
    # Finishing again issues nothing new.
    _put(client, f"{BASE}/lessons/{text.pk}/progress", {"position_seconds": 0, "finished": True}, bearer(worker))
    assert Certificate.objects.count() == 1


@pytest.mark.parametrize("body", [{"position_seconds": -1}, {"position_seconds": 86401}, {"position_seconds": "x"},
                                  {}])
def test_bad_positions_are_refused_in_chinese(client, course, tree, make_member, bearer, body):
    video = course.lessons.get(kind="video")
    r = _put(client, f"{BASE}/lessons/{video.pk}/progress", body, bearer(make_member(tree.union_a).user))
    assert r.status_code == 422
    assert r.json()["message"]
    assert not LessonProgress.objects.exists()


def test_progress_on_another_districts_lesson_is_404(client, tree, make_member, bearer):
    other = make_course(tree.district_b)
    video = other.lessons.get(kind="video")
    auth = bearer(make_member(tree.union_a).user)
    assert _put(client, f"{BASE}/lessons/{video.pk}/progress", {"position_seconds": 3}, auth).status_code == 404
    assert client.get(f"{BASE}/lessons/{video.pk}/progress", **auth).status_code == 404
    assert not LessonProgress.objects.exists()


def test_draft_course_progress_is_refused(client, tree, make_user, bearer):
    draft = make_course(tree.district_a, status="draft")
    staff = make_user(roles=[(tree.district_a, "staff")])
    r = _put(client, f"{BASE}/lessons/{draft.lessons.first().pk}/progress", {"position_seconds": 1}, bearer(staff))
    assert r.status_code == 409
    assert not Enrollment.objects.exists()
