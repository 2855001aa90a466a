"""Reads for the welfare gauge page: the unions the actor may pick."""

from niangjia.core import scoping
from niangjia.core.models import Org

OWNER_LEVELS = {Org.Level.PROVINCE: 2, Org.Level.CITY: 4}
ADMIN = frozenset({"admin"})


def unions_for_gauge(*, actor):
    return scoping.orgs_visible_to(actor).order_by("path")[:500]


def default_org(*, actor):
    tops = scoping.top_orgs(actor)
    return tops[0] if tops else None


def rules_listing(*, actor, show_all: bool = False):
    """Rule rows an actor sees: every row of the regions whose owning union they administer, and the rows that
    apply to the unions they work in (province and city prefixes of their orgs). Superseded versions on request."""
    from django.db.models import Q

    from niangjia.market.models import WelfareRule

    qs = WelfareRule.objects.all()
    if not scoping.is_everything(actor):
        q = Q(pk__in=[])
        for prefix, _org in owned_prefixes(actor):
            q |= Q(region__startswith=prefix)
        codes = {g.org.region_code for g in scoping.roles_of(actor) if g.role in scoping.STAFF_ROLES}
        q |= Q(region__in={c[:n] for c in codes for n in (2, 4)})
        qs = qs.filter(q)
    return qs if show_all else qs.filter(superseded_at__isnull=True)


def rule_for_edit(*, actor, rule_id: int):
    from niangjia.core.errors import NotFound

    row = rules_listing(actor=actor, show_all=True).filter(pk=rule_id).first()
    if row is None or not may_edit(actor, row.region):
        raise NotFound("未找到该规则，或您无权维护它。")
    return row


def cited_labels() -> set[str]:
    """Every rule version cited by a group order or a recorded purchase (two queries, whatever the page size)."""
    from niangjia.market.models import GroupOrder, WelfareSpend

    out: set[str] = set()
    for model in (GroupOrder, WelfareSpend):
        for text in model.objects.exclude(rule_version="").values_list("rule_version", flat=True).distinct():
            out.update(part.strip() for part in text.split(" + "))
    return out


def owned_prefixes(actor) -> list[tuple[str, Org]]:
    """(region prefix, org) for every provincial or city federation where the actor is an admin."""
    out = []
    for grant in scoping.roles_of(actor):
        if grant.role in ADMIN and grant.org.level in OWNER_LEVELS:
            out.append((grant.org.region_code[:OWNER_LEVELS[grant.org.level]], grant.org))
    return out


def may_edit(actor, region: str) -> bool:
    """A province admin owns its province row and the rows of its cities; a city admin only its city's row."""
    if scoping.is_everything(actor):
        return True
    return any(region.startswith(prefix) for prefix, _org in owned_prefixes(actor))


def label_of(row) -> str:
    """The version text group orders and recorded purchases cite (see services_welfare._as_rule)."""
    return f"{row.region_name} {row.year} {row.version}"


def rule_as_form(row) -> dict:
    """A rule row as the edit form's values (shares as percentages)."""
    def text(value) -> str:
        return "" if value is None else f"{value:.2f}"

    share = "" if row.poverty_share_min is None else f"{(row.poverty_share_min * 100).normalize():f}"
    form = {"region": row.region, "year": str(row.year), "region_name": row.region_name, "version": row.version,
            "source": row.source, "effective_from": row.effective_from.isoformat() if row.effective_from else "",
            "festival_cap": text(row.festival_cap), "birthday_cap": text(row.birthday_cap),
            "poverty_extra": text(row.poverty_extra), "poverty_per_worker_min": text(row.poverty_per_worker_min),
            "poverty_share_pct": share, "enforcement": row.enforcement,
            "allowed_festivals": list(row.allowed_festivals or [])}
    for key, value in (row.occasion_caps or {}).items():
        form[f"occasion_{key}"] = str(value)
    for key, value in (row.event_caps or {}).items():
        form[f"event_{key}"] = str(value)
    return form
