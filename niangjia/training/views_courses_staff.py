"""Workbench pages of the cloud classroom: courses (grid), one course with its lessons and the chunked video
upload, certificates (revocation) and statistics with charts and Excel."""

from django.contrib import messages
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from niangjia.core import exports
from niangjia.core.errors import DomainError, Invalid
from niangjia.core.grid import Col, Empty, Filter, build_grid
from niangjia.core.submissions import submit_once
from niangjia.core.views import staff_required
from niangjia.training import selectors_courses, services_courses
from niangjia.training.choices_courses import CourseCategory, CourseStatus
from niangjia.training.forms_courses import CourseForm, LessonForm


def _orgs(actor):
    return selectors_courses.orgs_for_course_form(actor=actor)


@staff_required
def workbench(request):
    status = request.GET.get("status", "")
    courses = selectors_courses.staff_courses(actor=request.user, status=status)
    grid = build_grid(
        request, courses, row_template="training/courses/_course_row.html", grid_id="courses",
        columns=[Col(_("No."), sort="id"), Col(_("Course"), sort="title"), Col(_("Category")), Col(_("Union")),
                 Col(_("Status")), Col(_("Lessons"), align="end"), Col(_("Learners"), sort="learner_count", align="end"),
                 Col(_("Completed"), sort="completion_count", align="end")],
        search=("title__icontains", "keywords__icontains", "=pk"), search_placeholder=_("Course title or no."),
        filters=[Filter("status", _("Status"), CourseStatus.choices, all_label=_("All"))],
        empty=Empty(_("No courses yet."), _("New course"), reverse("training:course_new")),
    )
    return render(request, "training/courses/workbench.html", {"grid": grid})


@staff_required
@submit_once("training.course")
def course_new(request):
    orgs = _orgs(request.user)
    form = CourseForm(request.POST or None, orgs=orgs)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            course = services_courses.create_course(
                actor=request.user, org_id=d["org"], title=d["title"], category=d["category"], level=d["level"],
                summary=d["summary"], keywords=d["keywords"], audience_org_id=d["audience_org"], public=d["public"])
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Course created. Add its lessons, then publish it."))
            return redirect("training:course_manage", course.pk)
    return render(request, "training/courses/course_new.html", {"form": form})


@staff_required
def course_manage(request, course_id: int):
    course = selectors_courses.staff_course(actor=request.user, course_id=course_id)
    return render(request, "training/courses/course_manage.html", {
        "course": course, "lessons": selectors_courses.staff_lessons(course), "form": LessonForm(),
        "max_mb": services_courses.video_max_bytes() // (1024 * 1024), "max_bytes": services_courses.video_max_bytes(),
        "chunk_bytes": services_courses.chunk_bytes(),
    })


@staff_required
@require_POST
def course_status(request, course_id: int):
    try:
        services_courses.set_course_status(actor=request.user, course_id=course_id,
                                           status=request.POST.get("status", ""))
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Course status changed."))
    return redirect("training:course_manage", course_id)


@staff_required
@require_POST
@submit_once("training.lesson")
def lesson_add(request, course_id: int):
    form = LessonForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Please fill in the lesson title and kind."))
        return redirect("training:course_manage", course_id)
    d = form.cleaned_data
    try:
        services_courses.add_lesson(actor=request.user, course_id=course_id, title=d["title"], kind=d["kind"],
                                    body=d["body"], pdf=d["pdf"])
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Lesson added."))
    return redirect("training:course_manage", course_id)


@staff_required
@require_POST
def poster_upload(request, lesson_id: int):
    image = request.FILES.get("poster")
    try:
        if image is None:
            raise Invalid("请选择封面图片。", code="training.poster_missing")
        lesson = services_courses.set_poster(actor=request.user, lesson_id=lesson_id, image=image)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("training:workbench")
    messages.success(request, _("Poster saved."))
    return redirect("training:course_manage", lesson.course_id)


def _json_error(exc: DomainError) -> JsonResponse:
    return JsonResponse({"code": exc.code, "message": exc.message, "details": exc.details}, status=exc.status,
                        json_dumps_params={"ensure_ascii": False})


def _upload_state(upload) -> dict:
    return {"token": upload.token, "received": upload.received, "total": upload.total, "status": upload.status,
            "chunk_bytes": services_courses.chunk_bytes(),
            "url": reverse("training:upload_chunk", args=[upload.token])}


