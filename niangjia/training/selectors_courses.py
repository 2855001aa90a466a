"""Staff reads of the cloud classroom (course and certificate lists, statistics) and certificate reads. All
scoped to the actor's subtree; each list costs a fixed number of queries."""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone

from niangjia.core import scoping
from niangjia.core.errors import NotFound
from niangjia.training import pdf_courses
from niangjia.training import rules_courses as rules
from niangjia.training.models import Certificate, Course, Enrollment, Lesson, LessonProgress, LessonVisit


def orgs_for_course_form(*, actor, limit: int = 300) -> list:
    """The unions a staff member may open a course for or aim it at (their subtree, top first)."""
    return list(scoping.orgs_visible_to(actor).order_by("path").only("pk", "name", "path")[:limit])


def staff_courses(*, actor, status: str = "") -> QuerySet[Course]:
    """Courses owned by unions in scope, with lesson, learner and completion counts as subqueries."""
    def _count(model, **flt):
        qs = (model.objects.filter(course=OuterRef("pk"), **flt).order_by().values("course")
              .annotate(n=Count("pk")).values("n"))
        return Coalesce(Subquery(qs, output_field=IntegerField()), 0)

    qs = Course.objects.filter(scoping.scope_q(actor, org_field="org"))
    if status in Course.Status.values:
        qs = qs.filter(status=status)
    return (qs.select_related("org", "audience_org")
            .annotate(lesson_count=_count(Lesson), learner_count=_count(Enrollment),
                      completion_count=_count(Enrollment, completed_at__isnull=False)))


def staff_course(*, actor, course_id: int) -> Course:
    course = staff_courses(actor=actor).filter(pk=course_id).first()
    if course is None:
        raise NotFound("未找到该课程，或您无权管理。", code="training.course_not_found")
    return course


def staff_lessons(course: Course) -> list[Lesson]:
    return list(Lesson.objects.filter(course=course).order_by("position", "id"))


def staff_certificates(*, actor) -> QuerySet[Certificate]:
    return (Certificate.objects.filter(scoping.scope_q(actor, org_field="enrollment__course__org"))
            .select_related("enrollment__course", "enrollment__org", "revoked_by"))


def access_certificate_by_id(*, actor, certificate_id: int) -> Certificate:
    """The holder's own certificate, or one of a course in the staff member's scope."""
    q = Q(enrollment__user=actor)
    if scoping.is_everything(actor):
        q = Q()
    elif scoping.has_role(actor):
        q |= scoping.scope_q(actor, org_field="enrollment__course__org")
    cert = (Certificate.objects.filter(q, pk=certificate_id)
            .select_related("enrollment__course__org", "enrollment__user").first())
    if cert is None:
        raise NotFound("未找到该证书，或您无权查看。", code="training.certificate_not_found")
    return cert


@dataclass
class Verification:
    number: str
    holder: str  # masked
    course_title: str
    org_name: str
    issued_at: dt.datetime
    valid: bool
    revoked_at: dt.datetime | None
    revoke_reason: str


def certificate_by_token(token: str) -> Verification | None:
    if not token or len(token) > 40:
        return None
    cert = (Certificate.objects.filter(verify_token=token)
            .select_related("enrollment__course__org").first())
    if cert is None:
        return None
    return Verification(number=cert.number, holder=rules.mask_name(cert.holder_name),
                        course_title=cert.enrollment.course.title, org_name=cert.enrollment.course.org.name,
                        issued_at=cert.issued_at, valid=cert.revoked_at is None, revoked_at=cert.revoked_at,
                        revoke_reason=cert.revoke_reason)


def certificate_pdf_bytes(cert: Certificate, *, verify_url: str) -> bytes:
    seconds = (LessonProgress.objects.filter(enrollment=cert.enrollment)
               .aggregate(s=Coalesce(Sum("watched_seconds"), 0))["s"])
    return pdf_courses.certificate_pdf(number=cert.number, holder_name=cert.holder_name,
                                       course_title=cert.enrollment.course.title, hours=seconds / 3600,
                                       org_name=cert.enrollment.course.org.name, issued_at=cert.issued_at,
                                       verify_url=verify_url)


