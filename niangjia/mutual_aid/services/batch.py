"""Set-based batch approval of inpatient claims (e.g. a union's monthly review run, or re-computing
after a plan correction): the same pure rules as `approve_claim`, the same caps, in a few statements.

One read of the claims, one locked read of the people's totals rows, the rules in Python with a
running per-person total (in a worker thread that touches no database, so computing chunk n+1
overlaps writing chunk n), then per chunk of 5,000 claims: one UPDATE of the claims, one INSERT of
ledger rows, one INSERT / UPDATE of the totals. Each chunk's values travel as a single JSON
parameter (PostgreSQL `jsonb_array_elements`, SQLite `json_each`), not as 5,000 statements.

Guards, as in the one-claim path: the totals rows of the people in the batch are locked
(`select_for_update`); a totals row created meanwhile by a concurrent approval makes the INSERT hit
the unique constraint and the whole batch rolls back; the claims UPDATE only touches claims still
`submitted` and the batch rolls back if any changed under it; the totals rows keep their
`CheckConstraint(inpatient_paid <= inpatient_cap)`. Claims above the plan's two-step threshold need
two people and are left for the one-claim path, as are claims the cap leaves at 0 (to be rejected
with a reason). Members are told when the payout is marked paid (`mark_batch_paid`), not here.
"""

import json
import queue
import threading
from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from niangjia.core import audit, scoping, selectors
from niangjia.core.errors import Conflict, Forbidden
from niangjia.mutual_aid import rules
from niangjia.mutual_aid.models import Claim, LedgerEntry, PersonYearTotal
from niangjia.mutual_aid.services.common import get_plan

CHUNK = 5000


class _Changed(Exception):
    """The batch differs from the confirmed preview: rolled back with the inner transaction."""


@dataclass
class BatchResult:
    approved: int
    total: Decimal
    left_for_review: int


def _rows(n_cols: int) -> tuple[str, list[str]]:
    """FROM-clause over one JSON array-of-arrays parameter, and the SQL of each column."""
    if connection.vendor == "postgresql":
        return "jsonb_array_elements(%s::jsonb) AS j(v)", [f"(j.v->>{i})" for i in range(n_cols)]
    return "json_each(%s) AS j", [f"json_extract(j.value, '$[{i}]')" for i in range(n_cols)]


def _ids_in(column: str) -> str:
    if connection.vendor == "postgresql":
        return f"{column} = ANY(%s::bigint[])"
    return f"{column} IN (SELECT value FROM json_each(%s))"


def _ids_param(ids: list[int]):
    return ids if connection.vendor == "postgresql" else json.dumps(ids)


def _dt(value):
    return value if connection.vendor == "postgresql" else connection.ops.adapt_datetimefield_value(value)


def _p(kind: str) -> str:
    """A typed placeholder (PostgreSQL infers text for an untyped literal in a SELECT list)."""
    if connection.vendor != "postgresql":
        return "%s"
    return {"money": "%s::numeric", "time": "%s::timestamptz"}[kind]


def _cast(sql: str, kind: str) -> str:
    if connection.vendor != "postgresql":
        return sql
    return {"id": f"{sql}::bigint", "money": f"{sql}::numeric", "json": sql.replace("->>", "->") + "::jsonb",
            "text": sql}[kind]


def _batch_scope(actor, plan_id: int, org_id: int | None, claim_ids: list[int] | None = None):
    """The claims a batch covers: every eligible claim of the plan in org's subtree, or (`claim_ids`, the claims
    an approver selected on the review queue and saw with their evidence) those of them in the approver's scope."""
    plan = get_plan(plan_id)
    eligible = {"plan": plan, "kind": Claim.Kind.INPATIENT, "status": Claim.Status.SUBMITTED,
                "computed_amount__lte": plan.two_step_above}
    if claim_ids is not None:
        tops = scoping.top_orgs(actor, roles=scoping.APPROVER_ROLES)
        if not tops:
            raise Forbidden("批量审批需要审批人权限。", code="mutual_aid.not_approver")
        claims_qs = Claim.objects.filter(scoping.scope_q(actor, roles=scoping.APPROVER_ROLES, org_field="org"),
                                         pk__in=list(claim_ids), **eligible)
        return plan, tops[0], claims_qs
    org = selectors.access_org_by_id(actor=actor, org_id=org_id)
    if not scoping.covers(actor, org, roles=scoping.APPROVER_ROLES):
        raise Forbidden("批量审批需要审批人权限。", code="mutual_aid.not_approver")
    claims_qs = Claim.objects.filter(org.subtree_q(prefix="org__"), **eligible)
    return plan, org, claims_qs


