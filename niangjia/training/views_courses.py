"""Worker pages of the cloud classroom (phone first): course list, course, lesson with the resuming player,
my courses and certificates; the lesson files (video with Range, PDF, poster) and the public certificate check."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from niangjia.core import selectors as core_selectors
from niangjia.core.errors import DomainError, NotFound
from niangjia.core.services import tokens
from niangjia.core.views import member_login_required
from niangjia.training import media_courses, selectors, selectors_courses, services_courses
from niangjia.training.choices_courses import CourseCategory, LessonKind


def _viewer(request):
    """The session user, or the user of a bearer token (the phone app plays `video_url` with its token)."""
    header = request.headers.get("Authorization", "")
    if header[:7].lower() == "bearer ":
        api_token = core_selectors.live_api_token(header[7:].strip())
        if api_token is None:
            return None
        tokens.mark_used(api_token)
        return api_token.user
    return request.user


def home(request):
    category = request.GET.get("category", "")
    if category not in CourseCategory.values:
        category = ""
    courses = list(selectors.courses_for_learner(actor=request.user, category=category)[:100])
    mine = {e.course_id: e for e in selectors.my_enrollments(user=request.user)}
    for course in courses:
        course.my_enrollment = mine.get(course.pk)
    return render(request, "training/courses/home.html", {
        "courses": courses, "category": category, "categories": CourseCategory.choices,
    })


def course(request, course_id: int):
    try:
        the_course = selectors.access_course_by_id(actor=request.user, course_id=course_id)
    except NotFound as exc:
        raise Http404(exc.message) from None
    lessons = selectors.lessons_of(the_course)
    enrollment = selectors.enrollment_of(user=request.user, course_id=the_course.pk)
    progress = selectors.progress_by_lesson(enrollment)
    for lesson in lessons:
        lesson.my_progress = progress.get(lesson.pk)
    certificate = getattr(enrollment, "certificate", None) if enrollment else None
    return render(request, "training/courses/course.html", {
        "course": the_course, "lessons": lessons, "enrollment": enrollment, "certificate": certificate,
        "done": sum(1 for p in progress.values() if p.completed_at),
    })


@member_login_required
@require_POST
def enroll(request, course_id: int):
    try:
        services_courses.enroll(actor=request.user, course_id=course_id)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("You have joined the course. Start with the first lesson."))
    return redirect("training:course", course_id)


def lesson(request, lesson_id: int):
    try:
        the_lesson = selectors.access_lesson_by_id(actor=request.user, lesson_id=lesson_id)
    except NotFound as exc:
        raise Http404(exc.message) from None
    services_courses.record_visit(actor=request.user, lesson=the_lesson, today=timezone.localdate())
    enrollment = selectors.enrollment_of(user=request.user, course_id=the_lesson.course_id)
    progress = selectors.progress_by_lesson(enrollment).get(the_lesson.pk)
    lessons = selectors.lessons_of(the_lesson.course)
    index = next((i for i, x in enumerate(lessons) if x.pk == the_lesson.pk), 0)
    return render(request, "training/courses/lesson.html", {
        "lesson": the_lesson, "course": the_lesson.course, "progress": progress,
        "next_lesson": lessons[index + 1] if index + 1 < len(lessons) else None,
        "position": progress.position_seconds if progress else 0,
        "certificate": getattr(enrollment, "certificate", None) if enrollment else None,
        "can_learn": request.user.is_authenticated and the_lesson.course.status == "published",
    })


@member_login_required
@require_POST
def lesson_done(request, lesson_id: int):
    """A PDF or text lesson read to the end: the learner says so."""
    try:
        services_courses.save_progress(actor=request.user, lesson_id=lesson_id, position_seconds=0, finished=True)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("training:lesson", lesson_id)
    the_lesson = selectors.access_lesson_by_id(actor=request.user, lesson_id=lesson_id)
    messages.success(request, _("Lesson completed."))
    return redirect("training:course", the_lesson.course_id)


def _lesson_for_file(request, lesson_id: int):
    try:
        return selectors.access_lesson_by_id(actor=_viewer(request), lesson_id=lesson_id)
    except NotFound as exc:
        raise Http404(exc.message) from None


@require_http_methods(["GET", "HEAD"])
def lesson_video(request, lesson_id: int):
    the_lesson = _lesson_for_file(request, lesson_id)
    if the_lesson.kind != LessonKind.VIDEO or not the_lesson.video:
        raise Http404
    return media_courses.ranged_response(request, the_lesson.video, size=the_lesson.video_size,
                                         content_type="video/mp4", etag=the_lesson.video_sha256)


@require_http_methods(["GET", "HEAD"])
def lesson_pdf(request, lesson_id: int):
    the_lesson = _lesson_for_file(request, lesson_id)
    if not the_lesson.pdf:
        raise Http404
    return media_courses.ranged_response(request, the_lesson.pdf, size=the_lesson.pdf.size,
                                         content_type="application/pdf", filename=f"lesson-{the_lesson.pk}.pdf")


@require_http_methods(["GET", "HEAD"])
def lesson_poster(request, lesson_id: int):
    the_lesson = _lesson_for_file(request, lesson_id)
    if not the_lesson.poster:
        raise Http404
    kind = "image/png" if the_lesson.poster.name.endswith(".png") else "image/jpeg"
    return media_courses.ranged_response(request, the_lesson.poster, size=the_lesson.poster.size, content_type=kind)


@member_login_required
def mine(request):
    return render(request, "training/courses/mine.html",
                  {"enrollments": selectors.my_enrollments(user=request.user)})


@member_login_required
def certificate_pdf(request, certificate_id: int):
    cert = selectors_courses.access_certificate_by_id(actor=request.user, certificate_id=certificate_id)
    verify_url = request.build_absolute_uri(reverse("training:verify", args=[cert.verify_token]))
    data = selectors_courses.certificate_pdf_bytes(cert, verify_url=verify_url)
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="certificate-{cert.number}.pdf"'
    return response


def verify(request, token: str):
    """Public: anyone who scans the QR sees whether the certificate is genuine and still valid."""
    cert = selectors_courses.certificate_by_token(token)
    return render(request, "training/courses/verify.html", {"cert": cert}, status=200 if cert else 404)