# --- statistics ------------------------------------------------------------------------------------------


@dataclass
class StatRow:
    key: int | None
    name: str
    visits: int = 0
    learners: int = 0
    completions: int = 0
    seconds: int = 0
    extra: dict = field(default_factory=dict)

    @property
    def hours(self) -> float:
        return round(self.seconds / 3600, 1)


def _window(qs, field_name: str, start: dt.date | None, end: dt.date | None):
    if start:
        qs = qs.filter(**{f"{field_name}__gte": start})
    if end:
        qs = qs.filter(**{f"{field_name}__lt": end})
    return qs


def statistics(*, actor, year: int | None = None) -> dict[str, list[StatRow]]:
    """Learner-visits (one per learner, lesson and day), learners, completions and learning hours, per course
    (courses owned in scope) and per union (learners' unions in scope). Eight grouped queries."""
    start = dt.date(year, 1, 1) if year else None
    end = dt.date(year + 1, 1, 1) if year else None
    start_dt = timezone.make_aware(dt.datetime.combine(start, dt.time.min)) if start else None
    end_dt = timezone.make_aware(dt.datetime.combine(end, dt.time.min)) if end else None
    course_scope = scoping.scope_q(actor, org_field="course__org")
    org_scope = scoping.scope_q(actor, org_field="org")

    by_course: dict[int, StatRow] = {}
    for c in Course.objects.filter(scoping.scope_q(actor, org_field="org")).values("pk", "title").order_by("-pk")[:500]:
        by_course[c["pk"]] = StatRow(key=c["pk"], name=c["title"])
    by_org: dict[int | None, StatRow] = {}

    def _org_row(org_id, name):
        return by_org.setdefault(org_id, StatRow(key=org_id, name=name or "（非会员）"))

    visits = _window(LessonVisit.objects.all(), "day", start, end)
    for row in visits.filter(course_scope).values("course_id").annotate(n=Count("pk")).order_by():
        if row["course_id"] in by_course:
            by_course[row["course_id"]].visits = row["n"]
    for row in visits.filter(org_scope).values("org_id", "org__name").annotate(n=Count("pk")).order_by():
        _org_row(row["org_id"], row["org__name"]).visits = row["n"]

    enrollments = _window(Enrollment.objects.all(), "enrolled_at", start_dt, end_dt)
    completions = _window(Enrollment.objects.filter(completed_at__isnull=False), "completed_at", start_dt, end_dt)
    for qs, attr in ((enrollments, "learners"), (completions, "completions")):
        for row in qs.filter(course_scope).values("course_id").annotate(n=Count("pk")).order_by():
            if row["course_id"] in by_course:
                setattr(by_course[row["course_id"]], attr, row["n"])
        for row in qs.filter(org_scope).values("org_id", "org__name").annotate(n=Count("pk")).order_by():
            setattr(_org_row(row["org_id"], row["org__name"]), attr, row["n"])

    progress = _window(LessonProgress.objects.all(), "updated_at", start_dt, end_dt)
    for row in (progress.filter(scoping.scope_q(actor, org_field="enrollment__course__org"))
                .values("enrollment__course_id").annotate(s=Sum("watched_seconds")).order_by()):
        if row["enrollment__course_id"] in by_course:
            by_course[row["enrollment__course_id"]].seconds = row["s"] or 0
    for row in (progress.filter(scoping.scope_q(actor, org_field="enrollment__org"))
                .values("enrollment__org_id", "enrollment__org__name").annotate(s=Sum("watched_seconds")).order_by()):
        _org_row(row["enrollment__org_id"], row["enrollment__org__name"]).seconds = row["s"] or 0

    courses = sorted(by_course.values(), key=lambda r: (-r.visits, -r.learners, r.name))
    orgs = sorted((r for r in by_org.values() if r.key is not None), key=lambda r: (-r.visits, -r.learners, r.name))
    return {"courses": courses, "orgs": orgs}
