"""Reads of mentorship: a member's pairs (as mentor or apprentice) and the union's table of pairs with reviews."""

from django.db.models import Avg, Count, Q, QuerySet

from niangjia.core import scoping
from niangjia.honors.models import Mentorship


def my_pairs(*, user) -> list[Mentorship]:
    return list(Mentorship.objects.filter(Q(mentor=user) | Q(apprentice=user)).select_related("mentor", "apprentice")
                .prefetch_related("tasks", "reviews").order_by("-id"))


def staff_pairs(*, actor) -> QuerySet[Mentorship]:
    return (Mentorship.objects.filter(scoping.scope_q(actor)).select_related("org", "mentor", "apprentice")
            .annotate(n_tasks=Count("tasks", distinct=True),
                      n_approved=Count("tasks", filter=Q(tasks__approved_at__isnull=False), distinct=True),
                      mentor_rating=Avg("reviews__rating", filter=Q(reviews__by_mentor=False)),
                      apprentice_rating=Avg("reviews__rating", filter=Q(reviews__by_mentor=True)))
            .order_by("org__path", "id"))
