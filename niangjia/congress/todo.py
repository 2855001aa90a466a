"""The congress's entries in the to-do centre: proposals awaiting review, awaiting a department's reply (coloured by
the reply deadline), overdue for follow-up (督办), and rated ones awaiting archive."""

from django.urls import reverse
from django.utils import timezone

from niangjia.congress.models import Proposal
from niangjia.core import scoping, todo


def _qs(actor, **filters):
    return (Proposal.objects.filter(scoping.scope_q(actor, org_field="congress__org"), **filters)
            .select_related("congress__org", "proposer", "lead_department"))


def _item(kind: str, label):
    def to_item(p: Proposal) -> todo.Item:
        return todo.Item(kind=kind, who=p.proposer.name, title=f"第{p.number}号提案：{p.title}（{label(p)}）",
                         created=p.submitted_at or p.created_at, deadline=p.reply_due if kind != "congress.review" else None,
                         url=reverse("congress:proposal", args=[p.pk]), org_name=p.congress.org.name)
    return to_item


def review(actor, limit: int):
    return todo.count_and_take(_qs(actor, status=Proposal.Status.SUBMITTED).order_by("submitted_at", "id"), limit,
                               _item("congress.review", lambda p: "待审查立案"))


def replies(actor, limit: int):
    qs = _qs(actor, status=Proposal.Status.ASSIGNED, reply_due__gte=timezone.localdate()).order_by("reply_due", "id")
    return todo.count_and_take(qs, limit, _item("congress.reply", lambda p: f"待{p.lead_department.name}答复"))


def overdue(actor, limit: int):
    qs = _qs(actor, status=Proposal.Status.ASSIGNED, reply_due__lt=timezone.localdate()).order_by("reply_due", "id")
    return todo.count_and_take(qs, limit, _item("congress.overdue", lambda p: f"{p.lead_department.name}逾期未答复，请督办"))


def to_archive(actor, limit: int):
    return todo.count_and_take(_qs(actor, status=Proposal.Status.RATED).order_by("rated_at", "id"), limit,
                               _item("congress.archive", lambda p: f"已评价：{p.get_rating_display()}，待归档"))


def register() -> None:
    module = "职代会"
    todo.register(todo.Provider(kind="congress.review", label="提案待审查", module=module, fetch=review,
                                list_url_name="congress:proposals_workbench", order=70))
    todo.register(todo.Provider(kind="congress.reply", label="提案待部门答复", module=module, fetch=replies,
                                list_url_name="congress:proposals_workbench", order=71))
    todo.register(todo.Provider(kind="congress.overdue", label="提案逾期待督办", module=module, fetch=overdue,
                                list_url_name="congress:proposals_workbench", order=72))
    todo.register(todo.Provider(kind="congress.archive", label="提案待归档", module=module, fetch=to_archive,
                                list_url_name="congress:proposals_workbench", order=73))
