"""Enrolment: a union enrols members in batch (chosen or Excel, all-or-nothing), or a member enrols themself."""

import datetime as dt
import json
from decimal import Decimal

from django.db import IntegrityError, connection, transaction
from django.db.models import (
    BooleanField,
    Case,
    CharField,
    DateField,
    DateTimeField,
    DecimalField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Value,
    When,
)
from django.db.models.expressions import RawSQL
from django.utils import timezone

from niangjia.core import audit, scoping, selectors
from niangjia.core.errors import Conflict, Invalid, NotFound
from niangjia.core.models import Member, Org
from niangjia.core.spreadsheets import ImportRejected, RowError, read_person_rows, read_rows
from niangjia.mutual_aid import rules
from niangjia.mutual_aid.models import Enrolment, EnrolmentBatch, Plan
from niangjia.mutual_aid.services.common import as_invalid, get_plan, waiting_until

IMPORT_HEADERS = ["姓名", "身份证号"]


def _check_open(plan: Plan, on: dt.date) -> None:
    """Enrolment only while the plan is open: inside its enrolment window (set when it is published), and
    never after its coverage has ended."""
    if on > plan.coverage_end:
        raise Invalid(f"{plan.name}的保障期已于 {plan.coverage_end:%Y-%m-%d} 结束，不能再参保。", code="mutual_aid.plan_closed")
    phase = rules.plan_phase(plan.status, plan.enrol_start, plan.enrol_end, plan.coverage_start, plan.coverage_end, on)
    if not rules.can_enrol(phase):
        raise Invalid(f"{plan.name}的参保期为 {plan.enrol_start:%Y-%m-%d} 至 {plan.enrol_end:%Y-%m-%d}，"
                      "现在不能参保。", code="mutual_aid.enrolment_closed")


def _first_time_indexes(plan: Plan, person_indexes: list[str]) -> set[str]:
    """People with no enrolment in the previous plan year wait; renewals do not."""
    renewed = set(
        Enrolment.objects.filter(person_index__in=person_indexes, plan__year=plan.year - 1)
        .values_list("person_index", flat=True)
    )
    return set(person_indexes) - renewed


def _write(plan: Plan, members: list[Member], on: dt.date, batch: EnrolmentBatch | None, self_enrolled: bool):
    indexes = [m.id_index for m in members]
    first = _first_time_indexes(plan, indexes)
    rows = [
        Enrolment(plan=plan, member=m, person_index=m.id_index, org_id=m.org_id, batch=batch, enrolled_on=on,
                  first_time=m.id_index in first, waiting_until=waiting_until(plan, on, m.id_index in first),
                  premium=plan.premium, self_enrolled=self_enrolled)
        for m in members
    ]
    try:
        with transaction.atomic():
            Enrolment.objects.bulk_create(rows, batch_size=2000)
    except IntegrityError:
        raise Conflict("其中有人刚刚已被参保（可能是其他工作人员同时操作），请刷新后重试。",
                       code="mutual_aid.already_enrolled") from None
    return rows


def _already_enrolled(plan: Plan, indexes: list[str]) -> set[str]:
    found: set[str] = set()
    for i in range(0, len(indexes), 5000):
        found |= set(
            Enrolment.objects.filter(plan=plan, status=Enrolment.Status.ACTIVE, person_index__in=indexes[i:i + 5000])
            .values_list("person_index", flat=True)
        )
    return found


def _ids_subquery(ids: list[int]) -> RawSQL:
    """The chosen ids as one SQL parameter (an array on PostgreSQL, a JSON array on SQLite), so a
    batch of 100,000 members is one short statement instead of 100,000 bound parameters."""
    if connection.vendor == "postgresql":
        return RawSQL("SELECT unnest(%s::bigint[])", (ids,))
    return RawSQL("SELECT value FROM json_each(%s)", (json.dumps(ids),))


@transaction.atomic
def enrol_members(*, actor, plan_id: int, org_id: int, member_ids: list[int], on: dt.date | None = None
                  ) -> EnrolmentBatch:
    """Enrol the chosen active members of org's subtree; one refused member refuses the whole batch."""
    on = on or timezone.localdate()
    plan = get_plan(plan_id)
    org = selectors.access_org_by_id(actor=actor, org_id=org_id)
    _check_open(plan, on)
    try:
        ids = list(dict.fromkeys(int(i) for i in member_ids))
    except (TypeError, ValueError):
        raise Invalid("所选会员不正确，请刷新后重新选择。", code="mutual_aid.member_ids") from None
    if not ids:
        raise Invalid("请至少选择一名会员。", code="mutual_aid.no_members")
    return _enrol(actor, plan, org, ids, on)


