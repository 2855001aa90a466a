"""What the jobs app may read about hardship households (re-exported by `relief.selectors`): the open files
a helper looks after, as plain snapshots, so that jobs never touches relief's models."""

from dataclasses import dataclass

from django.db.models import Case, IntegerField, Value, When

from niangjia.core import scoping
from niangjia.core.errors import NotFound
from niangjia.relief.models import HardshipFile


@dataclass(frozen=True)
class HardshipWorker:
    household_id: int
    file_id: int
    name: str
    org: object            # core Org of the household
    region_code: str
    category: str
    category_label: str
    user_id: int | None    # the head's login, when the head is a member with an account
    helper_id: int | None


def _snapshot(f: HardshipFile) -> HardshipWorker:
    h = f.household
    return HardshipWorker(household_id=h.pk, file_id=f.pk, name=h.head_name, org=h.org, region_code=h.region_code,
                          category=f.category, category_label=str(f.get_category_display()),
                          user_id=h.head.user_id if h.head_id else None, helper_id=f.helper_id)


def _open_files():
    return (HardshipFile.objects.filter(status__in=HardshipFile.OPEN, household__merged_into__isnull=True)
            .select_related("household__org", "household__head"))


def hardship_workers_for_jobs(*, actor, mine_only: bool = False, limit: int = 200) -> list[HardshipWorker]:
    """Open files in the actor's scope (the helper's own first), two joins, one query."""
    return snapshots(hardship_files_for_jobs(actor=actor, mine_only=mine_only)[:limit])


def hardship_files_for_jobs(*, actor, mine_only: bool = False):
    """The same rows as a queryset, for a list grid that sorts and pages them; turn a page into snapshots with
    `snapshots`."""
    qs = _open_files().filter(scoping.scope_q(actor, org_field="household__org"))
    if mine_only:
        qs = qs.filter(helper=actor)
    mine = Case(When(helper_id=actor.pk, then=Value(0)), default=Value(1), output_field=IntegerField())
    return qs.annotate(mine_first=mine).order_by("mine_first", "household__head_name", "pk")


def snapshots(files) -> list[HardshipWorker]:
    return [_snapshot(f) for f in files]


def hardship_worker_for_jobs(*, actor, household_id: int) -> HardshipWorker:
    """One household with an open file, scope-checked (missing and out of scope both NotFound)."""
    f = _open_files().filter(household_id=household_id).order_by("-pk").first()
    if f is None or not scoping.covers(actor, f.household.org):
        raise NotFound("未找到该困难职工家庭，或不在您的管理范围内。", code="relief.not_found")
    return _snapshot(f)


def hardship_workers_by_household(household_ids) -> dict[int, HardshipWorker]:
    """Snapshots of the given households' open files (no scope: for system jobs and already-scoped rows)."""
    return {f.household_id: _snapshot(f) for f in _open_files().filter(household_id__in=list(household_ids))}
