"""Reads of panel scoring: a judge's entries (conflicted ones never appear), staff views in scope, results."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from niangjia.core import scoping
from niangjia.core.errors import NotFound
from niangjia.honors import rules
from niangjia.honors.models import Conflict, Entry, Judge, Panel, Score, Sheet


def panels_for_judge(*, user) -> QuerySet[Panel]:
    return Panel.objects.filter(judges__user=user).select_related("org").order_by("-id")


def judge_of(*, user, panel_id: int) -> Judge:
    judge = Judge.objects.select_related("panel", "panel__org").filter(panel_id=panel_id, user=user).first()
    if judge is None:
        raise NotFound("没有找到这个评审。")
    return judge


def entries_for_judge(*, judge: Judge) -> list[Entry]:
    submitted = Sheet.objects.filter(judge=judge, entry=OuterRef("pk"), submitted_at__isnull=False)
    return list(Entry.objects.filter(panel=judge.panel).exclude(conflicts__judge=judge)
                .annotate(submitted=Exists(submitted)).order_by("code"))


def entry_for_judge(*, judge: Judge, entry_id: int) -> Entry:
    entry = Entry.objects.filter(panel=judge.panel, pk=entry_id).exclude(conflicts__judge=judge).first()
    if entry is None:
        raise NotFound("没有找到这个参评项目。")
    return entry


def my_scores(*, judge: Judge, entry: Entry) -> dict[int, Decimal]:
    return dict(Score.objects.filter(judge=judge, entry=entry).values_list("criterion_id", "value"))


def my_sheet(*, judge: Judge, entry: Entry) -> Sheet | None:
    return Sheet.objects.filter(judge=judge, entry=entry).first()


def staff_panels(*, actor) -> QuerySet[Panel]:
    return (Panel.objects.filter(scoping.scope_q(actor)).select_related("org")
            .annotate(n_entries=Count("entries", distinct=True), n_judges=Count("judges", distinct=True)))


def panel_for_staff(*, actor, panel_id: int) -> Panel:
    panel = (Panel.objects.filter(scoping.scope_q(actor), pk=panel_id).select_related("org")
             .prefetch_related("criteria").first())
    if panel is None:
        raise NotFound("没有找到这个评审。")
    return panel


def judges_with_progress(*, panel: Panel) -> list[Judge]:
    return list(panel.judges.annotate(
        n_submitted=Count("sheets", filter=Q(sheets__submitted_at__isnull=False), distinct=True),
        n_conflicts=Count("conflicts", distinct=True)).order_by("id"))


def conflicts(*, panel: Panel) -> list[Conflict]:
    return list(Conflict.objects.filter(entry__panel=panel).select_related("judge", "entry").order_by("entry__code"))


@dataclass
class EntryResult:
    entry: Entry
    judge_totals: list[Decimal] = field(default_factory=list)
    total: Decimal | None = None
    rank: int | None = None
    recused: int = 0


def results(*, panel: Panel) -> list[EntryResult]:
    """Every submitted sheet's weighted total, then the panel total per entry (trimmed when the panel says so);
    ranked by total, ties sharing a rank. Conflicted judges have no sheet for the entry, so they never count."""
    criteria = [rules.CriterionData(c.pk, c.weight, c.max_score) for c in panel.criteria.all()]
    entries = {e.pk: EntryResult(e) for e in panel.entries.annotate(n_conf=Count("conflicts"))}
    for r in entries.values():
        r.recused = r.entry.n_conf
    submitted = set(Sheet.objects.filter(entry__panel=panel, submitted_at__isnull=False)
                    .values_list("judge_id", "entry_id"))
    by_sheet: dict[tuple[int, int], dict[int, Decimal]] = {}
    for judge_id, entry_id, criterion_id, value in Score.objects.filter(entry__panel=panel).values_list(
            "judge_id", "entry_id", "criterion_id", "value"):
        if (judge_id, entry_id) in submitted:
            by_sheet.setdefault((judge_id, entry_id), {})[criterion_id] = value
    for (_judge_id, entry_id), scores in by_sheet.items():
        entries[entry_id].judge_totals.append(rules.judge_total(scores, criteria))
    ordered = list(entries.values())
    for r in ordered:
        r.total = rules.panel_total(r.judge_totals, trim=panel.trim_extremes)
    ordered.sort(key=lambda r: (r.total is None, -(r.total or 0), r.entry.code))
    rank, previous = 0, None
    for i, r in enumerate(ordered, start=1):
        if r.total is None:
            continue
        if r.total != previous:
            rank, previous = i, r.total
        r.rank = rank
    return ordered


def judge_sheet_rows(*, panel: Panel, judge: Judge) -> list[tuple[Entry, dict[int, Decimal], Decimal | None]]:
    """The audit sheet of one judge: each entry they scored, their scores per criterion and their total."""
    criteria = [rules.CriterionData(c.pk, c.weight, c.max_score) for c in panel.criteria.all()]
    scores: dict[int, dict[int, Decimal]] = {}
    for entry_id, criterion_id, value in Score.objects.filter(judge=judge).values_list(
            "entry_id", "criterion_id", "value"):
        scores.setdefault(entry_id, {})[criterion_id] = value
    rows = []
    for entry in panel.entries.all():
        mine = scores.get(entry.pk, {})
        total = rules.rounded(rules.judge_total(mine, criteria)) if len(mine) == len(criteria) else None
        rows.append((entry, mine, total))
    return rows


def judge_in_panel(*, panel: Panel, judge_id: int) -> Judge | None:
    return Judge.objects.filter(panel=panel, pk=judge_id).first()


def recusals_of(*, judge: Judge) -> dict[int, str]:
    return dict(Conflict.objects.filter(judge=judge).values_list("entry_id", "reason"))


def publisher_orgs(*, actor, limit: int = 300) -> list:
    """Unions the actor may run a panel, round, pair or record for: their subtree, top first."""
    return list(scoping.orgs_visible_to(actor).order_by("path")[:limit])


def entries_of(*, panel: Panel) -> list[Entry]:
    return list(panel.entries.all())
