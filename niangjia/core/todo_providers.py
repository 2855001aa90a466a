"""Core's own entries in the to-do centre and the dashboard strip (registered in CoreConfig.ready)."""

from django.db.models import Q
from django.urls import reverse

from niangjia.core import pii, scoping, selectors, todo
from niangjia.core.models import Member
from niangjia.core.payouts import selectors as payout_selectors


def join_requests(actor, limit: int):
    url = reverse("core:approvals")
    return todo.count_and_take(
        selectors.pending_join_requests_for(actor=actor), limit,
        lambda r: todo.Item(kind="core.join", who=str(r.user), title=f"申请加入{r.org.name}", created=r.created_at,
                            url=f"{url}#join-{r.pk}", org_name=r.org.name))


def transfers(actor, limit: int):
    url = reverse("core:transfers")
    return todo.count_and_take(
        selectors.pending_transfers_for(actor=actor), limit,
        lambda t: todo.Item(kind="core.transfer", who=t.member.name, title=f"从{t.from_org.name}转入{t.to_org.name}",
                            created=t.created_at, url=f"{url}#transfer-{t.pk}", org_name=t.to_org.name))


def corrections(actor, limit: int):
    url = reverse("core:corrections")
    return todo.count_and_take(
        selectors.pending_corrections_for(actor=actor), limit,
        lambda c: todo.Item(kind="core.correction", who=str(c.user), title=f"申请更正{c.get_field_display()}",
                            created=c.created_at, url=f"{url}#correction-{c.pk}", org_name=c.org.name))


def payout_batches(actor, limit: int):
    return todo.count_and_take(
        payout_selectors.batches_awaiting_release(actor=actor), limit,
        lambda b: todo.Item(kind="core.payout_release", who=b.created_by.name, title=f"{b.title}：{b.count} 笔待放款",
                            created=b.created_at, url=reverse("core:payout", args=[b.pk]), org_name=b.org.name,
                            amount=b.total))


def returned_payments(actor, limit: int):
    return todo.count_and_take(
        payout_selectors.returned_not_reissued(actor=actor), limit,
        lambda p: todo.Item(kind="core.payout_returned", who=pii.mask_name(p.holder),
                            title=f"{p.batch.title} 第 {p.seq} 笔退票：{p.return_reason or '未注明原因'}",
                            created=p.settled_at or p.batch.created_at,
                            url=reverse("core:payout", args=[p.batch_id]) + "?status=returned",
                            org_name=p.org.name, amount=p.amount))


def members_figure(actor, year: int) -> int:
    return Member.objects.filter(scoping.count_scope_q(actor, model=Member), Q(status=Member.Status.ACTIVE)).count()


def register() -> None:
    todo.register(todo.Provider(kind="core.join", label="入会申请待审核", module="会员管理", fetch=join_requests,
                                list_url_name="core:approvals", order=10))
    todo.register(todo.Provider(kind="core.transfer", label="会员转入待审核", module="会员管理", fetch=transfers,
                                list_url_name="core:transfers", order=11))
    todo.register(todo.Provider(kind="core.correction", label="个人信息更正申请", module="会员管理",
                                fetch=corrections, list_url_name="core:corrections", order=12))
    todo.register(todo.Provider(kind="core.payout_release", label="发放批次待放款（双人复核）", module="资金发放",
                                fetch=payout_batches, roles=scoping.APPROVER_ROLES, list_url_name="core:payouts",
                                order=60))
    todo.register(todo.Provider(kind="core.payout_returned", label="银行退票待重新发放", module="资金发放",
                                fetch=returned_payments, list_url_name="core:payouts", order=61))
    todo.register_figure(todo.Figure(key="core.members", label="在册会员", value=members_figure,
                                     url_name="core:member_list", url_query="status=active", order=10))
