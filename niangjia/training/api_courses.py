"""Cloud classroom API under /api/v1/training/. The phone client and the load tests use the course list shape
exactly (issue 16): `[{id, title, lessons: [{id, title, kind, video_url}]}]`; `video_url` serves Range."""

from django.urls import reverse
from ninja import Field, Router, Schema

from niangjia.training import selectors, services_courses

router = Router(tags=["云课堂"])


class TrainingLessonOut(Schema):
    id: int
    title: str
    kind: str = Field(description="video / pdf / text")
    video_url: str | None = Field(description="视频地址（支持 Range 请求，206 分段返回）；非视频课时为 null")


class TrainingCourseOut(Schema):
    id: int
    title: str
    lessons: list[TrainingLessonOut]


class TrainingProgressIn(Schema):
    position_seconds: int = Field(ge=0, le=86400, description="视频播放到的秒数")
    finished: bool = Field(False, description="PDF/图文课时：学完了")


class TrainingProgressOut(Schema):
    lesson_id: int
    position_seconds: int
    watched_seconds: int
    completed: bool
    course_completed: bool
    certificate_number: str | None


@router.get("/courses", response=list[TrainingCourseOut], summary="我能学的课程及其课时")
def courses(request):
    out = []
    for course in selectors.courses_with_lessons(actor=request.auth):
        lessons = [TrainingLessonOut(
            id=lesson.pk, title=lesson.title, kind=lesson.kind,
            video_url=(request.build_absolute_uri(reverse("training:lesson_video", args=[lesson.pk]))
                       if lesson.kind == "video" and lesson.video else None))
            for lesson in course.lessons.all()]
        out.append(TrainingCourseOut(id=course.pk, title=course.title, lessons=lessons))
    return out


def _progress_out(lesson_id: int, progress) -> TrainingProgressOut:
    enrollment = progress.enrollment if progress is not None else None
    cert = getattr(enrollment, "certificate", None) if enrollment is not None and enrollment.completed_at else None
    return TrainingProgressOut(
        lesson_id=lesson_id, position_seconds=progress.position_seconds if progress else 0,
        watched_seconds=progress.watched_seconds if progress else 0,
        completed=bool(progress and progress.completed_at), course_completed=bool(enrollment and enrollment.completed_at),
        certificate_number=cert.number if cert else None)


@router.get("/lessons/{lesson_id}/progress", response=TrainingProgressOut,
            summary="本课时的学习进度（换一台设备也从这里继续）")
def lesson_progress(request, lesson_id: int):
    return _progress_out(lesson_id, selectors.progress_of(actor=request.auth, lesson_id=lesson_id))


@router.put("/lessons/{lesson_id}/progress", response=TrainingProgressOut,
            summary="保存播放位置（播放器每 10 秒一次）；学完全部课时自动发结业证书")
def save_progress(request, lesson_id: int, payload: TrainingProgressIn):
    services_courses.save_progress(actor=request.auth, lesson_id=lesson_id,
                                   position_seconds=payload.position_seconds, finished=payload.finished)
    return _progress_out(lesson_id, selectors.progress_of(actor=request.auth, lesson_id=lesson_id))
