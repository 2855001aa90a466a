"""Every read the core pages and API need, already scoped to the actor and query-bounded."""

import re

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.module_loading import import_string

from niangjia.core import pii, scoping
from niangjia.core.errors import NotFound
from niangjia.core.models import (
    ApiToken,
    Attachment,
    AuditEvent,
    JoinRequest,
    Member,
    Message,
    Org,
    OrgRole,
    TransferRequest,
    User,
    path_upper_bound,
)
from niangjia.core.selectors_tokens import live_api_token  # noqa: F401 (the API's lookup, re-exported)

ID_LIKE = re.compile(r"^\d{17}[\dXx]$")
PHONE_LIKE = re.compile(r"^1[3-9]\d{9}$")


def _not_found() -> NotFound:
    return NotFound("未找到该记录，或您无权查看。")


# --- orgs -----------------------------------------------------------------------------------------


def access_org_by_id(*, actor, org_id: int) -> Org:
    org = Org.objects.filter(pk=org_id).first()
    if org is None or not scoping.covers(actor, org):
        raise _not_found()
    return org


def org_children(*, actor, org_id: int) -> list[Org]:
    """Direct children of a visible org, each annotated with its number of direct children."""
    parent = access_org_by_id(actor=actor, org_id=org_id)
    return list(
        Org.objects.filter(parent=parent).annotate(child_count=Count("children")).order_by("level", "name")
    )


def org_subtree(*, actor, org_id: int, limit: int = 5000) -> list[Org]:
    """A visible org and everything below it, in tree order (the path index makes this one range scan)."""
    org = access_org_by_id(actor=actor, org_id=org_id)
    return list(Org.objects.filter(org.subtree_q()).order_by("path")[:limit])


def org_tree_roots(*, actor) -> list[Org]:
    tops = scoping.top_orgs(actor)
    counts = dict(
        Org.objects.filter(parent__in=tops).values_list("parent_id").annotate(n=Count("id")).values_list("parent_id", "n")
    )
    for org in tops:
        org.child_count = counts.get(org.pk, 0)
    return tops


def orgs_for_list(*, actor, level: str = "") -> QuerySet[Org]:
    """The unions in scope as a flat list (the org page's grid), in tree order, each with its parent's name."""
    qs = scoping.orgs_visible_to(actor).select_related("parent").order_by("path")
    return qs.filter(level=level) if level in Org.Level.values else qs


def orgs_for_choice(*, actor, levels: list[str] | None = None) -> QuerySet[Org]:
    qs = scoping.orgs_visible_to(actor)
    if levels:
        qs = qs.filter(level__in=levels)
    return qs.order_by("path")


def org_names_for_choice(*, actor, levels: list[str], limit: int = 5000) -> list[str]:
    """Names of the unions in the actor's scope, for an import template's drop-down."""
    return list(orgs_for_choice(actor=actor, levels=levels).values_list("name", flat=True).distinct()[:limit])


def grassroots_orgs_search(*, q: str = "", limit: int = 20) -> list[Org]:
    """Public: any worker may look up a grassroots union to join (names are not personal data)."""
    qs = Org.objects.filter(level=Org.Level.GRASSROOTS)
    q = (q or "").strip()
    if q:
        qs = qs.filter(Q(name__icontains=q) | Q(employer_name__icontains=q) | Q(uscc=q.upper()))
    return list(qs.select_related("parent").order_by("name")[:limit])


def open_unions() -> dict[str, list[Org]]:
    """Unions a worker can join when the employer has none: regional and industry unions, and the unions for
    couriers, ride-hailing drivers and delivery riders (public information, like the search)."""
    kinds = [Org.Kind.REGIONAL, Org.Kind.INDUSTRY, Org.Kind.NEW_EMPLOYMENT]
    unions = Org.objects.filter(level=Org.Level.GRASSROOTS, kind__in=kinds).select_related("parent").order_by("name")
    grouped: dict[str, list[Org]] = {"regional": [], "new_employment": []}
    for org in unions[:60]:
        grouped["new_employment" if org.kind == Org.Kind.NEW_EMPLOYMENT else "regional"].append(org)
    return grouped


def ancestors(org: Org) -> list[Org]:
    return list(Org.objects.filter(path__in=org.ancestor_paths()).order_by("depth"))


# --- members --------------------------------------------------------------------------------------


