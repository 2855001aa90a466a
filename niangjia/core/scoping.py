"""Which orgs an actor may see and act for.

An `OrgRole` grants its org and, unless `include_subtree` is off, every org below it. A subtree is
one indexed range on `Org.path`. Superusers see the whole tree. The roles are loaded once per
actor object, so a page that asks many times pays one query.
"""

from collections.abc import Iterable

from django.db import connection
from django.db.models import BooleanField, Q, QuerySet
from django.db.models.expressions import RawSQL

from niangjia.core.errors import NotFound
from niangjia.core.models import Org, OrgRole, path_upper_bound

STAFF_ROLES = frozenset({"staff", "approver", "admin", "social_worker"})
APPROVER_ROLES = frozenset({"approver", "admin"})
ADMIN_ROLES = frozenset({"admin"})
# Roles whose work needs full personal data (calling a worker back, paying them).
UNMASK_ROLES = frozenset({"approver", "admin"})


def roles_of(actor) -> list[OrgRole]:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return []
    cached = getattr(actor, "_niangjia_roles", None)
    if cached is None:
        cached = list(OrgRole.objects.filter(user_id=actor.pk).select_related("org").order_by("org__path"))
        actor._niangjia_roles = cached
    return cached


def forget_roles(actor) -> None:
    if hasattr(actor, "_niangjia_roles"):
        del actor._niangjia_roles


def _grants(actor, roles: Iterable[str]) -> list[OrgRole]:
    wanted = frozenset(roles)
    return [r for r in roles_of(actor) if r.role in wanted]


def is_everything(actor) -> bool:
    return bool(getattr(actor, "is_superuser", False))


def has_role(actor, roles: Iterable[str] = STAFF_ROLES) -> bool:
    return is_everything(actor) or bool(_grants(actor, roles))


def scope_q(actor, *, roles: Iterable[str] = STAFF_ROLES, org_field: str = "org") -> Q:
    """A filter for rows whose org (reached through `org_field`) lies in the actor's scope."""
    if is_everything(actor):
        return Q()
    prefix = f"{org_field}__" if org_field else ""
    q = Q(pk__in=[])
    for grant in _grants(actor, roles):
        if grant.include_subtree:
            q |= Q(
                **{f"{prefix}path__gte": grant.org.path, f"{prefix}path__lt": path_upper_bound(grant.org.path)}
            )
        else:
            q |= Q(**{f"{prefix}pk" if prefix else "pk": grant.org_id})
    return q


def scope_or_above_q(actor, *, roles: Iterable[str] = STAFF_ROLES, org_field: str = "org") -> Q:
    """`scope_q` plus rows of the orgs above the actor's grants: what a higher union set up for the whole tree
    (a city's mutual-aid plan) reaches a district's staff, a sibling district's own does not."""
    if is_everything(actor):
        return Q()
    paths = sorted({p for grant in _grants(actor, roles) for p in grant.org.ancestor_paths()})
    return scope_q(actor, roles=roles, org_field=org_field) | Q(**{f"{org_field}__path__in": paths})


def orgs_visible_to(actor, *, roles: Iterable[str] = STAFF_ROLES) -> QuerySet[Org]:
    return Org.objects.filter(scope_q(actor, roles=roles, org_field=""))


def covers(actor, org: Org, *, roles: Iterable[str] = STAFF_ROLES) -> bool:
    """In-memory check (no query beyond loading roles) that `org` lies in the actor's scope."""
    if is_everything(actor):
        return True
    for grant in _grants(actor, roles):
        if grant.org_id == org.pk:
            return True
        if grant.include_subtree and org.path.startswith(grant.org.path):
            return True
    return False


def require(actor, org: Org, *, roles: Iterable[str] = STAFF_ROLES) -> None:
    if not covers(actor, org, roles=roles):
        raise NotFound("未找到该记录，或您无权查看。")


def top_orgs(actor, *, roles: Iterable[str] = STAFF_ROLES) -> list[Org]:
    """The highest orgs the actor holds a role in: roots of the tree browser."""
    if is_everything(actor):
        return list(Org.objects.filter(parent__isnull=True))
    grants = sorted({g.org.path: g.org for g in _grants(actor, roles)}.items())
    tops: list[Org] = []
    for path, org in grants:
        if not any(path.startswith(t.path) for t in tops):
            tops.append(org)
    return tops


def may_unmask(actor, org: Org) -> bool:
    return covers(actor, org, roles=UNMASK_ROLES)


def subtree_count_q(org, *, model, org_field: str = "org") -> Q:
    """Rows whose org lies in `org`'s subtree, shaped like `count_scope_q` (no join to core_org on
    PostgreSQL) for counting within one chosen org."""
    bounds = (org.path, path_upper_bound(org.path))
    if connection.vendor != "postgresql":
        return Q(**{f"{org_field}__path__gte": bounds[0], f"{org_field}__path__lt": bounds[1]})
    column = f'"{model._meta.db_table}"."{model._meta.get_field(org_field).column}"'
    sql = f'{column} = ANY(ARRAY(SELECT "id" FROM "core_org" WHERE "path" >= %s AND "path" < %s))'
    return Q(RawSQL(sql, bounds, output_field=BooleanField()))


def count_scope_q(actor, *, model, org_field: str = "org", roles: Iterable[str] = STAFF_ROLES) -> Q:
    """Like `scope_q` for a model with a direct org FK, shaped for COUNT/aggregates on PostgreSQL.

    `org_id = ANY(ARRAY(SELECT id FROM core_org WHERE path range))` turns the subtree into an InitPlan, so
    PostgreSQL probes the FK index once per org in the subtree instead of joining the whole index; measured
    in bench/scope.py (2M members: list p95 167 -> 44 ms). Only for counts: on an ORDER BY id LIMIT page the
    join plan is far better. Other databases get the plain `scope_q`.
    """
    if connection.vendor != "postgresql" or is_everything(actor):
        return scope_q(actor, roles=roles, org_field=org_field)
    column = f'"{model._meta.db_table}"."{model._meta.get_field(org_field).column}"'
    sql = f'{column} = ANY(ARRAY(SELECT "id" FROM "core_org" WHERE "path" >= %s AND "path" < %s))'
    q = Q(pk__in=[])
    for grant in _grants(actor, roles):
        if grant.include_subtree:
            bounds = (grant.org.path, path_upper_bound(grant.org.path))
            q |= Q(RawSQL(sql, bounds, output_field=BooleanField()))
        else:
            q |= Q(**{f"{org_field}_id": grant.org_id})
    return q


def queue_scope_q(actor, *, org_field: str = "org", roles: Iterable[str] = STAFF_ROLES) -> Q:
    """`count_scope_q` for the to-do queue's kinds: `org_id IN (SELECT id FROM core_org WHERE path range)`.

    A to-do kind reads few rows (its open statuses, matched by a partial index) from a big table, then both
    counts them and takes the first by deadline. As a semi-join PostgreSQL may hash the subtree's org ids once
    and walk the kind's small index (or its deadline order, stopping after LIMIT rows) instead of probing the
    org index once per org of the subtree (8,380 probes for the biggest district) as the ARRAY form must.
    """
    if connection.vendor != "postgresql" or is_everything(actor):
        return scope_q(actor, roles=roles, org_field=org_field)
    field = f"{org_field}_id"
    q = Q(pk__in=[])
    for grant in _grants(actor, roles):
        if grant.include_subtree:
            q |= Q(**{f"{field}__in": Org.objects.filter(
                path__gte=grant.org.path, path__lt=path_upper_bound(grant.org.path)).values("id")})
        else:
            q |= Q(**{field: grant.org_id})
    return q
