"""Read side of care campaigns."""

from django.db.models import Count, Q, Sum

from niangjia.care import rules
from niangjia.care.models import Allocation, Campaign, Recipient
from niangjia.core import scoping
from niangjia.core.errors import NotFound

CAMPAIGN_KIND_CHOICES = Campaign.Kind.choices
CAMPAIGN_FORM_CHOICES = Campaign.Form.choices


def campaigns_visible_to(*, actor, kind: str = ""):
    """Campaigns the actor's orgs own or received budget in."""
    q = scoping.scope_q(actor) | Q(pk__in=Allocation.objects.filter(scoping.scope_q(actor)).values("campaign_id"))
    qs = Campaign.objects.filter(q).select_related("org").distinct().order_by("-id")
    if kind in Campaign.Kind.values:
        qs = qs.filter(kind=kind)
    return qs


def access_campaign(*, actor, campaign_id: int) -> Campaign:
    c = campaigns_visible_to(actor=actor).filter(pk=campaign_id).first()
    if c is None:
        raise NotFound("未找到该活动，或您无权查看。")
    return c


def my_deliveries(user) -> list[Recipient]:
    return list(Recipient.objects.filter(member__user=user).select_related("campaign").order_by("-id"))


def allocations(campaign: Campaign, actor) -> list[Allocation]:
    return list(campaign.allocations.filter(scoping.scope_q(actor)).select_related("org", "parent__org"))


def unconfirmed_by_org(*, actor, campaign: Campaign) -> list[dict]:
    return list(
        Recipient.objects.filter(scoping.scope_q(actor), campaign=campaign, status="pending")
        .values("org__name").annotate(n=Count("id")).order_by("-n")
    )


def recipients_of(*, actor, campaign: Campaign, status: str = "", source: str = ""):
    """The campaign's recipients in the actor's unions (the grid on the campaign page)."""
    qs = Recipient.objects.filter(scoping.scope_q(actor), campaign=campaign).select_related("member", "org")
    if status in Recipient.Status.values:
        qs = qs.filter(status=status)
    if source in Recipient.Source.values:
        qs = qs.filter(source=source)
    return qs


RECIPIENT_STATUS_CHOICES = Recipient.Status.choices
RECIPIENT_SOURCE_CHOICES = Recipient.Source.choices


def report(*, actor, campaign: Campaign | None = None) -> dict:
    qs = Recipient.objects.filter(scoping.scope_q(actor))
    if campaign is not None:
        qs = qs.filter(campaign=campaign)
    by_org = list(qs.values("org__name").annotate(money=Sum("amount"), times=Count("id"),
                                                  confirmed=Count("id", filter=Q(status="confirmed")))
                  .order_by("-money"))
    by_campaign = list(qs.values("campaign__name", "campaign__total_budget").annotate(
        money=Sum("amount"), times=Count("id")).order_by("campaign__name"))
    total = qs.aggregate(money=Sum("amount"), times=Count("id"),
                         paid=Sum("amount", filter=Q(paid_at__isnull=False)),
                         paid_times=Count("id", filter=Q(paid_at__isnull=False)))
    money, times = total["money"] or 0, total["times"]  # on the lists: 拟慰问 until paid
    paid, paid_times = total["paid"] or 0, total["paid_times"]
    budget = None
    if campaign is not None:
        budget = [{"org": campaign.org.name, "allocated": campaign.total_budget,
                   "used": campaign.spent, "passed_down": campaign.allocated_out}]
        budget += [{"org": a.org.name, "allocated": a.amount, "used": a.spent, "passed_down": a.allocated_out}
                   for a in campaign.allocations.filter(scoping.scope_q(actor)).select_related("org")]
    return {"by_org": by_org, "by_campaign": by_campaign, "money": money, "times": times, "budget": budget,
            "paid": paid, "paid_times": paid_times,
            "sentence": rules.report_sentence(paid, paid_times, money, times)}
