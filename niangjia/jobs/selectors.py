"""Reads of the job fair, scoped here: workers see open posts of verified employers; an employer's account sees
its own posts and applicants (phone masked until the worker shares it); staff see their subtree."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from niangjia.core import my_business, pii, scoping
from niangjia.core.errors import NotFound
from niangjia.jobs import rules, search
from niangjia.jobs.models import Application, Employer, JobFair, JobHelpPacket, Position

MAX_LIMIT = 50


def _nf(what: str = "记录") -> NotFound:
    return NotFound(f"未找到该{what}，或您无权查看。", code="jobs.not_found")


# --- posts ---------------------------------------------------------------------------------------------


def open_posts() -> QuerySet[Position]:
    """What any logged-in worker may see and apply for."""
    return (Position.objects.filter(status=Position.Status.OPEN, employer__status=Employer.Status.VERIFIED)
            .select_related("employer"))


def search_posts(*, q: str, limit: int = 20, public_welfare: bool = False) -> list[dict]:
    """Posts for a query, best first: [{id, title, employer, location, salary_min, salary_max, score}] (one
    query on PostgreSQL, two on SQLite). An empty query lists the newest open posts with score 0."""
    limit = max(1, min(int(limit), MAX_LIMIT))
    # A result card shows none of these; the employer's contact phone would be decrypted per row for nothing.
    qs = open_posts().defer("employer__contact_phone", "description", "requirements", "tokens", "title_tokens")
    if public_welfare:
        qs = qs.filter(public_welfare=True)
    if (q or "").strip():
        rows = search.search(q, limit, qs)
    else:
        rows = [(0.0, p) for p in qs.order_by("-id")[:limit]]
    return [{"id": p.pk, "title": p.title, "employer": p.employer.name, "location": p.location,
             "salary_min": p.salary_min, "salary_max": p.salary_max, "score": score, "position": p}
            for score, p in rows]


def access_position_by_id(*, actor, position_id: int) -> Position:
    """An open post for anyone logged in; a closed one only for its employer's account or staff in scope."""
    p = Position.objects.select_related("employer", "fair", "org").filter(pk=position_id).first()
    if p is None:
        raise _nf("岗位")
    if p.status == Position.Status.OPEN and p.employer.status == Employer.Status.VERIFIED:
        return p
    if p.employer.account_id == getattr(actor, "pk", None) or scoping.covers(actor, p.org):
        return p
    raise _nf("岗位")


def fairs_current(*, today, limit: int = 10) -> list[JobFair]:
    return list(JobFair.objects.filter(ends_on__gte=today).annotate(
        post_count=Count("positions", filter=Q(positions__status="open"), distinct=True),
        employer_count=Count("employers", distinct=True)).order_by("starts_on", "id")[:limit])


def access_fair_by_id(*, fair_id: int) -> JobFair:
    fair = JobFair.objects.select_related("org").filter(pk=fair_id).first()
    if fair is None:
        raise _nf("招聘会")
    return fair


def fair_posts(fair: JobFair, *, limit: int = 50) -> list[Position]:
    return list(open_posts().filter(fair=fair).order_by("-public_welfare", "-id")[:limit])


# --- employers -----------------------------------------------------------------------------------------


def employers_visible_to(*, actor, status: str = "") -> QuerySet[Employer]:
    qs = Employer.objects.filter(scoping.scope_q(actor)).select_related("org").annotate(
        post_count=Count("positions", distinct=True))
    return qs.filter(status=status) if status else qs


def access_employer_by_id(*, actor, employer_id: int, for_update: bool = False) -> Employer:
    """Staff in the employer's union subtree, or the employer's own account."""
    qs = Employer.objects.select_related("org")
    if for_update:
        qs = qs.select_for_update(of=("self",))
    e = qs.filter(pk=employer_id).first()
    if e is None or not (e.account_id == getattr(actor, "pk", None) or scoping.covers(actor, e.org)):
        raise _nf("用人单位")
    return e


def employers_of_account(user) -> list[Employer]:
    """The employers this login represents (role employer)."""
    if not getattr(user, "is_authenticated", False):
        return []
    return list(Employer.objects.filter(account=user).order_by("id"))


