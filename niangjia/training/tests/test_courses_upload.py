"""Staff upload MP4s in chunks that resume after a dropped connection, within a size limit; the duration is
read from the file's movie header."""

import io

import pytest
from django.test import Client, override_settings

from niangjia.training import mp4
from niangjia.training.models import Lesson, VideoUpload
from niangjia.training.tests.courses_fixtures import DEMO_MP4, make_course

DATA = DEMO_MP4.read_bytes()


@pytest.fixture
def staff_client(tree, make_user):
    c = Client(enforce_csrf_checks=False)
    c.force_login(make_user(roles=[(tree.district_a, "staff")]))
    return c


@pytest.fixture
def empty_video_lesson(tree):
    course = make_course(tree.district_a, video=False, text=False, status="draft")
    return Lesson.objects.create(course=course, title="视频课", kind="video")


def _start(c, lesson, total):
    return c.post(f"/training/workbench/lessons/{lesson.pk}/uploads/", {"total": total})


def _put(c, url, offset, data):
    return c.generic("PUT", url, data, content_type="application/octet-stream", HTTP_UPLOAD_OFFSET=str(offset))


def test_demo_clip_duration_from_the_movie_header():
    info = mp4.read_info(io.BytesIO(DATA), len(DATA))
    assert round(info.duration_seconds) == 12  # generated as a 12-second clip
    assert info.fast_start


def test_moov_after_mdat_is_read_too():
    # Rebuild the file as ftyp + mdat + moov (what a camera writes before "fast start").
    boxes, offset = {}, 0
    while offset < len(DATA):
        size = int.from_bytes(DATA[offset:offset + 4], "big")
        boxes[DATA[offset + 4:offset + 8]] = DATA[offset:offset + size]
        offset += size
    reordered = boxes[b"ftyp"] + boxes[b"mdat"] + boxes[b"moov"]
    info = mp4.read_info(io.BytesIO(reordered), len(reordered))
    assert round(info.duration_seconds) == 12 and not info.fast_start


@pytest.mark.parametrize("data", [b"", b"%PDF-1.4 not a video", DATA[:200], b"\x00\x00\x00\x14ftypqt  \x00\x00\x00\x00qt  "])
def test_non_mp4_is_refused(data):
    with pytest.raises(mp4.NotMp4):
        mp4.read_info(io.BytesIO(data), len(data))


def test_chunked_upload_resumes_and_sets_duration(staff_client, empty_video_lesson, settings):
    r = _start(staff_client, empty_video_lesson, len(DATA))
    assert r.status_code == 201
    url, chunk = r.json()["url"], 64 * 1024
    assert _put(staff_client, url, 0, DATA[:chunk]).json()["received"] == chunk
    # The connection drops; the client asks where to continue.
    assert staff_client.get(url).json() == {**r.json(), "received": chunk}
    # A replay of the first chunk is refused with where to continue; nothing is appended twice.
    replay = _put(staff_client, url, 0, DATA[:chunk])
    assert replay.status_code == 409 and replay.json()["details"]["received"] == chunk
    offset = chunk
    while offset < len(DATA):
        r = _put(staff_client, url, offset, DATA[offset:offset + chunk])
        assert r.status_code == 200
        offset = r.json()["received"]
    assert r.json()["status"] == "done"
    lesson = Lesson.objects.get(pk=empty_video_lesson.pk)
    assert lesson.duration_seconds == 12 and lesson.video_size == len(DATA)
    with lesson.video.open("rb") as f:
        assert f.read() == DATA


@override_settings(NIANGJIA_VIDEO_MAX_BYTES=1000)
def test_size_limit_is_refused_before_any_byte(staff_client, empty_video_lesson):
    r = _start(staff_client, empty_video_lesson, 1001)
    assert r.status_code == 422
    assert "不能超过" in r.json()["message"]
    assert not VideoUpload.objects.exists()


def test_a_file_that_is_not_mp4_fails_and_leaves_the_lesson_empty(staff_client, empty_video_lesson):
    junk = b"%PDF-1.4" + b"x" * 1000
    url = _start(staff_client, empty_video_lesson, len(junk)).json()["url"]
    r = _put(staff_client, url, 0, junk)
    assert r.status_code == 422 and r.json()["code"] == "training.not_mp4"
    assert VideoUpload.objects.get().status == "failed"
    assert not Lesson.objects.get(pk=empty_video_lesson.pk).video


def test_other_district_staff_cannot_upload_or_resume(tree, make_user, staff_client, empty_video_lesson):
    url = _start(staff_client, empty_video_lesson, len(DATA)).json()["url"]
    other = Client()
    other.force_login(make_user(roles=[(tree.district_b, "staff")]))
    assert _start(other, empty_video_lesson, 10).status_code == 404
    assert other.get(url).status_code == 404
    assert _put(other, url, 0, DATA[:100]).status_code == 404
    assert VideoUpload.objects.get().received == 0