# Below this many matching rows the first page is fetched through the subtree's org ids (index on
# member.org_id, then a top-N sort: cost ~ rows in scope); above it, walking the primary key backwards
# through the join finds the newest rows sooner (cost ~ 20 x table size / rows in scope). The two meet
# near sqrt(12 x table size): ~5,000 for a 2M-member province. Measured both sides in bench/scope.py
# (docs/benchmarks/scope.md); 20,000 was too high (an 18,000-member district took 76 ms instead of 12).
SMALL_SCOPE_ROWS = 5_000


def members_visible_to(
    *, actor, q: str = "", status: str = "", org_id: int | None = None, expected_rows: int | None = None
) -> QuerySet[Member]:
    """The member roster the actor may see, searched and filtered, newest first.

    `q` matches a name, a member number, or (through the blind index) a full ID or mobile number.
    `org_id` narrows to one org's subtree (which must itself be visible). `expected_rows` (the count the
    page has already taken) lets PostgreSQL pick the plan that suits the size of the scope.
    """
    scope = scoping.scope_q(actor)
    if expected_rows is not None and expected_rows <= SMALL_SCOPE_ROWS:
        scope = scoping.count_scope_q(actor, model=Member)
    qs = Member.objects.filter(scope, _member_filters(actor=actor, q=q, status=status, org_id=org_id))
    return qs.select_related("org").order_by("-id")


def count_members_visible_to(*, actor, q: str = "", status: str = "", org_id: int | None = None) -> int:
    """The same rows as `members_visible_to`, counted with the plan that suits counting (see scoping):
    on PostgreSQL neither the scope nor the chosen org joins core_org."""
    org_q = Q()
    if org_id:
        org_q = scoping.subtree_count_q(access_org_by_id(actor=actor, org_id=org_id), model=Member)
    return Member.objects.filter(
        scoping.count_scope_q(actor, model=Member), org_q, _member_filters(actor=actor, q=q, status=status, org_id=None)
    ).count()


def _member_filters(*, actor, q: str, status: str, org_id: int | None) -> Q:
    filters = Q()
    if org_id:
        org = access_org_by_id(actor=actor, org_id=org_id)
        filters &= Q(org__path__gte=org.path, org__path__lt=path_upper_bound(org.path))
    if status:
        filters &= Q(status=status)
    q = (q or "").strip()
    if q:
        if ID_LIKE.match(q):
            filters &= Q(id_index=pii.blind_index(q, purpose="id"))
        elif PHONE_LIKE.match(q):
            filters &= Q(phone_index=pii.blind_index(q, purpose="phone"))
        else:
            filters &= Q(name__startswith=q) | Q(member_no=q)
    return filters


def access_member_by_id(*, actor, member_id: int, for_update: bool = False) -> Member:
    qs = Member.objects.select_related("org", "user")
    if for_update:
        qs = qs.select_for_update(of=("self",))
    member = qs.filter(pk=member_id).first()
    if member is None:
        raise _not_found()
    if member.user_id and actor is not None and member.user_id == getattr(actor, "pk", None):
        return member
    if not scoping.covers(actor, member.org):
        raise _not_found()
    return member


def member_history(*, actor, member: Member) -> list[Member]:
    """Every roster row of the same person that the actor may see (transfers keep history)."""
    return list(
        Member.objects.filter(id_index=member.id_index)
        .filter(scoping.scope_q(actor) | Q(user_id=getattr(actor, "pk", None)))
        .select_related("org")
        .order_by("join_date", "id")
    )


def find_member_by_id_number(*, actor, id_number: str) -> Member | None:
    return members_visible_to(actor=actor).filter(id_index=pii.blind_index(id_number, purpose="id")).first()


def member_for_card(*, member_id: int) -> Member | None:
    """The member behind a signed card token (the signature is the access check)."""
    return Member.objects.select_related("org").filter(pk=member_id).first()


def active_membership_of(user: User) -> Member | None:
    return (
        Member.objects.filter(user=user, status=Member.Status.ACTIVE)
        .select_related("org", "org__parent")
        .first()
    )


def active_membership_rows(user_id: int) -> QuerySet[Member]:
    """The user's active membership rows, in `active_membership_of`'s order (newest first), for use inside another
    query (e.g. `Subquery(active_membership_rows(uid).values("org_id")[:1])`): a hot path that needs only the
    member's union reads it in its own query, without a round trip or decrypting the member's personal data."""
    return Member.objects.filter(user_id=user_id, status=Member.Status.ACTIVE).order_by("-id")