def positions_of_employer(employer: Employer) -> list[Position]:
    return list(employer.positions.annotate(
        applicant_count=Count("applications"),
        new_count=Count("applications", filter=Q(applications__stage="submitted"))).order_by("-id"))


def applicants_for(*, actor, position_id: int) -> tuple[Position, list[dict]]:
    """The applicants of a post for its employer (or staff in scope), phone masked until shared (two queries)."""
    p = access_position_by_id(actor=actor, position_id=position_id)
    if not (p.employer.account_id == getattr(actor, "pk", None) or scoping.covers(actor, p.org)):
        raise _nf("岗位")
    rows = []
    for a in p.applications.order_by("-id"):
        # a withdrawn application no longer shows the number the worker had shared
        shown = a.contact_shared and a.stage != Application.Stage.WITHDRAWN
        rows.append({"application": a, "phone": a.phone if shown else pii.mask_phone(a.phone)})
    return p, rows


def fairs_visible_to(*, actor, limit: int = 20) -> list[JobFair]:
    return list(JobFair.objects.filter(scoping.scope_q(actor)).select_related("org").annotate(
        post_count=Count("positions", distinct=True), employer_count=Count("employers", distinct=True))
        .order_by("-starts_on", "-id")[:limit])


# --- applications --------------------------------------------------------------------------------------


def my_applications(user) -> list[Application]:
    return list(Application.objects.filter(applicant=user).select_related("position__employer").order_by("-id"))


def access_application_by_id(*, actor, application_id: int, for_update: bool = False) -> Application:
    """The applicant, the post's employer account, or staff in scope; nobody else (404)."""
    qs = Application.objects.select_related("position__employer", "position__org", "applicant")
    if for_update:
        qs = qs.select_for_update(of=("self",))
    a = qs.filter(pk=application_id).first()
    uid = getattr(actor, "pk", None)
    if a is None or not (a.applicant_id == uid or a.position.employer.account_id == uid
                         or scoping.covers(actor, a.position.org)):
        raise _nf("求职申请")
    return a


def application_history(a: Application) -> list:
    return list(a.history.order_by("created_at", "id"))


STAGE_WORDS = {
    "submitted": ("已投递，等待用人单位查看", "用人单位"),
    "viewed": ("用人单位已查看", "用人单位"),
    "interview": ("已约面试，请留意电话和消息", "您"),
    "hired": ("已录用", ""),
    "rejected": ("用人单位认为暂不合适", ""),
    "withdrawn": ("您已撤回", ""),
}


def may_withdraw(a: Application) -> bool:
    return rules.may_withdraw(a.stage)


def my_business_items(user) -> list[my_business.BusinessItem]:
    """The worker's job applications in 我的办事 (one query)."""
    from django.urls import reverse

    items = []
    for a in Application.objects.filter(applicant=user).select_related("position__employer"):
        stage, holder = STAGE_WORDS[a.stage]
        items.append(my_business.BusinessItem(
            number=f"JA{a.pk}", kind="求职申请", title=f"{a.position.title} · {a.position.employer.name}",
            stage=stage, url=reverse("jobs:application", args=[a.pk]), created_at=a.created_at,
            pending=a.stage not in rules.FINAL_STAGES, holder=holder, rejected=a.stage == "rejected",
            next_step="" if a.contact_shared or a.stage in rules.FINAL_STAGES else "同意后用人单位才能看到您的电话",
            code="jobs"))
    return items


# --- 1-3-1 packets for the worker ----------------------------------------------------------------------


def my_packets(user) -> list[JobHelpPacket]:
    return list(JobHelpPacket.objects.filter(intent__worker=user).select_related("intent").order_by("-id")[:5])


def access_packet_by_id(*, actor, packet_id: int) -> JobHelpPacket:
    """The worker it was sent to, or staff covering the household's union."""
    p = JobHelpPacket.objects.select_related("intent", "org", "sent_by").filter(pk=packet_id).first()
    if p is None or not (p.intent.worker_id == getattr(actor, "pk", None) or scoping.covers(actor, p.org)):
        raise _nf("就业帮扶")
    return p


def packet_positions(packet: JobHelpPacket) -> list[Position]:
    return list(packet.positions.select_related("employer").order_by("id"))
