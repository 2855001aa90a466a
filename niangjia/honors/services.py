"""Writes of panel scoring: panels, entries, judges and their relations, automatic recusal, scores, closing."""

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.db import transaction
from django.utils import timezone

from niangjia.core import audit, pii, scoping
from niangjia.core.errors import Conflict as ConflictError
from niangjia.core.errors import Invalid, NotFound
from niangjia.core.models import Org, User
from niangjia.honors import rules
from niangjia.honors.models import Conflict, Criterion, Entry, Judge, Panel, Relation, Score, Sheet


def _criteria_data(panel: Panel) -> list[rules.CriterionData]:
    return [rules.CriterionData(c.pk, c.weight, c.max_score) for c in panel.criteria.all()]


@transaction.atomic
def create_panel(actor, *, org_id: int, title: str, activity_date: dt.date, criteria: list[tuple[str, Decimal, int]],
                 blind: bool = False, trim_extremes: bool = False) -> Panel:
    org = Org.objects.filter(pk=org_id).first()
    if org is None or not scoping.covers(actor, org):
        raise NotFound("没有找到这个工会，或不在您的管辖范围内。")
    data = [rules.CriterionData(i, Decimal(w), m) for i, (_n, w, m) in enumerate(criteria)]
    if (problem := rules.weights_problem(data)) is not None:
        raise Invalid(problem, code="honors.weights")
    if not (title or "").strip():
        raise Invalid("请填写评审名称。", code="honors.title")
    panel = Panel.objects.create(org=org, title=title.strip()[:120], activity_date=activity_date, blind=blind,
                                 trim_extremes=trim_extremes, created_by=actor)
    Criterion.objects.bulk_create([Criterion(panel=panel, name=n, weight=Decimal(w), max_score=m, order=i)
                                   for i, (n, w, m) in enumerate(criteria)])
    audit.record(actor, "honors.panel_create", panel, org=org, summary={"title": panel.title})
    return panel


def _staff_panel(actor, panel_id: int, *, lock: bool = False) -> Panel:
    qs = Panel.objects.select_for_update() if lock else Panel.objects
    panel = qs.filter(scoping.scope_q(actor), pk=panel_id).first()
    if panel is None:
        raise NotFound("没有找到这个评审。")
    return panel


@transaction.atomic
def add_entry(actor, *, panel_id: int, title: str, entrant: str, uscc: str = "", legal_representative: str = "",
              summary: str = "") -> Entry:
    panel = _staff_panel(actor, panel_id, lock=True)
    if panel.phase != Panel.Phase.SCORING:
        raise ConflictError("评审已结束，不能再添加参评项目。", code="honors.closed")
    code = f"{panel.entries.count() + 1:02d}"
    entry = Entry.objects.create(panel=panel, code=code, title=title.strip()[:120], entrant=entrant.strip()[:120],
                                 entrant_uscc=(uscc or "").strip().upper(),
                                 legal_representative=(legal_representative or "").strip(), summary=summary)
    _recuse(panel)
    audit.record(actor, "honors.entry_add", entry, org=panel.org, summary={"entrant": entry.entrant})
    return entry


@transaction.atomic
def add_judge(actor, *, panel_id: int, phone: str, name: str, affiliation: str = "",
              relations: list[dict] | None = None) -> Judge:
    panel = _staff_panel(actor, panel_id, lock=True)
    user = User.objects.filter(phone_index=pii.blind_index((phone or "").strip(), purpose="phone")).first()
    if user is None:
        raise Invalid("这个手机号还没有注册，请评委先注册账号。", code="honors.no_user")
    judge, _ = Judge.objects.get_or_create(panel=panel, user=user, defaults={"name": name, "affiliation": affiliation})
    for r in relations or []:
        Relation.objects.create(judge=judge, **r)
    _recuse(panel)
    audit.record(actor, "honors.judge_add", judge, org=panel.org, summary={"judge": name})
    return judge


@transaction.atomic
def declare_relation(actor, *, panel_id: int, kind: str, organisation: str = "", uscc: str = "", person: str = "",
                     ended_on: dt.date | None = None) -> Relation:
    """A judge declares a relation themselves; any entry it touches leaves their list at once."""
    Panel.objects.select_for_update().filter(pk=panel_id).first()
    judge = Judge.objects.select_related("panel").filter(panel_id=panel_id, user=actor).first()
    if judge is None:
        raise NotFound("您不是这个评审的评委。")
    if kind not in Relation.Kind.values:
        raise Invalid("请选择关系类型。", code="honors.kind")
    relation = Relation.objects.create(judge=judge, kind=kind, organisation=organisation.strip()[:120],
                                       uscc=uscc.strip().upper()[:18], person=person.strip()[:60], ended_on=ended_on)
    _recuse(judge.panel)
    audit.record(actor, "honors.relation_declare", judge, org=judge.panel.org, summary={"kind": kind})
    return relation


