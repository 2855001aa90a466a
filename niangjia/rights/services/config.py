"""Workbench settings of the rights app: the holiday table, SLA per category, search synonyms and
per-org rights supervisors. One transaction per use case, audited; bad input raises `Invalid` in Chinese.

Who may edit:
- the holiday table and the SLAs serve the whole platform: an admin at city level or above (or a superuser);
- synonyms (and knowledge-base articles, services/kb.py): an approver or admin at city level or above;
- an org's rights supervisor: an admin whose scope covers that org.
"""

import datetime as dt
import re

from django.db import transaction
from django.utils import timezone

from niangjia.core import audit, scoping
from niangjia.core.errors import Invalid
from niangjia.core.models import Org, OrgRole, User
from niangjia.core.services import roles
from niangjia.rights import official_calendar, rules, search
from niangjia.rights.models import (
    Category,
    Counsellor,
    DeadlinePolicy,
    Holiday,
    RightsSupervisor,
    SlaPolicy,
    Synonym,
)
from niangjia.rights.services.appointments import register_counsellor
from niangjia.rights.services.common import not_found

PLATFORM_LEVELS = frozenset({"national", "province", "city"})
MAX_SLA_DAYS = 60


def _platform_role(actor, roles) -> bool:
    if scoping.is_everything(actor):
        return True
    return any(r.role in roles and r.org.level in PLATFORM_LEVELS for r in scoping.roles_of(actor))


def may_edit_calendar(actor) -> bool:
    return _platform_role(actor, scoping.ADMIN_ROLES)


def may_edit_knowledge(actor) -> bool:
    return _platform_role(actor, scoping.APPROVER_ROLES)


def may_set_supervisors(actor) -> bool:
    return scoping.has_role(actor, scoping.ADMIN_ROLES)


def require_calendar_editor(actor) -> None:
    if not may_edit_calendar(actor):
        raise not_found()


def require_knowledge_editor(actor) -> None:
    if not may_edit_knowledge(actor):
        raise not_found()


# --- holidays ----------------------------------------------------------------------------------------


@transaction.atomic
def save_holiday(actor, *, day: dt.date | None, name: str, is_workday: bool) -> Holiday:
    require_calendar_editor(actor)
    if day is None:
        raise Invalid("请填写正确的日期。", code="rights.holiday_day")
    name = (name or "").strip()
    if not name:
        raise Invalid("请填写节日名称，例如“春节”或“春节调休上班”。", code="rights.holiday_name")
    if len(name) > 40:
        raise Invalid("名称不能超过 40 个字。", code="rights.holiday_name")
    official_off, official_work = official_calendar.official_days()
    # a row either adds what the notice says (a weekday off, a weekend worked) or corrects the built-in data
    if is_workday and day.weekday() < 5 and day not in official_off:
        raise Invalid("调休上班日应是周六或周日。", code="rights.holiday_workday")
    if not is_workday and day.weekday() >= 5 and day not in official_work:
        raise Invalid("周末本来就不是工作日；只有调休上班的周末才需要登记。", code="rights.holiday_weekend")
    holiday, created = Holiday.objects.update_or_create(day=day, defaults={"name": name, "is_workday": is_workday})
    audit.record(actor, "rights.holiday_save", holiday,
                 summary={"day": day.isoformat(), "name": name, "is_workday": is_workday, "created": created})
    return holiday


@transaction.atomic
def delete_holiday(actor, *, holiday_id: int) -> None:
    require_calendar_editor(actor)
    holiday = Holiday.objects.filter(pk=holiday_id).first()
    if holiday is None:
        raise not_found()
    audit.record(actor, "rights.holiday_delete", holiday, summary={"day": holiday.day.isoformat(), "name": holiday.name})
    holiday.delete()


# --- service levels ----------------------------------------------------------------------------------


def _days(value, label: str) -> int:
    text = str(value if value is not None else "").strip()
    if not text.isdigit() or not 1 <= int(text) <= MAX_SLA_DAYS:
        raise Invalid(f"{label}应是 1 到 {MAX_SLA_DAYS} 之间的整数（工作日）。", code="rights.sla_days")
    return int(text)