def _enrol(actor, plan: Plan, org: Org, ids: list[int], on: dt.date, *, renewal: bool = False) -> EnrolmentBatch:
    """One INSERT … SELECT from the roster: the database picks the active members of org's subtree
    among the chosen ids, works out first-time enrolees and writes every enrolment in one statement.
    The partial unique index refuses anyone already enrolled; fewer rows than ids means someone was
    out of scope or no longer active. Either refusal rolls the whole batch back."""
    total = plan.premium * len(ids)
    batch = EnrolmentBatch.objects.create(plan=plan, org=org, count=len(ids), premium_total=total,
                                          created_by=actor)
    members = Member.objects.filter(org.subtree_q(prefix="org__"), pk__in=_ids_subquery(ids),
                                    status=Member.Status.ACTIVE)
    out_of_scope = NotFound("所选会员中有人不在本工会范围内或已不是在册会员，请刷新后重新选择。",
                            code="mutual_aid.member_not_found")
    # Scope first: an id outside org's subtree refuses the batch with a message that says nothing about
    # that person (not their name, not whether they are enrolled). Names below come only from members
    # the actor may see.
    if members.count() != len(ids):
        raise out_of_scope
    try:
        with transaction.atomic():
            inserted = _insert_enrolments(plan, members, on, batch, renewal=renewal)
    except IntegrityError:
        taken = _already_enrolled(plan, list(members.values_list("id_index", flat=True)))
        names = "、".join(members.filter(id_index__in=taken).values_list("name", flat=True)[:20])[:200]
        if names:
            raise Conflict(f"以下会员已参加本计划，整批未提交：{names}", code="mutual_aid.already_enrolled") from None
        raise Conflict("其中有人刚刚已被参保（可能是其他工作人员同时操作），请刷新后重试。",
                       code="mutual_aid.already_enrolled") from None
    if inserted != len(ids):
        raise out_of_scope
    audit.record(actor, "mutual_aid.enrol_batch", batch, org=org,
                 summary={"plan": plan.code, "count": len(ids), "premium_total": str(total)})
    return batch


def _insert_enrolments(plan: Plan, members, on: dt.date, batch: EnrolmentBatch, *, renewal: bool = False) -> int:
    """INSERT INTO enrolment (…) SELECT … FROM the members queryset; returns the number of rows.

    `renewal`: the members are the enrolees of the plan this one continues (its copy source, `_renewable`), so
    none of them is a first-time enrolee (§8), even when that plan is older than last calendar year."""
    if renewal:
        first_time = Value(False, output_field=BooleanField())
        waiting = Value(waiting_until(plan, on, False), output_field=DateField())
    elif Plan.objects.filter(year=plan.year - 1).exists():
        renewed = Exists(Enrolment.objects.filter(person_index=OuterRef("id_index"), plan__year=plan.year - 1))
        first_time = ExpressionWrapper(~renewed, output_field=BooleanField())
        waiting = Case(When(renewed, then=Value(waiting_until(plan, on, False))),
                       default=Value(waiting_until(plan, on, True)), output_field=DateField())
    else:  # no plan the year before: everyone is a first-time enrolee
        first_time = Value(True, output_field=BooleanField())
        waiting = Value(waiting_until(plan, on, True), output_field=DateField())
    columns = {
        "plan_id": Value(plan.pk, output_field=IntegerField()),
        "member_id": F("id"),
        "person_index": F("id_index"),
        "org_id": F("org_id"),
        "batch_id": Value(batch.pk, output_field=IntegerField()),
        "status": Value(Enrolment.Status.ACTIVE, output_field=CharField()),
        "enrolled_on": Value(on, output_field=DateField()),
        "waiting_until": waiting,
        "first_time": first_time,
        "premium": Value(plan.premium, output_field=DecimalField(max_digits=12, decimal_places=2)),
        "self_enrolled": Value(False, output_field=BooleanField()),
        "created_at": Value(timezone.now(), output_field=DateTimeField()),
    }
    aliases = {f"c_{name}": expr for name, expr in columns.items()}
    select = members.order_by().annotate(**aliases).values_list(*aliases)
    sql, params = select.query.sql_with_params()
    table = connection.ops.quote_name(Enrolment._meta.db_table)
    names = ", ".join(connection.ops.quote_name(Enrolment._meta.get_field(n.removesuffix("_id")).column
                                                if n.endswith("_id") else n) for n in columns)
    with connection.cursor() as cursor:
        cursor.execute(f"INSERT INTO {table} ({names}) {sql}", params)
        return cursor.rowcount


