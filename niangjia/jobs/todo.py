"""The job fair's entry in the core to-do centre: employers awaiting verification (registered in JobsConfig)."""

from django.urls import reverse

from niangjia.core import scoping, todo
from niangjia.jobs.models import Employer


def employers_to_verify(actor, limit: int):
    qs = (Employer.objects.filter(scoping.queue_scope_q(actor), status=Employer.Status.PENDING)
          .select_related("org").order_by("created_at", "id"))
    return todo.count_and_take(qs, limit, lambda e: todo.Item(
        kind="jobs.employer", who=e.name, title=f"用人单位待审核：{e.name}", created=e.created_at,
        url=reverse("jobs:workbench") + "?status=pending", org_name=e.org.name))


def register() -> None:
    todo.register(todo.Provider(kind="jobs.employer", label="用人单位待审核", module="线上招聘",
                                fetch=employers_to_verify, list_url_name="jobs:workbench", order=70))
