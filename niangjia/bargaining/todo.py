"""Bargaining's entries in the core to-do centre: every statutory deadline with its date (red when past, amber
within two days). Registered in BargainingConfig.ready; each fetch is one query (count and rows together)."""

from django.urls import reverse
from django.utils import timezone

from niangjia.bargaining import selectors
from niangjia.core import scoping, todo


def offers_awaiting_answer(actor, limit: int):
    return todo.count_and_take(selectors.offers_awaiting_answer(actor=actor), limit, lambda o: todo.Item(
        kind="bargaining.offer", who=o.negotiation.employer_name, title=f"要约待回应：{o.negotiation.title}",
        created=o.received_on, deadline=o.reply_due, url=reverse("bargaining:detail", args=[o.negotiation_id]),
        org_name=o.negotiation.org.name))


def refusals_without_reason(actor, limit: int):
    return todo.count_and_take(selectors.refusals_without_reason(actor=actor), limit, lambda o: todo.Item(
        kind="bargaining.refusal", who=o.negotiation.employer_name, title=f"无理由拒绝协商：{o.negotiation.title}",
        created=o.answered_on, url=reverse("bargaining:detail", args=[o.negotiation_id]),
        org_name=o.negotiation.org.name))


def agreements_to_file(actor, limit: int):
    return todo.count_and_take(selectors.agreements_to_file(actor=actor), limit, lambda a: todo.Item(
        kind="bargaining.filing", who=a.negotiation.employer_name, title=f"集体合同待报送审查：{a.title}",
        created=a.signed_on, deadline=a.filing_due, url=reverse("bargaining:detail", args=[a.negotiation_id]),
        org_name=a.org.name))


def agreements_due_for_renewal(actor, limit: int):
    today = timezone.localdate()
    return todo.count_and_take(selectors.agreements_due_for_renewal(actor=actor, today=today), limit,
                               lambda a: todo.Item(
        kind="bargaining.renewal", who=a.negotiation.employer_name, title=f"集体合同即将到期，请续签：{a.title}",
        created=a.renewal_notice_on, deadline=a.term_end, url=reverse("bargaining:detail", args=[a.negotiation_id]),
        org_name=a.org.name))


def talks_to_start(actor, limit: int):
    return todo.count_and_take(selectors.talks_to_start(actor=actor), limit, lambda n: todo.Item(
        kind="bargaining.talks", who=n.employer_name, title=f"待开始协商（组建双方代表）：{n.title}",
        created=n.created_at, deadline=n.talks_due, url=reverse("bargaining:detail", args=[n.pk]),
        org_name=n.org.name))


def agreements_under_review(actor, limit: int):
    return todo.count_and_take(selectors.agreements_under_review(actor=actor), limit, lambda a: todo.Item(
        kind="bargaining.review", who=a.negotiation.employer_name,
        title=f"审查期内（届满无异议即生效）：{a.title}", created=a.filed_received_on, deadline=a.objection_end,
        url=reverse("bargaining:detail", args=[a.negotiation_id]), org_name=a.org.name))


def workers_votes_to_close(actor, limit: int):
    return todo.count_and_take(selectors.workers_votes_to_close(actor=actor), limit, lambda v: todo.Item(
        kind="bargaining.workers_vote", who=v.negotiation.employer_name,
        title=f"全体职工表决集体合同草案，截止后请结束计票：{v.negotiation.title}", created=v.opened_at,
        deadline=v.closes_on, url=reverse("bargaining:detail", args=[v.negotiation_id]),
        org_name=v.negotiation.org.name))


def asks_reached(actor, limit: int):
    return todo.count_and_take(selectors.asks_to_propose(actor=actor, year=timezone.localdate().year), limit,
                               lambda hc: todo.Item(
        kind="bargaining.asks", who=hc.org.name,
        title=f"职工要求协商已达 1/{hc.denominator}（{hc.asks}/{hc.total} 人），工会应发出要约",
        created=hc.updated_at, url=reverse("bargaining:asks"), org_name=hc.org.name))


def covered_workers(actor, year: int) -> int:
    return selectors.statistics(actor=actor, year=year)["covered"]


def register() -> None:
    common = {"module": "集体协商", "list_url_name": "bargaining:workbench", "roles": scoping.STAFF_ROLES}
    todo.register(todo.Provider(kind="bargaining.offer", label="要约待回应（20 日内）", fetch=offers_awaiting_answer,
                                order=70, **common))
    todo.register(todo.Provider(kind="bargaining.refusal", label="对方无理由拒绝协商", fetch=refusals_without_reason,
                                order=71, **common))
    todo.register(todo.Provider(kind="bargaining.filing", label="集体合同待报送审查（签字后 10 日内）",
                                fetch=agreements_to_file, order=72, **common))
    todo.register(todo.Provider(kind="bargaining.talks", label="待开始协商（回应后 10 个工作日内）",
                                fetch=talks_to_start, order=74, **common))
    todo.register(todo.Provider(kind="bargaining.review", label="集体合同审查期（15 日）", fetch=agreements_under_review,
                                order=75, **common))
    todo.register(todo.Provider(kind="bargaining.workers_vote", label="全体职工表决集体合同草案（截止日）",
                                fetch=workers_votes_to_close, order=76, **common))
    todo.register(todo.Provider(kind="bargaining.asks", label="职工要求协商已达法定比例，应发出要约",
                                fetch=asks_reached, order=77, **common))
    todo.register(todo.Provider(kind="bargaining.renewal", label="集体合同到期续签", fetch=agreements_due_for_renewal,
                                order=73, **common))