def preview_inpatient_batch(*, actor, plan_id: int, org_id: int | None = None,
                            claim_ids: list[int] | None = None) -> BatchResult:
    """What approve_inpatient_batch would do now (count, total, claims left for one-by-one review), without
    writing or locking: the review queue shows it and the approver confirms these two figures."""
    plan, _org, claims_qs = _batch_scope(actor, plan_id, org_id, claim_ids)
    claims = list(claims_qs.order_by("id").values_list("id", "person_index", "self_paid"))
    running = dict(PersonYearTotal.objects.filter(
        plan_code=plan.code, plan_year=plan.year, person_index__in=claims_qs.values("person_index"))
        .values_list("person_index", "inpatient_paid"))
    approved, total, left = 0, Decimal("0.00"), 0
    for _pk, person, self_paid in claims:
        q = rules.compute(plan.rules, "inpatient", self_paid, running.get(person, Decimal("0.00")))
        if q.amount <= 0:
            left += 1
            continue
        running[person] = running.get(person, Decimal("0.00")) + q.amount
        approved, total = approved + 1, total + q.amount
    return BatchResult(approved, total, left)


@transaction.atomic
def approve_inpatient_batch(*, actor, plan_id: int, org_id: int | None = None, expected_count: int | None = None,
                            expected_total=None, claim_ids: list[int] | None = None) -> BatchResult:
    """Approve every submitted one-step inpatient claim of a plan in org's subtree (approver in scope).
    With `expected_count`/`expected_total` (the figures the approver confirmed on the preview) the whole
    batch is refused if the result would differ, e.g. because a claim arrived or was decided meanwhile."""
    plan, org, claims_qs = _batch_scope(actor, plan_id, org_id, claim_ids)
    if expected_count is not None:
        try:
            expected_total = rules.parse_amount(expected_total, "确认的合计金额")
            expected_count = int(expected_count)
        except (rules.RuleError, ValueError, TypeError):
            raise Conflict("请先预览，再按预览的件数和合计金额确认。", code="mutual_aid.batch_changed") from None
    claims = list(claims_qs.order_by("id").values_list("id", "person_index", "self_paid"))
    if not claims:
        if expected_count:
            raise Conflict("待批量审批的申请已变化（现为 0 件），请重新预览。", code="mutual_aid.batch_changed")
        return BatchResult(0, Decimal("0.00"), 0)
    locked = PersonYearTotal.objects.select_for_update().filter(
        plan_code=plan.code, plan_year=plan.year, person_index__in=claims_qs.values("person_index"))
    paid = {pi: (pk, amount) for pk, pi, amount in locked.values_list("id", "person_index", "inpatient_paid")}
    running = {pi: amount for pi, (_, amount) in paid.items()}
    cap = rules.annual_cap(plan.rules, "inpatient")
    now = timezone.now()
    # The pure rules run in a worker thread (no database access there) while this thread writes the
    # previous chunk: Python and the database work at the same time instead of taking turns.
    chunks: queue.Queue = queue.Queue()
    worker = threading.Thread(target=_compute_chunks, args=(plan.rules, claims, running, chunks), daemon=True)
    worker.start()
    approved, total = 0, Decimal("0.00")
    try:
        with transaction.atomic(), connection.cursor() as cur:
            if connection.vendor == "postgresql":
                # Check the foreign keys of each chunk as it is written (while the worker computes the
                # next one) rather than all at COMMIT; the same checks, only earlier.
                cur.execute("SET CONSTRAINTS ALL IMMEDIATE")
            update, ledger = _claim_statements()
            while True:
                item = chunks.get()
                if isinstance(item, BaseException):
                    raise item
                if isinstance(item, int):  # the worker is done; item = claims left for review
                    left = item
                    break
                _write_chunk(cur, update, ledger, item, actor, now)
                approved += len(item)
                total += sum((Decimal(a) for _, a, _ in item), Decimal("0.00"))
            _write_totals(plan, paid, running, cap, now)
            if connection.vendor == "postgresql":
                cur.execute("SET CONSTRAINTS ALL DEFERRED")  # Django's default for the rest of the transaction
            if expected_count is not None and (approved != expected_count or total != expected_total):
                raise _Changed(approved, total)
    except IntegrityError:
        raise Conflict("有会员的互助申请刚被其他审批人处理，本批未提交，请重新运行。",
                       code="mutual_aid.batch_conflict") from None
    except _Changed as changed:
        raise Conflict(f"待批量审批的申请已变化（现为 {changed.args[0]} 件、合计 {rules.fmt(changed.args[1])} 元），"
                       "本批未提交，请重新预览后再确认。", code="mutual_aid.batch_changed") from None
    finally:
        worker.join()
    audit.record(actor, "mutual_aid.claim_batch_approve", plan, org=org,
                 summary={"approved": approved, "total": str(total), "left_for_review": left})
    return BatchResult(approved, total, left)


