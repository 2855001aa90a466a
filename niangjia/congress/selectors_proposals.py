"""Reads of proposals (提案), scoped: delegates see the proposals of their own congress (to second them); staff see
the proposals of congresses whose union is in their scope."""

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from niangjia.congress.models import Congress, Delegate, Department, Proposal, Seconder
from niangjia.core import scoping
from niangjia.core.errors import NotFound


def delegate_congresses(user) -> list[Congress]:
    return list(Congress.objects.filter(delegates__user=user).select_related("org").order_by("-id"))


def proposals_for_delegate(user) -> dict:
    """The delegate's own proposals, and the drafts of other delegates of their congresses still seeking seconders
    (marking those the delegate has already seconded). Four queries."""
    mine = list(Proposal.objects.filter(proposer__user=user).annotate(n_seconders=Count("seconders"))
                .select_related("congress").order_by("-id")[:100])
    seeking = list(Proposal.objects.filter(congress__delegates__user=user, status=Proposal.Status.DRAFTING)
                   .exclude(proposer__user=user).annotate(n_seconders=Count("seconders", distinct=True))
                   .select_related("proposer").order_by("-id")[:100])
    seconded = set(Seconder.objects.filter(delegate__user=user, proposal__in=[p.pk for p in seeking])
                   .values_list("proposal_id", flat=True))
    return {"mine": mine, "seeking": seeking, "seconded": seconded}


def access_proposal(*, actor, proposal_id: int) -> Proposal:
    p = (Proposal.objects.select_related("congress__org", "proposer__user", "proposer__group", "lead_department",
                                         "replied_by")
         .filter(pk=proposal_id).first())
    if p is None:
        raise NotFound("未找到这件提案。")
    if scoping.covers(actor, p.congress.org) or Delegate.objects.filter(congress_id=p.congress_id, user=actor).exists():
        return p
    raise NotFound("未找到这件提案。")


def proposal_detail(p: Proposal) -> dict:
    return {"seconders": list(Seconder.objects.filter(proposal=p).select_related("delegate")),
            "co_departments": list(p.co_departments.all())}


def is_proposer(user, p: Proposal) -> bool:
    return p.proposer.user_id == user.pk


def may_handle(actor, p: Proposal) -> bool:
    return scoping.covers(actor, p.congress.org)


def has_seconded(user, p: Proposal) -> bool:
    return Seconder.objects.filter(proposal=p, delegate__user=user).exists()


def is_delegate_of(user, congress_id: int) -> bool:
    return Delegate.objects.filter(congress_id=congress_id, user=user).exists()


def staff_proposals(actor, *, status: str = "", overdue: bool = False, congress_id: int | None = None) -> QuerySet:
    qs = (Proposal.objects.filter(scoping.scope_q(actor, org_field="congress__org"))
          .select_related("congress__org", "proposer", "lead_department")
          .annotate(n_seconders=Count("seconders")))
    if congress_id:
        qs = qs.filter(congress_id=congress_id)
    if status in Proposal.Status.values:
        qs = qs.filter(status=status)
    if overdue:
        qs = qs.filter(status=Proposal.Status.ASSIGNED, reply_due__lt=timezone.localdate())
    return qs


def status_counts(actor, congress_id: int | None = None) -> dict:
    qs = Proposal.objects.filter(scoping.scope_q(actor, org_field="congress__org"))
    if congress_id:
        qs = qs.filter(congress_id=congress_id)
    today = timezone.localdate()
    agg = qs.aggregate(total=Count("id"), overdue=Count("id", filter=Q(status="assigned", reply_due__lt=today)),
                       **{s: Count("id", filter=Q(status=s)) for s in Proposal.Status.values})
    return agg


def departments_for(p: Proposal) -> list[Department]:
    return list(Department.objects.filter(org_id=p.congress.org_id).order_by("id"))


def departments_of_congress(congress: Congress) -> list[Department]:
    return list(Department.objects.filter(org_id=congress.org_id).order_by("id"))


def my_business_items(user) -> list:
    """The delegate's proposals as 我的办事 rows (one query)."""
    from django.urls import reverse

    from niangjia.core.my_business import BusinessItem

    items = []
    for p in Proposal.objects.filter(proposer__user=user).select_related("congress__org", "lead_department")[:50]:
        pending = p.status not in (Proposal.Status.ARCHIVED, Proposal.Status.RATED)
        yours = p.status in (Proposal.Status.DRAFTING, Proposal.Status.ANSWERED)
        step = {"drafting": "请邀请至少 2 名代表附议后提交", "answered": "请评价部门的答复"}.get(p.status, "")
        holder = ("您" if yours else p.lead_department.name if p.status == "assigned" and p.lead_department
                  else p.congress.org.name if pending else "")
        items.append(BusinessItem(
            number=f"第{p.number}号", kind="职代会提案", code="congress_proposal", title=p.title,
            stage=p.get_status_display(), url=reverse("congress:proposal", args=[p.pk]), created_at=p.created_at,
            pending=pending, next_step=step, holder=holder,
            expected=f"{p.reply_due:%m-%d} 前答复" if p.status == "assigned" and p.reply_due else ""))
    return items


def seconder_count(p: Proposal) -> int:
    return Seconder.objects.filter(proposal=p).count()
