"""Relief's entries in the core to-do centre and dashboard strip (registered in ReliefConfig.ready)."""

import datetime as dt

from django.db.models import Sum
from django.urls import reverse

from niangjia.core import scoping, todo
from niangjia.core.models import Org
from niangjia.relief.models import Application, Disbursement, HardshipFile, RiskFlag

# Which pending status waits for which level (services.applications.LEVEL_FOR_STATUS), and who decides it.
DECIDE_DAYS = 15  # the queue colours an application by its age against this working target


def _statuses_for(actor) -> list[str]:
    """The application statuses whose next step is at a level the actor holds."""
    if scoping.is_everything(actor):
        return ["submitted", "reviewed", "district_approved"]
    out = set()
    city, district = Org.LEVEL_ORDER.index("city"), Org.LEVEL_ORDER.index("district")
    for grant in scoping.roles_of(actor):
        if grant.role in scoping.STAFF_ROLES:
            out.add("submitted")
        if grant.role in scoping.APPROVER_ROLES and grant.org.level_rank <= district:
            out.add("reviewed")
        if grant.role in scoping.APPROVER_ROLES and grant.org.level_rank <= city:
            out.add("district_approved")
    return sorted(out)


def applications(actor, limit: int):
    qs = (Application.objects.filter(scoping.queue_scope_q(actor), status__in=_statuses_for(actor))
          .select_related("org", "household").order_by("created_at", "id"))
    url = reverse("relief:workbench")
    return todo.count_and_take(qs, limit, lambda a: todo.Item(
        kind="relief.application", who=a.household.head_name,
        title=f"{a.get_kind_display()} · {a.get_status_display()}", created=a.created_at,
        deadline=a.created_at.date() + dt.timedelta(days=DECIDE_DAYS), url=f"{url}?status={a.status}#app-{a.pk}",
        org_name=a.org.name, amount=a.quoted_amount))


def alerts(actor, limit: int):
    qs = (RiskFlag.objects.filter(scoping.queue_scope_q(actor), active=True).select_related("household", "org")
          .order_by("raised_at", "id"))
    return todo.count_and_take(qs, limit, lambda f: todo.Item(
        kind="relief.alert", who=f.household.head_name, title=f"监测预警：{f.get_code_display()}",
        created=f.raised_at, url=reverse("relief:household", args=[f.household_id]), org_name=f.org.name))


def dibao_missing(actor, limit: int):
    """Admins: regions of their scope with no dibao row for the current year (two queries)."""
    from django.utils import timezone

    from niangjia.relief import selectors

    today = timezone.localdate()
    gaps = selectors.dibao_gaps(actor=actor, year=today.year)
    url = reverse("relief:dibao")
    items = [todo.Item(kind="relief.dibao_missing", who=g["region_code"],
                       title=(f"{today.year} 年低保标准尚未录入（暂按 {g['latest'].year} 年 {g['latest'].amount} 元计算）"
                              if g["latest"] else f"{today.year} 年低保标准尚未录入，无法计算"),
                       created=today, url=url) for g in gaps[:limit]]
    return len(gaps), items


def households_on_file(actor, year: int) -> int:
    return HardshipFile.objects.filter(scoping.count_scope_q(actor, model=HardshipFile),
                                       status__in=HardshipFile.OPEN).count()


def aid_paid(actor, year: int):
    # Paid rows plus reversal rows (negative amounts) of the year: what actually left, net.
    total = Disbursement.objects.filter(scoping.count_scope_q(actor, model=Disbursement),
                                        status__in=["paid", "reversed"], year=year).aggregate(s=Sum("amount"))["s"]
    return total or 0


def register() -> None:
    todo.register(todo.Provider(kind="relief.application", label="帮扶申请待审批", module="困难帮扶",
                                fetch=applications, list_url_name="relief:workbench", order=20))
    todo.register(todo.Provider(kind="relief.alert", label="监测预警待处理", module="困难帮扶", fetch=alerts,
                                list_url_name="relief:monitoring", order=25))
    todo.register(todo.Provider(kind="relief.dibao_missing", label="低保标准待录入", module="困难帮扶",
                                fetch=dibao_missing, roles=scoping.ADMIN_ROLES, list_url_name="relief:dibao",
                                order=27))
    todo.register_figure(todo.Figure(key="relief.files", label="在档困难职工", value=households_on_file,
                                     url_name="relief:files", url_query="status=active", order=20))
    todo.register_figure(todo.Figure(key="relief.aid_paid", label="帮扶资金已发放", value=aid_paid, money=True,
                                     url_name="relief:reports", order=30))