def _compute_chunks(plan_rules: dict, claims: list, running: dict, out: queue.Queue) -> None:
    """Worker: the rules over the claims in id order with a running per-person total, handed on in
    chunks of (id, amount, explanation); then the number of claims that pay 0. Pure: no database."""
    try:
        chunk, left = [], 0
        for pk, person, self_paid in claims:
            q = rules.compute(plan_rules, "inpatient", self_paid, running.get(person, Decimal("0.00")))
            if q.amount <= 0:
                left += 1
                continue
            running[person] = running.get(person, Decimal("0.00")) + q.amount
            chunk.append((pk, str(q.amount), q.explanation))
            if len(chunk) == CHUNK:
                out.put(chunk)
                chunk = []
        if chunk:
            out.put(chunk)
        out.put(left)
    except BaseException as exc:  # noqa: BLE001 - handed to the caller's thread and raised there
        out.put(exc)


def _claim_statements() -> tuple[str, str | None]:
    """The chunk's claims UPDATE and its ledger INSERT: on PostgreSQL one statement (the INSERT reads
    the UPDATE's RETURNING rows); on SQLite two (no data-modifying WITH there)."""
    claim_t, ledger_t = Claim._meta.db_table, LedgerEntry._meta.db_table
    source, (c_id, c_amount, c_expl) = _rows(3)
    update = (
        f"UPDATE {claim_t} SET computed_amount = v.amount, approved_amount = v.amount, explanation = v.expl, "
        f"status = 'approved', approver_id = %s, approved_at = %s "
        f"FROM (SELECT {_cast(c_id, 'id')} AS id, {_cast(c_amount, 'money')} AS amount, "
        f"{_cast(c_expl, 'json')} AS expl FROM {source}) AS v "
        f"WHERE {claim_t}.id = v.id AND {claim_t}.status = 'submitted'"
    )
    columns = f"INSERT INTO {ledger_t} (claim_id, org_id, kind, amount, actor_id, created_at) "
    if connection.vendor == "postgresql":
        return (f"WITH u AS ({update} RETURNING {claim_t}.id, {claim_t}.org_id, {claim_t}.approved_amount) "
                f"{columns} SELECT u.id, u.org_id, 'approved', u.approved_amount, %s, %s FROM u"), None
    ledger = (f"{columns} SELECT c.id, c.org_id, 'approved', c.approved_amount, %s, %s FROM {claim_t} c "
              f"WHERE {_ids_in('c.id')}")
    return update, ledger


def _write_chunk(cur, update: str, ledger: str | None, chunk: list, actor, now) -> None:
    params = [actor.pk, _dt(now), json.dumps(chunk, ensure_ascii=False)]
    if ledger is None:  # one statement: the rows counted are the ledger rows, one per updated claim
        cur.execute(update, [*params, actor.pk, _dt(now)])
    else:
        cur.execute(update, params)
    if cur.rowcount != len(chunk):
        raise IntegrityError("a claim of the batch changed meanwhile")
    if ledger is not None:
        cur.execute(ledger, [actor.pk, _dt(now), _ids_param([c[0] for c in chunk])])


def _write_totals(plan, paid: dict, running: dict, cap: Decimal, now) -> None:
    table = PersonYearTotal._meta.db_table
    changed = [(paid[pi][0], str(amount)) for pi, amount in running.items() if pi in paid and amount != paid[pi][1]]
    new = [(pi, str(amount)) for pi, amount in running.items() if pi not in paid]
    source, (c0, c1) = _rows(2)
    update = (
        f"UPDATE {table} SET inpatient_paid = v.amount, inpatient_cap = {_p('money')}, updated_at = %s "
        f"FROM (SELECT {_cast(c0, 'id')} AS id, {_cast(c1, 'money')} AS amount FROM {source}) AS v "
        f"WHERE {table}.id = v.id"
    )
    insert = (
        f"INSERT INTO {table} (plan_id, plan_code, plan_year, person_index, inpatient_paid, inpatient_cap, "
        f"serious_count, accident_paid, accident_cap, updated_at) SELECT %s, %s, %s, {_cast(c0, 'text')}, "
        f"{_cast(c1, 'money')}, {_p('money')}, 0, 0, {_p('money')}, {_p('time')} "
        f"FROM {source}"
    )
    accident_cap = (rules.annual_cap(plan.rules, "accidental_injury") if plan.rules.get("accidental_injury")
                    else Decimal("0.00"))
    with connection.cursor() as cur:
        for i in range(0, len(changed), CHUNK):
            cur.execute(update, [str(cap), _dt(now), json.dumps(changed[i:i + CHUNK])])
        for i in range(0, len(new), CHUNK):
            cur.execute(insert, [plan.pk, plan.code, plan.year, str(cap), str(accident_cap), _dt(now),
                                 json.dumps(new[i:i + CHUNK])])