@transaction.atomic
def import_enrolments(*, actor, plan_id: int, org_id: int, upload, on: dt.date | None = None) -> EnrolmentBatch:
    """Excel with 姓名/身份证号; every row must be an active member in org's subtree not yet enrolled."""
    on = on or timezone.localdate()
    plan = get_plan(plan_id)
    org = selectors.access_org_by_id(actor=actor, org_id=org_id)
    _check_open(plan, on)
    rows = read_rows(upload, IMPORT_HEADERS, IMPORT_HEADERS)
    errors, wanted = read_person_rows(rows)
    by_index = {
        m.id_index: m
        for m in Member.objects.filter(org.subtree_q(prefix="org__"), status=Member.Status.ACTIVE,
                                       id_index__in=[w[2] for w in wanted])
    }
    taken = _already_enrolled(plan, list(by_index))
    members = []
    for line, name, index in wanted:
        member = by_index.get(index)
        if member is None:
            errors.append(RowError(line, f"{name}：不是本工会范围内的在册会员"))
        elif member.name != name:
            errors.append(RowError(line, f"姓名与会员名册不一致（名册为 {member.name}）"))
        elif index in taken:
            errors.append(RowError(line, f"{name} 已参加本计划"))
        else:
            members.append(member)
    if errors:
        raise ImportRejected(sorted(errors, key=lambda e: e.line))
    return _enrol(actor, plan, org, [m.pk for m in members], on)


@transaction.atomic
def record_premium_payment(*, actor, batch_id: int, amount, paid_on: dt.date, payment_ref: str = "") -> EnrolmentBatch:
    batch = EnrolmentBatch.objects.select_for_update().select_related("org").filter(pk=batch_id).first()
    if batch is None or not scoping.covers(actor, batch.org):
        raise NotFound("未找到该参保批次，或您无权处理。")
    try:
        paid = rules.parse_amount(amount, "缴费金额")
    except rules.RuleError as exc:
        raise as_invalid(exc) from None
    if paid != batch.premium_total:
        raise Invalid(f"缴费金额应为 {batch.premium_total} 元（{batch.count} 人 × 每人保费）。",
                      code="mutual_aid.premium_mismatch")
    if paid_on > timezone.localdate():
        raise Invalid("缴费日期不能晚于今天。", code="mutual_aid.future_date")
    if batch.paid_on:
        raise Conflict("该批次已登记过缴费。", code="mutual_aid.already_paid")
    batch.paid_amount, batch.paid_on, batch.payment_ref = paid, paid_on, payment_ref.strip()[:60]
    batch.save(update_fields=["paid_amount", "paid_on", "payment_ref"])
    audit.record(actor, "mutual_aid.premium_paid", batch, org=batch.org,
                 summary={"amount": str(paid), "ref": batch.payment_ref})
    return batch


@transaction.atomic
def self_enrol(*, actor, plan_id: int, on: dt.date | None = None) -> Enrolment:
    on = on or timezone.localdate()
    plan = get_plan(plan_id)
    member = selectors.active_membership_of(actor)
    if member is None:
        raise Invalid("只有在册工会会员才能参加职工医疗互助，请先入会。", code="mutual_aid.not_member")
    _check_open(plan, on)
    if _already_enrolled(plan, [member.id_index]):
        raise Conflict("您已参加本计划，无需重复参保。", code="mutual_aid.already_enrolled")
    (enrolment,) = _write(plan, [member], on, None, self_enrolled=True)
    audit.record(actor, "mutual_aid.self_enrol", enrolment, org=member.org,
                 summary={"plan": plan.code, "premium": str(plan.premium)})
    return enrolment


def premium_total(plan: Plan, count: int) -> Decimal:
    return plan.premium * count