@staff_required
@require_POST
def upload_start(request, lesson_id: int):
    """Start a resumable upload: `total` bytes announced; answers the token and where to send chunks."""
    try:
        total = int(request.POST.get("total", ""))
    except ValueError:
        return JsonResponse({"code": "invalid", "message": "请告诉服务器文件大小。", "details": {}}, status=422,
                            json_dumps_params={"ensure_ascii": False})
    try:
        upload = services_courses.start_video_upload(actor=request.user, lesson_id=lesson_id, total=total)
    except DomainError as exc:
        return _json_error(exc)
    return JsonResponse(_upload_state(upload), status=201)


@staff_required
@require_http_methods(["GET", "PUT"])
def upload_chunk(request, token: str):
    """GET: how many bytes arrived (to resume after a dropped connection). PUT: one chunk, raw bytes in the
    body, its position in the `Upload-Offset` header."""
    try:
        if request.method == "GET":
            upload = services_courses.access_upload(actor=request.user, token=token)
        else:
            try:
                offset = int(request.headers.get("Upload-Offset", ""))
            except ValueError:
                return JsonResponse({"code": "invalid", "message": "缺少分片位置（Upload-Offset）。", "details": {}},
                                    status=422, json_dumps_params={"ensure_ascii": False})
            upload = services_courses.append_video_chunk(actor=request.user, token=token, offset=offset,
                                                         data=request.body)
    except DomainError as exc:
        return _json_error(exc)
    return JsonResponse(_upload_state(upload))


@staff_required
def certificates(request):
    grid = build_grid(
        request, selectors_courses.staff_certificates(actor=request.user), grid_id="certificates",
        row_template="training/courses/_certificate_row.html",
        columns=[Col(_("Certificate no."), sort="number"), Col(_("Holder")), Col(_("Course")), Col(_("Union")),
                 Col(_("Issued"), sort="issued_at"), Col(_("Status")), Col("")],
        default_sort="-issued_at",
        search=("number__icontains", "enrollment__course__title__icontains", "holder_name__startswith"),
        search_placeholder=_("Certificate no., course or holder"),
        empty=Empty(_("No certificates yet. They are issued when a learner completes every lesson.")),
    )
    return render(request, "training/courses/certificates.html", {"grid": grid})


@staff_required
@require_POST
def certificate_revoke(request, certificate_id: int):
    try:
        cert = services_courses.revoke_certificate(actor=request.user, certificate_id=certificate_id,
                                                   reason=request.POST.get("reason", ""))
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Certificate %(number)s revoked.") % {"number": cert.number})
    return redirect("training:certificates")


@staff_required
def stats(request):
    this_year = timezone.localdate().year
    try:
        year = int(request.GET.get("year") or this_year)
    except ValueError:
        year = this_year
    if not 2000 <= year <= this_year + 1:
        year = this_year
    data = selectors_courses.statistics(actor=request.user, year=year)
    export = request.GET.get("export", "")
    if export in ("courses", "orgs"):
        rows = data[export]
        first = _("Course") if export == "courses" else _("Union")
        return exports.export_response(
            subject=_("Classroom statistics by course") if export == "courses" else _("Classroom statistics by union"),
            org_name=exports.actor_org_name(request.user), filters={_("Year"): year},
            columns=exports.columns(first, (_("Learner-visits"), exports.INTEGER), (_("Learners"), exports.INTEGER),
                                    (_("Completions"), exports.INTEGER), (_("Hours"), exports.NUMBER)),
            rows=([r.name, r.visits, r.learners, r.completions, r.hours] for r in rows))
    chart = {"courses": [{"name": r.name, "visits": r.visits, "completions": r.completions, "hours": r.hours}
                         for r in data["courses"][:15]],
             "orgs": [{"name": r.name, "visits": r.visits, "completions": r.completions, "hours": r.hours}
                      for r in data["orgs"][:15]],
             "labels": {"visits": _("Learner-visits"), "completions": _("Completions"), "hours": _("Hours")}}
    return render(request, "training/courses/stats.html", {
        "year": year, "years": list(range(this_year, this_year - 5, -1)), "data": data, "chart": chart,
        "totals": {k: sum(getattr(r, k) for r in data["courses"]) for k in ("visits", "learners", "completions")},
        "total_hours": round(sum(r.seconds for r in data["courses"]) / 3600, 1),
        "categories": dict(CourseCategory.choices),
    })