def memberships_of(user: User) -> list[Member]:
    return list(Member.objects.filter(user=user).select_related("org").order_by("-join_date", "-id"))


def model_workers_in(*, actor, org_id: int) -> QuerySet[Member]:
    """Active members tagged as model workers (劳模) in the subtree of an org the actor may see."""
    org = access_org_by_id(actor=actor, org_id=org_id)
    return Member.objects.filter(org.subtree_q(prefix="org__"), status=Member.Status.ACTIVE, model_worker=True)


# --- accounts -------------------------------------------------------------------------------------


def accounts_visible_to(*, actor, locked_only: bool = False, phone: str = "", name: str = "") -> QuerySet[User]:
    """Login accounts an admin may manage: people with a roster row, a join request or a role in scope.

    An account with none of those (registered, nothing applied for yet) belongs to no union, so only
    admins whose grant covers a whole tree (a root org) see it.
    """
    qs = User.objects.all()
    if not scoping.is_everything(actor):
        roles = scoping.ADMIN_ROLES
        q = (
            Exists(Member.objects.filter(scoping.scope_q(actor, roles=roles), user_id=OuterRef("pk")))
            | Exists(JoinRequest.objects.filter(scoping.scope_q(actor, roles=roles), user_id=OuterRef("pk")))
            | Exists(
                OrgRole.objects.filter(scoping.scope_q(actor, roles=roles), user_id=OuterRef("pk"))
            )
        )
        if any(org.parent_id is None for org in scoping.top_orgs(actor, roles=roles)):
            unaffiliated = (
                ~Exists(Member.objects.filter(user_id=OuterRef("pk")))
                & ~Exists(JoinRequest.objects.filter(user_id=OuterRef("pk")))
                & ~Exists(OrgRole.objects.filter(user_id=OuterRef("pk")))
            )
            q = q | unaffiliated
        qs = qs.filter(q)
    if locked_only:
        qs = qs.filter(locked_until__gt=timezone.now())
    if phone:
        qs = qs.filter(phone_index=pii.blind_index(phone.strip(), purpose="phone"))
    if name:
        qs = qs.filter(Q(real_name__startswith=name) | Q(display_name__startswith=name))
    return qs.order_by("-locked_until", "pk")


def roles_at_org(*, actor, org_id: int) -> tuple[Org, list[OrgRole]]:
    """The role grants held at one org, for an admin whose scope covers it."""
    org = Org.objects.filter(pk=org_id).first()
    if org is None or not scoping.covers(actor, org, roles=scoping.ADMIN_ROLES):
        raise _not_found()
    grants = list(OrgRole.objects.filter(org=org).select_related("user").order_by("role", "created_at"))
    return org, grants


def accounts_with_org(qs: QuerySet[User]) -> QuerySet[User]:
    """Add the name of each account's current union, for the unlock list, in the same query."""
    current = Member.objects.filter(user_id=OuterRef("pk"), status=Member.Status.ACTIVE)
    return qs.annotate(org_name=Subquery(current.values("org__name")[:1]))


def access_account_by_id(*, actor, user_id: int) -> User:
    user = accounts_visible_to(actor=actor).filter(pk=user_id).first()
    if user is None:
        raise _not_found()
    return user


def member_counts_by_child_org(*, actor, org_id: int | None = None) -> list[tuple[Org, dict[str, int]]]:
    """For each child of the chosen org (default: the actor's top org): members by status in its subtree.

    One grouped query over the chosen subtree; the per-child split uses the path prefix.
    """
    if org_id:
        parent = access_org_by_id(actor=actor, org_id=org_id)
    else:
        tops = scoping.top_orgs(actor)
        if not tops:
            return []
        parent = tops[0]
    children = list(Org.objects.filter(parent=parent).order_by("name"))
    if not children:
        children = [parent]
    seg_len = len(children[0].path)
    rows = (
        Member.objects.filter(org__path__gte=parent.path, org__path__lt=path_upper_bound(parent.path))
        .filter(scoping.scope_q(actor))
        .values("org__path", "status")
        .annotate(n=Count("id"))
    )
    by_prefix: dict[str, dict[str, int]] = {c.path: {} for c in children}
    for row in rows:
        key = row["org__path"][:seg_len]
        if key in by_prefix:
            bucket = by_prefix[key]
            bucket[row["status"]] = bucket.get(row["status"], 0) + row["n"]
    return [(c, by_prefix[c.path]) for c in children]