def test_upload_needs_csrf_for_the_session(tree, make_user, empty_video_lesson):
    c = Client(enforce_csrf_checks=True)
    c.force_login(make_user(roles=[(tree.district_a, "staff")]))
    assert _start(c, empty_video_lesson, 100).status_code == 403


def test_abandoned_uploads_are_swept_after_a_day(staff_client, empty_video_lesson):
    import datetime as dt

    from django.utils import timezone

    from niangjia.training.services_courses import _partial_dir, sweep_abandoned_uploads

    url = _start(staff_client, empty_video_lesson, len(DATA)).json()["url"]
    _put(staff_client, url, 0, DATA[:1000])
    upload = VideoUpload.objects.get()
    part = _partial_dir() / f"{upload.token}.part"
    assert part.stat().st_size == 1000
    assert sweep_abandoned_uploads(now=timezone.now() + dt.timedelta(hours=23)) == 0
    assert sweep_abandoned_uploads(now=timezone.now() + dt.timedelta(hours=25)) == 1
    assert VideoUpload.objects.get().status == "failed" and not part.exists()
    assert _put(staff_client, url, 1000, DATA[1000:2000]).status_code == 409


def test_pdf_lesson_is_added_and_served(tree, make_user, make_member):
    from django.core.files.uploadedfile import SimpleUploadedFile

    course = make_course(tree.district_a, video=False, text=True)
    staff = Client()
    staff.force_login(make_user(roles=[(tree.district_a, "staff")]))
    pdf = b"%PDF-1.4\n" + b"0" * 2000
    staff.post(f"/training/workbench/courses/{course.pk}/lessons/",
               {"title": "安全手册", "kind": "pdf", "pdf": SimpleUploadedFile("手册.pdf", pdf)})
    lesson = Lesson.objects.get(kind="pdf")
    worker = Client()
    worker.force_login(make_member(tree.union_a).user)
    r = worker.get(f"/training/lessons/{lesson.pk}/pdf/", HTTP_RANGE="bytes=0-7")
    assert r.status_code == 206 and b"".join(r.streaming_content) == b"%PDF-1.4"
    # A disguised file is refused and no lesson is added.
    staff.post(f"/training/workbench/courses/{course.pk}/lessons/",
               {"title": "假PDF", "kind": "pdf", "pdf": SimpleUploadedFile("x.pdf", b"MZ not a pdf")})
    assert not Lesson.objects.filter(title="假PDF").exists()


def _some_ffmpeg():
    import glob
    import shutil

    found = shutil.which("ffmpeg") or sorted(glob.glob("/tmp/ffvenv/lib/python3*/site-packages/imageio_ffmpeg/binaries/ffmpeg-*"))
    return found if isinstance(found, str) else (found[0] if found else None)


def test_without_ffmpeg_no_poster_is_cut_and_staff_upload_one(tree, make_user, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from niangjia.training.services_courses import make_poster
    from niangjia.training.tests.courses_fixtures import add_video_lesson

    settings.NIANGJIA_FFMPEG = "/nonexistent/ffmpeg"
    course = make_course(tree.district_a, video=False, text=False)
    lesson = add_video_lesson(course)
    assert make_poster(lesson_id=lesson.pk) is False
    staff = Client()
    staff.force_login(make_user(roles=[(tree.district_a, "staff")]))
    jpg = (DEMO_MP4.parent / "poster.jpg").read_bytes()
    staff.post(f"/training/workbench/lessons/{lesson.pk}/poster/", {"poster": SimpleUploadedFile("封面.jpg", jpg)})
    lesson.refresh_from_db()
    assert lesson.poster
    r = staff.get(f"/training/lessons/{lesson.pk}/poster/")
    assert r.status_code == 200 and r["Content-Type"] == "image/jpeg"


@pytest.mark.skipif(_some_ffmpeg() is None, reason="no ffmpeg binary on this machine")
def test_with_ffmpeg_the_poster_frame_is_cut_from_the_video(tree, settings):
    from niangjia.training.services_courses import make_poster
    from niangjia.training.tests.courses_fixtures import add_video_lesson

    settings.NIANGJIA_FFMPEG = _some_ffmpeg()
    lesson = add_video_lesson(make_course(tree.district_a, video=False, text=False))
    assert make_poster(lesson_id=lesson.pk) is True
    lesson.refresh_from_db()
    with lesson.poster.open("rb") as f:
        assert f.read(3) == b"\xff\xd8\xff"  # a JPEG
