"""The contests' entry in the to-do centre: answer sheets flagged as identical to another's, waiting for staff to
clear or confirm them (the flag is a signal; a person decides)."""

from django.urls import reverse

from niangjia.core import scoping, todo
from niangjia.training.models import Attempt


def _name(user) -> str:
    name = user.real_name or user.display_name or ""
    return (name[:1] + "*" * max(1, len(name) - 1)) if name else "***"


def flagged(actor, limit: int):
    qs = (Attempt.objects.filter(scoping.scope_q(actor, org_field="contest__org"), flagged=True, flag_reviewed="")
          .select_related("user", "contest__org").order_by("finished_at", "id"))

    def to_item(a: Attempt) -> todo.Item:
        return todo.Item(kind="training.flagged", who=_name(a.user), title=f"{a.contest.title}：答卷 #{a.pk} 疑似雷同，待复核",
                         created=a.finished_at or a.started_at,
                         url=reverse("training:contest_staff", args=[a.contest_id]) + "?flagged=1",
                         org_name=a.contest.org.name)

    return todo.count_and_take(qs, limit, to_item)


def register() -> None:
    todo.register(todo.Provider(kind="training.flagged", label="雷同答卷待复核", module="网上练兵", fetch=flagged,
                                list_url_name="training:contest_workbench", order=90))