def members_by_org_level(*, actor) -> list[dict]:
    """Members grouped by the level of the org whose roster they sit on and their status."""
    return list(
        Member.objects.filter(scoping.scope_q(actor))
        .values("org__level", "status")
        .annotate(n=Count("id"))
        .order_by("org__level", "status")
    )


def orgs_by_level(*, actor) -> list[dict]:
    return list(scoping.orgs_visible_to(actor).values("level").annotate(n=Count("id")).order_by("level"))


# --- requests -------------------------------------------------------------------------------------


def pending_join_requests_for(*, actor, ids: list[int] | None = None) -> QuerySet[JoinRequest]:
    """Pending join requests in scope; `ids` narrows to the rows a bulk action selected."""
    extra = Q(pk__in=ids) if ids is not None else Q()
    return (
        JoinRequest.objects.filter(scoping.queue_scope_q(actor), extra, status=JoinRequest.Status.PENDING)
        .select_related("org", "user")
        .order_by("created_at", "id")
    )


def access_join_request_by_id(*, actor, request_id: int) -> JoinRequest:
    request = JoinRequest.objects.select_related("org", "user").filter(pk=request_id).first()
    if request is None:
        raise _not_found()
    if request.user_id == getattr(actor, "pk", None) or scoping.covers(actor, request.org):
        return request
    raise _not_found()


def pending_transfers_for(*, actor, ids: list[int] | None = None) -> QuerySet[TransferRequest]:
    """Pending transfers into the actor's unions; `ids` narrows to the rows a bulk action selected."""
    extra = Q(pk__in=ids) if ids is not None else Q()
    return (
        TransferRequest.objects.filter(scoping.scope_q(actor, org_field="to_org"), extra,
                                       status=TransferRequest.Status.PENDING)
        .select_related("member", "from_org", "to_org")
        .order_by("created_at", "id")
    )


def join_requests_of(user: User) -> list[JoinRequest]:
    return list(JoinRequest.objects.filter(user=user).select_related("org", "decided_by").order_by("-id")[:10])


def transfers_of(user: User) -> list[TransferRequest]:
    return list(
        TransferRequest.objects.filter(member__user=user).select_related("from_org", "to_org").order_by("-id")[:10]
    )


# --- audit, messages, attachments -----------------------------------------------------------------


def audit_events_visible_to(
    *, actor, action: str = "", object_type: str = "", actor_query: str = "", date_from=None, date_to=None,
    object_id: str = "",
) -> QuerySet[AuditEvent]:
    qs = AuditEvent.objects.filter(scoping.scope_q(actor))
    if action:
        qs = qs.filter(action__startswith=action)
    if object_type:
        qs = qs.filter(object_type=object_type)
    if actor_query:
        qs = qs.filter(Q(actor__real_name__startswith=actor_query) | Q(actor__display_name__startswith=actor_query))
    if date_from:
        qs = qs.filter(created_at__date__gte=date_from)
    if date_to:
        qs = qs.filter(created_at__date__lte=date_to)
    if object_id:
        qs = qs.filter(object_id=object_id)
    # The actor's unions for "who" (one extra query for the page, not one per row).
    roles = Prefetch("actor__org_roles", queryset=OrgRole.objects.select_related("org").order_by("org__path"))
    return qs.select_related("actor", "org").prefetch_related(roles).order_by("-id")


def messages_of(user: User) -> QuerySet[Message]:
    return Message.objects.filter(recipient=user).order_by("-id")


def unread_count(user: User) -> int:
    return Message.objects.filter(recipient=user, read_at__isnull=True).count()


def access_attachment_by_id(*, actor, attachment_id: int) -> Attachment:
    attachment = Attachment.objects.select_related("org").filter(pk=attachment_id).first()
    if attachment is None:
        raise _not_found()
    if attachment.uploaded_by_id == getattr(actor, "pk", None):
        return attachment
    if attachment.org is not None and scoping.covers(actor, attachment.org):
        return attachment
    # Apps may grant access for their own reasons (a lawyer assigned to the case the file belongs to).
    for rule in settings.NIANGJIA_ATTACHMENT_ACCESS:
        if import_string(rule)(actor, attachment.pk):
            return attachment
    raise _not_found()


def api_tokens_of(user: User) -> list[ApiToken]:
    return list(ApiToken.objects.filter(user=user).order_by("-created_at", "-id")[:100])


