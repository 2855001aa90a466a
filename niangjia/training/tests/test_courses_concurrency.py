"""The classroom under real parallel transactions (PostgreSQL): two devices finishing the last lesson at once
issue one certificate; parallel first heartbeats make one enrolment and one progress row; a chunk sent twice at
once is appended once."""

import datetime as dt
import threading

import pytest
from django.db import connection
from django.utils import timezone

from niangjia.conftest import requires_postgres
from niangjia.core.errors import DomainError
from niangjia.training.models import Certificate, Enrollment, Lesson, LessonProgress, VideoUpload
from niangjia.training.services_courses import append_video_chunk, save_progress, start_video_upload
from niangjia.training.tests.courses_fixtures import DEMO_MP4, make_course

WORKERS = 8


def _parallel(job, n=WORKERS):
    barrier = threading.Barrier(n)
    results, lock = [], threading.Lock()

    def run():
        try:
            barrier.wait()
            try:
                out = job()
            except DomainError as exc:
                out = exc.code
            except Exception as exc:  # noqa: BLE001 - any other failure shows in the results
                out = repr(exc)
            with lock:
                results.append(out)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return results


@requires_postgres
@pytest.mark.django_db(transaction=True)
def test_devices_finishing_the_last_lesson_at_once_get_one_certificate(tree, make_member):
    course = make_course(tree.district_a)
    worker = make_member(tree.union_a).user
    video, text = course.lessons.order_by("position")
    t = timezone.now() - dt.timedelta(minutes=5)
    for pos in (0, 10, 12):
        save_progress(actor=worker, lesson_id=video.pk, position_seconds=pos, now=t + dt.timedelta(seconds=pos))
    results = _parallel(lambda: save_progress(actor=worker, lesson_id=text.pk, position_seconds=0, finished=True))
    assert all(isinstance(r, LessonProgress) for r in results), results
    assert Certificate.objects.count() == 1
    assert Enrollment.objects.get().completed_at is not None


@requires_postgres
@pytest.mark.django_db(transaction=True)
def test_parallel_first_heartbeats_make_one_enrolment_and_one_progress_row(tree, make_member):
    course = make_course(tree.district_a)
    worker = make_member(tree.union_a).user
    video = course.lessons.get(kind="video")
    results = _parallel(lambda: save_progress(actor=worker, lesson_id=video.pk, position_seconds=3))
    assert all(isinstance(r, LessonProgress) for r in results), results
    assert Enrollment.objects.count() == 1 and LessonProgress.objects.count() == 1


@requires_postgres
@pytest.mark.django_db(transaction=True)
def test_the_same_chunk_sent_twice_at_once_is_appended_once(tree, make_user):
    staff = make_user(roles=[(tree.district_a, "staff")])
    course = make_course(tree.district_a, video=False, text=False, status="draft")
    lesson = Lesson.objects.create(course=course, title="视频", kind="video")
    data = DEMO_MP4.read_bytes()
    upload = start_video_upload(actor=staff, lesson_id=lesson.pk, total=len(data))
    results = _parallel(lambda: append_video_chunk(actor=staff, token=upload.token, offset=0, data=data[:50_000]), n=4)
    assert sorted(r if isinstance(r, str) else "ok" for r in results) == ["ok", *["training.chunk_offset"] * 3]
    assert VideoUpload.objects.get().received == 50_000
    append_video_chunk(actor=staff, token=upload.token, offset=50_000, data=data[50_000:])
    lesson.refresh_from_db()
    with lesson.video.open("rb") as f:
        assert f.read() == data
