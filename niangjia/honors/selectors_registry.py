"""Reads of the model-worker registry, scoped to the actor's subtree."""

from django.db.models import Count, Prefetch, Q, QuerySet, Sum

from niangjia.core import scoping
from niangjia.core.errors import NotFound
from niangjia.honors.models import ModelWorker, ModelWorkerTitle


def registry(*, actor, q: str = "", difficult: bool = False) -> QuerySet[ModelWorker]:
    qs = (ModelWorker.objects.filter(scoping.scope_q(actor)).select_related("org")
          .prefetch_related(Prefetch("titles", queryset=ModelWorkerTitle.objects.order_by("-year")))
          .annotate(n_care=Count("care", distinct=True), care_total=Sum("care__amount")).order_by("org__path", "name"))
    if q:
        qs = qs.filter(Q(name__contains=q) | Q(employer__contains=q) | Q(titles__title__contains=q)).distinct()
    return qs.filter(difficult=True) if difficult else qs


def worker_for_staff(*, actor, worker_id: int) -> ModelWorker:
    worker = (ModelWorker.objects.filter(scoping.scope_q(actor), pk=worker_id).select_related("org", "member")
              .prefetch_related("titles", "care").first())
    if worker is None:
        raise NotFound("没有找到这位劳模。")
    return worker