@transaction.atomic
def save_sla(actor, *, category: str, first_response_days, resolution_days) -> SlaPolicy:
    """Applies to cases opened from now on; the due dates of open cases stay as promised."""
    require_calendar_editor(actor)
    if category not in Category.values:
        raise Invalid("请选择类别。", code="rights.category")
    first = _days(first_response_days, "首次响应时限")
    resolve = _days(resolution_days, "办结时限")
    if first > resolve:
        raise Invalid("首次响应时限不能长于办结时限。", code="rights.sla_order")
    policy, created = SlaPolicy.objects.update_or_create(
        category=category, defaults={"first_response_days": first, "resolution_days": resolve})
    audit.record(actor, "rights.sla_save", policy,
                 summary={"category": category, "first_response_days": first, "resolution_days": resolve})
    return policy


@transaction.atomic
def save_deadlines(actor, **values) -> DeadlinePolicy:
    """The letter deadlines (policies.md §9), the reopen window and the cancel window. Applies from now on:
    due dates already set on letters stay as they were."""
    require_calendar_editor(actor)
    clean = {}
    for field, (lo, hi, label) in rules.DEADLINE_LIMITS.items():
        text = str(values.get(field) if values.get(field) is not None else "").strip()
        if not (text.isascii() and text.isdigit()) or not lo <= int(text) <= hi:
            raise Invalid(f"{label}应是 {lo} 到 {hi} 之间的整数。", code="rights.deadline")
        clean[field] = int(text)
    row = DeadlinePolicy.objects.select_for_update().filter(pk=1).first()
    before = {f: getattr(row, f) for f in clean} if row else None
    row, _created = DeadlinePolicy.objects.update_or_create(pk=1, defaults={**clean, "updated_at": timezone.now()})
    audit.record(actor, "rights.deadlines_save", row, summary={"before": before, "after": clean})
    return row


# --- synonyms ----------------------------------------------------------------------------------------

SPLIT_RE = re.compile(r"[\s,，、;；/]+")


def parse_terms(text: str) -> list[str]:
    return list(dict.fromkeys(t.strip().lower() for t in SPLIT_RE.split(text or "") if t.strip()))


@transaction.atomic
def save_synonym_group(actor, *, group: str, terms: str, original_group: str = "") -> list[str]:
    """Create or replace a group: every term (the group's name included) finds the others' articles."""
    require_knowledge_editor(actor)
    group = (group or "").strip().lower()
    if not group or len(group) > 40 or SPLIT_RE.search(group):
        raise Invalid("请填写一个词作为同义词组名（不超过 40 个字）。", code="rights.synonym_group")
    words = list(dict.fromkeys([group, *parse_terms(terms)]))
    if len(words) < 2:
        raise Invalid("一组同义词至少要有两个词。", code="rights.synonym_terms")
    if len(words) > 30:
        raise Invalid("一组同义词最多 30 个词。", code="rights.synonym_terms")
    for w in words:
        if len(w) > 40:
            raise Invalid(f"“{w[:10]}…”太长，每个词不超过 40 个字。", code="rights.synonym_terms")
    replacing = {group, (original_group or "").strip().lower()} - {""}
    taken = (Synonym.objects.filter(term__in=words).exclude(group__in=replacing)
             .values_list("term", "group").first())
    if taken:
        raise Invalid(f"“{taken[0]}”已在同义词组“{taken[1]}”中。", code="rights.synonym_taken")
    before = list(Synonym.objects.filter(group__in=replacing).values_list("term", flat=True))
    Synonym.objects.filter(group__in=replacing).delete()
    Synonym.objects.bulk_create([Synonym(group=group, term=w) for w in words])
    audit.record(actor, "rights.synonyms_save", None, object_type="rights.synonym", object_id=group,
                 summary={"group": group, "before": sorted(before), "after": words})
    search.forget_synonyms()
    transaction.on_commit(search.forget_synonyms)  # and again, in case another request reloaded meanwhile
    return words