def _recuse(panel: Panel) -> int:
    """Make the automatic conflicts match the declared relations; scores a newly conflicted judge already gave for
    that entry are removed (they must not count). The panel row is locked by the caller."""
    entries = list(panel.entries.all())
    found = 0
    for judge in panel.judges.prefetch_related("relations"):
        relations = [rules.RelationData(r.kind, r.organisation, r.uscc, r.person, r.ended_on)
                     for r in judge.relations.all()]
        for entry in entries:
            reason = rules.conflict_reason(relations, rules.EntrantData(entry.entrant, entry.entrant_uscc,
                                                                        entry.legal_representative),
                                           panel.activity_date)
            if reason:
                _c, created = Conflict.objects.get_or_create(judge=judge, entry=entry, defaults={"reason": reason})
                if created:
                    found += 1
                    Score.objects.filter(judge=judge, entry=entry).delete()
                    Sheet.objects.filter(judge=judge, entry=entry).delete()
            else:
                Conflict.objects.filter(judge=judge, entry=entry, automatic=True).delete()
    return found


def _judge_for(actor, panel_id: int) -> Judge:
    judge = Judge.objects.select_related("panel").filter(panel_id=panel_id, user=actor).first()
    if judge is None:
        raise NotFound("您不是这个评审的评委。")
    return judge


def _visible_entry(judge: Judge, entry_id: int) -> Entry:
    entry = Entry.objects.filter(panel=judge.panel, pk=entry_id).exclude(conflicts__judge=judge).first()
    if entry is None:
        raise NotFound("没有找到这个参评项目。")  # a conflicted judge is told nothing more
    return entry


@transaction.atomic
def save_scores(actor, *, panel_id: int, entry_id: int, values: dict, submit: bool = False,
                now: dt.datetime | None = None) -> Sheet:
    judge = _judge_for(actor, panel_id)
    panel = Panel.objects.select_for_update().get(pk=panel_id)
    if panel.phase != Panel.Phase.SCORING:
        raise ConflictError("评审已结束，不能再打分。", code="honors.closed")
    entry = _visible_entry(judge, entry_id)
    sheet, _ = Sheet.objects.select_for_update().get_or_create(judge=judge, entry=entry)
    if sheet.submitted_at is not None:
        raise ConflictError("这份评分已经提交，不能再修改。", code="honors.submitted")
    criteria = {c.pk: c for c in panel.criteria.all()}
    parsed: dict[int, Decimal] = {}
    for key, raw in values.items():
        try:
            cid = int(key)
            value = Decimal(str(raw).strip())
        except (ValueError, InvalidOperation):
            raise Invalid("分数请填写数字。", code="honors.score") from None
        if cid not in criteria:
            raise Invalid("评分维度不存在。", code="honors.criterion")
        if (problem := rules.score_problem(value, criteria[cid].max_score)) is not None:
            raise Invalid(f"{criteria[cid].name}：{problem}", code="honors.score")
        parsed[cid] = value
    stamp = now or timezone.now()
    for cid, value in parsed.items():
        Score.objects.update_or_create(judge=judge, entry=entry, criterion_id=cid,
                                       defaults={"value": value, "updated_at": stamp})
    if submit:
        have = set(Score.objects.filter(judge=judge, entry=entry).values_list("criterion_id", flat=True))
        if have != set(criteria):
            raise Invalid("还有维度没有打分，不能提交。", code="honors.incomplete")
        sheet.submitted_at = stamp
        sheet.save(update_fields=["submitted_at"])
        audit.record(actor, "honors.sheet_submit", entry, org=panel.org, summary={"judge": judge.name})
    return sheet


@transaction.atomic
def close_panel(actor, *, panel_id: int, now: dt.datetime | None = None) -> Panel:
    panel = _staff_panel(actor, panel_id, lock=True)
    if panel.phase == Panel.Phase.CLOSED:
        raise ConflictError("评审已经结束。", code="honors.closed")
    panel.phase, panel.closed_at = Panel.Phase.CLOSED, now or timezone.now()
    panel.save(update_fields=["phase", "closed_at"])
    audit.record(actor, "honors.panel_close", panel, org=panel.org, summary={"title": panel.title})
    return panel


@transaction.atomic
def add_conflict(actor, *, panel_id: int, judge_id: int, entry_id: int, reason: str) -> Conflict:
    panel = _staff_panel(actor, panel_id, lock=True)
    judge = Judge.objects.filter(panel=panel, pk=judge_id).first()
    entry = Entry.objects.filter(panel=panel, pk=entry_id).first()
    if judge is None or entry is None:
        raise NotFound("没有找到评委或参评项目。")
    if not (reason or "").strip():
        raise Invalid("请写明回避原因。", code="honors.reason")
    conflict, _ = Conflict.objects.get_or_create(judge=judge, entry=entry,
                                                 defaults={"reason": reason.strip()[:200], "automatic": False})
    Score.objects.filter(judge=judge, entry=entry).delete()
    Sheet.objects.filter(judge=judge, entry=entry).delete()
    audit.record(actor, "honors.conflict_add", entry, org=panel.org, summary={"judge": judge.name})
    return conflict
