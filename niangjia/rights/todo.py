"""Rights' entries in the core to-do centre and dashboard strip (registered in RightsConfig.ready)."""

import datetime as dt

from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from niangjia.core import scoping, todo
from niangjia.rights.models import Case, SupervisionLetter

OPEN = ("new", "assigned", "in_progress")


def cases_near_sla(actor, limit: int):
    soon = timezone.localdate() + dt.timedelta(days=todo.DUE_SOON_DAYS)
    qs = (Case.objects.filter(scoping.queue_scope_q(actor), status__in=OPEN, resolution_due__lte=soon)
          .select_related("org").order_by("resolution_due", "id"))
    return todo.count_and_take(qs, limit, lambda c: todo.Item(
        kind="rights.case", who=c.employer_name or c.number, title=f"{c.number} {c.title}", created=c.created_at,
        deadline=c.resolution_due, url=reverse("rights:staff_case", args=[c.pk]), org_name=c.org.name))


def letters_awaiting_answer(actor, limit: int):
    qs = (SupervisionLetter.objects.filter(scoping.scope_q(actor), delivered_on__isnull=False,
                                           responded_on__isnull=True).select_related("org")
          .order_by(F("answer_due").asc(nulls_last=True), "id"))
    return todo.count_and_take(qs, limit, lambda letter: todo.Item(
        kind="rights.letter", who=letter.recipient_name, title=f"{letter.get_kind_display()} {letter.number}",
        created=letter.delivered_on, deadline=letter.answer_due, url=reverse("rights:letter", args=[letter.pk]),
        org_name=letter.org.name))


def closed_on_time(actor, year: int) -> int:
    return Case.objects.filter(scoping.count_scope_q(actor, model=Case), status__in=("resolved", "closed"),
                               resolved_at__year=year, resolved_at__date__lte=F("resolution_due")).count()


def register() -> None:
    todo.register(todo.Provider(kind="rights.case", label="维权工单临近或超过时限", module="维权服务",
                                fetch=cases_near_sla, list_url_name="rights:workbench", order=40))
    todo.register(todo.Provider(kind="rights.letter", label="监督文书待回复", module="维权服务",
                                fetch=letters_awaiting_answer, list_url_name="rights:letters", order=41))
    todo.register_figure(todo.Figure(key="rights.closed_on_time", label="按时办结工单", value=closed_on_time,
                                     url_name="rights:stats", order=40))
