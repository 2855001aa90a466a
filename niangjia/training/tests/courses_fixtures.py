"""Fixtures of the cloud classroom tests: a published course of the district A federation with a real MP4
lesson (the committed 12-second demo clip) and a text lesson."""

from pathlib import Path

import pytest
from django.core.files.base import ContentFile

from niangjia.core.services.tokens import issue_token
from niangjia.training.models import Course, Lesson

DEMO_MP4 = Path(__file__).resolve().parent.parent / "demo_media" / "lesson.mp4"


def add_video_lesson(course, title="第一课 安全帽的正确佩戴", position=1, data: bytes | None = None) -> Lesson:
    data = DEMO_MP4.read_bytes() if data is None else data
    lesson = Lesson(course=course, title=title, kind="video", position=position, video_size=len(data),
                    duration_seconds=12, video_sha256="a" * 64)
    lesson.video.save(f"test-{course.pk}-{position}.mp4", ContentFile(data), save=False)
    lesson.save()
    return lesson


def make_course(org, *, title="安全生产基础", audience=None, public=False, status="published", video=True, text=True,
                keywords="安全 电工", category="safety"):
    course = Course.objects.create(title=title, category=category, level="beginner", org=org, audience_org=audience,
                                   public=public, status=status, keywords=keywords, summary="车间安全常识")
    if video:
        add_video_lesson(course)
    if text:
        Lesson.objects.create(course=course, title="第二课 劳动保护用品", kind="text", body="正文", position=2)
    return course


@pytest.fixture
def course(tree):
    return make_course(tree.district_a)


@pytest.fixture
def bearer():
    def _auth(user):
        raw, _token = issue_token(actor=user, user=user, name="test")
        return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}

    return _auth
