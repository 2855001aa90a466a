"""Reads of the cloud classroom that other apps may call (jobs asks for courses for a 1-3-1 packet), and the
learner's view of courses. Staff lists and statistics are in selectors_courses.py.

Who sees a published course as a learner: anyone if it is open to visitors; otherwise members whose union
lies in its audience: the owning union's whole subtree, or a subtree of it chosen by staff. Staff whose scope
covers the owning union see the course in any status (to prepare and check it)."""

from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet

from niangjia.core import scoping, selectors
from niangjia.core.errors import NotFound
from niangjia.training import rules_courses as rules
from niangjia.training.models import Course, Enrollment, Lesson, LessonProgress


@dataclass(frozen=True)
class CourseSuggestion:
    """A course offered to a worker (the "1" course of a 1-3-1 packet)."""

    id: int
    title: str
    category: str  # the category's label, in the active language
    level: str
    url: str  # the worker's course page
    score: int


def learner_q(actor) -> Q:
    """Published courses this person may take as a learner: open to visitors, or the person's union lies in
    the course's audience (the owning union's whole subtree when no audience subtree is set)."""
    audience = Q(public=True)
    if actor is not None and getattr(actor, "is_authenticated", False):
        membership = selectors.active_membership_of(actor)
        if membership is not None:
            ancestors = membership.org.ancestor_paths()
            audience |= Q(audience_org__isnull=True, org__path__in=ancestors)
            audience |= Q(audience_org__path__in=ancestors)
    return Q(status=Course.Status.PUBLISHED) & audience


def _viewer_q(actor) -> Q:
    """Learner access, or staff in scope of the owning union (any status)."""
    if scoping.is_everything(actor):
        return Q()  # `q | Q()` would drop the empty Q, not widen to everything
    q = learner_q(actor)
    if actor is not None and getattr(actor, "is_authenticated", False) and scoping.has_role(actor):
        q |= scoping.scope_q(actor, org_field="org")
    return q


def courses_for_learner(*, actor, category: str = "") -> QuerySet[Course]:
    qs = Course.objects.filter(learner_q(actor)).select_related("org")
    if category:
        qs = qs.filter(category=category)
    return qs.order_by("-id")


def courses_with_lessons(*, actor) -> list[Course]:
    """The API list: visible courses with their lessons in two queries (plus the membership lookup)."""
    lessons = Prefetch("lessons", queryset=Lesson.objects.order_by("position", "id"))
    return list(Course.objects.filter(learner_q(actor)).prefetch_related(lessons).order_by("-id")[:200])


def courses_for_keywords(user, keywords: list[str], limit: int = 3) -> list[CourseSuggestion]:
    """Courses visible to `user`, best keyword match first (title 3, keywords/category 2, summary 1 per word);
    courses matching no keyword are left out. Two or three queries whatever the number of courses."""
    from django.urls import reverse

    words = rules.normalise_keywords(keywords)
    if not words or limit <= 0:
        return []
    labels = {value: str(label) for value, label in Course.Category.choices}
    text_q = Q()
    for word in words:
        text_q |= Q(title__icontains=word) | Q(keywords__icontains=word) | Q(summary__icontains=word)
        text_q |= Q(category__in=[v for v, label in labels.items() if word in label.lower()])
    candidates = (Course.objects.filter(learner_q(user)).filter(text_q)
                  .only("id", "title", "keywords", "summary", "category", "level").order_by("-id")[:500])
    scored = []
    for course in candidates:
        score = rules.keyword_score(keywords=words, title=course.title, course_keywords=course.keywords,
                                    summary=course.summary, category_label=labels.get(course.category, ""))
        if score > 0:
            scored.append((score, course))
    scored.sort(key=lambda pair: (-pair[0], -pair[1].pk))
    return [CourseSuggestion(id=c.pk, title=c.title, category=labels.get(c.category, ""),
                             level=str(c.get_level_display()), url=reverse("training:course", args=[c.pk]),
                             score=score)
            for score, c in scored[:limit]]


def access_course_by_id(*, actor, course_id: int) -> Course:
    course = Course.objects.filter(_viewer_q(actor), pk=course_id).select_related("org", "audience_org").first()
    if course is None:
        raise NotFound("未找到该课程，或您无权查看。", code="training.course_not_found")
    return course


def access_lesson_by_id(*, actor, lesson_id: int) -> Lesson:
    lesson = (Lesson.objects.filter(pk=lesson_id)
              .filter(course__in=Course.objects.filter(_viewer_q(actor)).values("pk"))
              .select_related("course", "course__org").first())
    if lesson is None:
        raise NotFound("未找到该课时，或您无权查看。", code="training.lesson_not_found")
    return lesson


def lessons_of(course: Course) -> list[Lesson]:
    return list(Lesson.objects.filter(course=course).order_by("position", "id"))


def enrollment_of(*, user, course_id: int) -> Enrollment | None:
    if user is None or not getattr(user, "is_authenticated", False):
        return None
    return Enrollment.objects.filter(user=user, course_id=course_id).select_related("certificate").first()


def progress_by_lesson(enrollment: Enrollment | None) -> dict[int, LessonProgress]:
    if enrollment is None:
        return {}
    return {p.lesson_id: p for p in LessonProgress.objects.filter(enrollment=enrollment)}


def my_enrollments(*, user) -> list[Enrollment]:
    """The learner's courses with their certificates, lesson count and lessons done: one query."""
    from django.db.models import Count

    if user is None or not getattr(user, "is_authenticated", False):
        return []
    return list(Enrollment.objects.filter(user=user).select_related("course", "course__org", "certificate")
                .annotate(lessons_total=Count("course__lessons", distinct=True),
                          lessons_done=Count("progress", filter=Q(progress__completed_at__isnull=False),
                                             distinct=True))
                .order_by("-enrolled_at", "-id"))


def progress_of(*, actor, lesson_id: int) -> LessonProgress | None:
    """The learner's progress on a lesson they may see (404 otherwise), with enrolment and certificate."""
    lesson = access_lesson_by_id(actor=actor, lesson_id=lesson_id)
    return (LessonProgress.objects.filter(enrollment__user=actor, lesson=lesson)
            .select_related("enrollment", "enrollment__certificate").first())


def my_business_items(user) -> list:
    """The worker's courses as 我的办事 rows: in progress (pending on the worker) or completed (one query)."""
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from niangjia.core.my_business import BusinessItem

    items = []
    for e in my_enrollments(user=user)[:50]:
        cert = getattr(e, "certificate", None) if e.completed_at else None
        if e.completed_at:
            stage = _("Completed, certificate %(number)s") % {"number": cert.number} if cert else _("Completed")
        else:
            stage = _("%(done)s of %(total)s lessons done") % {"done": e.lessons_done, "total": e.lessons_total}
        items.append(BusinessItem(
            number=_("No. %(n)s") % {"n": e.pk}, kind=_("Online class"), code="training_course",
            title=e.course.title, stage=stage, url=reverse("training:course", args=[e.course_id]),
            created_at=e.enrolled_at, pending=e.completed_at is None, holder=_("you") if not e.completed_at else "",
            next_step=_("Continue with the next lesson.") if not e.completed_at else ""))
    return items