@transaction.atomic
def delete_synonym_group(actor, *, group: str) -> None:
    require_knowledge_editor(actor)
    terms = list(Synonym.objects.filter(group=group).values_list("term", flat=True))
    if not terms:
        raise not_found()
    Synonym.objects.filter(group=group).delete()
    audit.record(actor, "rights.synonyms_delete", None, object_type="rights.synonym", object_id=group,
                 summary={"group": group, "before": sorted(terms)})
    search.forget_synonyms()
    transaction.on_commit(search.forget_synonyms)  # and again, in case another request reloaded meanwhile


# --- rights supervisors ------------------------------------------------------------------------------


def supervisor_candidates(org: Org) -> list[User]:
    """Staff-role holders whose scope covers `org` (on it or above it)."""
    roles = (OrgRole.objects.filter(org__path__in=org.ancestor_paths(), role__in=list(scoping.STAFF_ROLES))
             .select_related("user").order_by("user_id"))
    return list({r.user_id: r.user for r in roles if r.include_subtree or r.org_id == org.pk}.values())


@transaction.atomic
def set_supervisor(actor, *, org: Org, supervisor_id: int | None) -> RightsSupervisor | None:
    """Name (or, with no id, clear) the user who hears about overdue cases at `org`."""
    if not scoping.covers(actor, org, roles=scoping.ADMIN_ROLES):
        raise not_found()
    current = RightsSupervisor.objects.select_for_update().filter(org=org).first()
    if not supervisor_id:
        if current is not None:
            audit.record(actor, "rights.supervisor_clear", org, summary={"was": current.supervisor_id})
            current.delete()
        return None
    user = next((u for u in supervisor_candidates(org) if u.pk == supervisor_id), None)
    if user is None:
        raise Invalid("督办人须是该组织或其上级组织的工作人员。", code="rights.supervisor_role")
    row, _created = RightsSupervisor.objects.update_or_create(
        org=org, defaults={"supervisor": user, "updated_at": timezone.now()})
    audit.record(actor, "rights.supervisor_set", org,
                 summary={"supervisor": user.pk, "was": current.supervisor_id if current else None})
    return row


# --- volunteers (lawyers and psychologists) -----------------------------------------------------------


@transaction.atomic
def enrol_volunteer(actor, *, org_id: int, phone: str, kind: str, display_name: str, bio: str = "") -> Counsellor:
    """An admin adds a volunteer lawyer or psychologist to a union's desk: the core role (so they reach
    their own queue) and the counsellor profile (so cases and slots can be theirs), in one use case."""
    org = scoping.orgs_visible_to(actor, roles=scoping.ADMIN_ROLES).filter(pk=org_id).first()
    if org is None:
        raise not_found()
    if kind not in Counsellor.Kind.values:
        raise Invalid("请选择律师或心理咨询师。", code="rights.counsellor_kind")
    display_name = (display_name or "").strip()
    if not 2 <= len(display_name) <= 60:
        raise Invalid("请填写对外显示的称呼（2–60 个字），如“张律师（某某律师事务所）”。", code="rights.counsellor_name")
    if len(bio or "") > 300:
        raise Invalid("简介最多 300 个字。", code="rights.counsellor_bio")
    user = roles.verified_user_by_phone(phone)
    roles.ensure_role(actor=actor, user=user, org=org, role=kind)
    return register_counsellor(actor, user=user, org=org, kind=kind, display_name=display_name, bio=bio.strip())


@transaction.atomic
def set_volunteer_active(actor, *, counsellor_id: int, active: bool) -> Counsellor:
    c = Counsellor.objects.select_for_update().select_related("org").filter(pk=counsellor_id).first()
    if c is None or not scoping.covers(actor, c.org, roles=scoping.ADMIN_ROLES):
        raise not_found()
    c.active = active
    c.save(update_fields=["active"])
    audit.record(actor, "rights.counsellor_active", c, org=c.org, summary={"active": active})
    return c