def api_tokens_of_account(*, actor, user_id: int) -> list[ApiToken]:
    """An admin looks at the tokens of an account in their scope (404 for anyone else)."""
    if not scoping.has_role(actor, scoping.ADMIN_ROLES):
        raise _not_found()
    user = access_account_by_id(actor=actor, user_id=user_id)
    return api_tokens_of(user)


def user_by_phone(phone: str) -> User | None:
    try:
        return User.objects.get_by_phone((phone or "").strip())
    except User.DoesNotExist:
        return None
# --- 我的办事 (core's part: join and transfer requests) ------------------------------------------------


def my_business_items(user: User) -> list:
    """Join and transfer requests of the worker as 我的办事 rows (two queries)."""
    from django.conf import settings
    from django.urls import reverse
    from django.utils.translation import gettext as _

    from niangjia.core.my_business import BusinessItem

    days = getattr(settings, "NIANGJIA_MEMBERSHIP_REVIEW_WORKING_DAYS", 3)
    expected = _("usually within %(days)s working days") % {"days": days}
    me_url = reverse("core:me")
    items = []
    for r in join_requests_of(user):
        pending = r.status == JoinRequest.Status.PENDING
        rejected = r.status == JoinRequest.Status.REJECTED
        items.append(BusinessItem(
            number=_("No. %(n)s") % {"n": r.pk}, kind=_("Join request"), code="join", title=r.org.name,
            stage=(_("Under review") if pending else r.get_status_display()), url=me_url, created_at=r.created_at,
            pending=pending, rejected=rejected,
            next_step=(_("The union reviews your request and sends you a message.") if pending
                       else _("Fix what the reason says and apply again, or call the hotline.") if rejected
                       else _("Your member card is ready.")),
            holder=r.org.name if pending else "", expected=expected if pending else ""))
    for t in transfers_of(user):
        pending = t.status == TransferRequest.Status.PENDING
        items.append(BusinessItem(
            number=_("No. %(n)s") % {"n": t.pk}, kind=_("Transfer"), code="transfer", title=f"{t.from_org.name} → {t.to_org.name}",
            stage=(_("Under review") if pending else t.get_status_display()), url=me_url, created_at=t.created_at,
            pending=pending, rejected=t.status == TransferRequest.Status.REJECTED,
            next_step=_("The receiving union reviews your request.") if pending else "",
            holder=t.to_org.name if pending else "", expected=expected if pending else ""))
    return items


def union_contact(org: Org) -> dict:
    """Whom a worker can ask about their business: the nearest staff member at their union or above (one query)."""
    role = (OrgRole.objects.filter(org__path__in=org.ancestor_paths(), role__in=["staff", "admin"])
            .select_related("user", "org").order_by("-org__depth", "id").first())
    return {"union": role.org.name if role else org.name, "name": role.user.name if role else ""}


def intake_org() -> Org | None:
    """The federation that runs the platform (the root of the tree): it receives what has no union yet, such as a
    legal question from a worker who is not a member."""
    return Org.objects.filter(parent__isnull=True).order_by("id").first()


# --- 我的个人信息: what the platform holds about the worker (个人信息保护法 第四十四、四十五条) --------------


def my_personal_data(user: User) -> dict:
    """Profile, memberships, everything applied for, recent messages, and who viewed the worker's unmasked data."""
    from niangjia.core.my_business import items_for

    memberships = list(Member.objects.filter(user=user).select_related("org").order_by("-join_date", "-id"))
    member_ids = [str(m.pk) for m in memberships]
    reveals = list(AuditEvent.objects.filter(action="pii.reveal", object_type="core.member", object_id__in=member_ids)
                   .select_related("actor", "org").order_by("-created_at")[:200])
    messages = list(Message.objects.filter(recipient=user).order_by("-created_at")[:50])
    return {"user": user, "memberships": memberships, "business": items_for(user), "inbox": messages,
            "reveals": reveals}


def pending_corrections_for(*, actor) -> QuerySet:
    from niangjia.core.models import CorrectionRequest

    return (CorrectionRequest.objects.filter(scoping.scope_q(actor), status=CorrectionRequest.Status.PENDING)
            .select_related("org", "user").order_by("created_at", "id"))


def my_corrections(user) -> list:
    from niangjia.core.models import CorrectionRequest

    return list(CorrectionRequest.objects.filter(user=user).order_by("-id")[:20])
