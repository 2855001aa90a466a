"""Mutual-aid benchmark: set-based batch work against a per-row ORM loop, measured in the same run.

* enrol  - batch enrolment of --members members through the real service (`services.enrol_members`:
           one INSERT … SELECT from the roster, the chosen ids sent as one array/JSON parameter) vs. a
           per-row loop (exists() check + create() per member) on --sample members of a second plan.
* claims - computing and approving --claims inpatient claims through the real batch service
           (`services.approve_inpatient_batch`: one read, one locked read of the totals, the pure rules
           in Python with running per-person totals, then per 5,000 claims one UPDATE of the claims,
           one INSERT of ledger rows and one INSERT/UPDATE of the totals) vs. a per-row ORM loop on
           --sample claims doing the same writes (get claim, get_or_create + lock the totals row,
           compute, save both, create the ledger row), plus the full one-claim production path
           `services.approve_claim` (locks, ledger, audit, message) on --sample claims for reference.

Planner statistics are refreshed (ANALYZE, untimed) after every bulk load so that neither side runs
on stale plans.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_ma .venv/bin/python manage.py migrate
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_ma \
        .venv/bin/python bench/mutual_aid.py --members 100000 --claims 100000 --sample 1000

Without DATABASE_URL it uses var/bench_mutual_aid.sqlite3 (migrated on the fly). The script refuses to
run unless the database name contains "bench": it empties the mutual_aid tables and the bench org.
"""

import argparse
import datetime as dt
import hashlib
import os
import platform
import random
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "niangjia.settings")
if not os.environ.get("DATABASE_URL"):
    os.environ["DATABASE_URL"] = f"sqlite:///{ROOT / 'var' / 'bench_mutual_aid.sqlite3'}"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.utils import timezone  # noqa: E402

from niangjia.core import pii  # noqa: E402
from niangjia.core.errors import Conflict  # noqa: E402
from niangjia.core.models import Member, Org, User, path_segment  # noqa: E402
from niangjia.mutual_aid import rules, services  # noqa: E402
from niangjia.mutual_aid.models import (  # noqa: E402
    Claim,
    Enrolment,
    EnrolmentBatch,
    LedgerEntry,
    PayoutBatch,
    PersonYearTotal,
    Plan,
)

START = dt.date(2020, 1, 1)


def clock():
    return time.perf_counter()


def reset() -> tuple[Org, User]:
    LedgerEntry.objects.all()._raw_delete(LedgerEntry.objects.db)
    for model in (Claim, PayoutBatch, PersonYearTotal, Enrolment, EnrolmentBatch, Plan):
        model.objects.all().delete()
    Member.objects.filter(member_no__startswith="BENCH").delete()
    org = Org.objects.filter(name="BENCH 工会").first()  # kept between runs: audit rows point at it
    if org is None:
        org = Org.objects.create(name="BENCH 工会", level="city", region_code="330100", path="", depth=1)
        org.path = path_segment(org.pk)
        org.save(update_fields=["path"])
    actor = User.objects.filter(phone_index=pii.blind_index("19900000000", purpose="phone")).first()
    if actor is None:
        actor = User.objects.create_superuser("19900000000", "Bench-pass-2020")
    return org, actor


def analyze() -> None:
    """Fresh planner statistics after each bulk load, so neither path runs on stale plans (untimed)."""
    with connection.cursor() as cur:
        if connection.vendor == "postgresql":
            cur.execute("ANALYZE core_member, mutual_aid_enrolment, mutual_aid_claim, mutual_aid_personyeartotal")
        else:
            cur.execute("ANALYZE")


def make_plan(org: Org, code: str) -> Plan:
    return Plan.objects.create(code=code, name=code, org=org, year=2020, premium=Decimal("30"),
                               coverage_start=START, coverage_end=dt.date(2020, 12, 31), waiting_days=0,
                               rules=rules.ZYHZ_2020, two_step_above=Decimal("1000000"))


def make_members(org: Org, n: int) -> list[int]:
    rows = []
    for i in range(n):
        idn = f"330100{1960 + i % 40}0101{i:06d}"[:18]
        rows.append(Member(org=org, name=f"会员{i}", id_number=idn,
                           id_index=hashlib.sha256(f"bench-{i}".encode()).hexdigest(), gender="M",
                           birth_date=dt.date(1980, 1, 1), member_no=f"BENCH{i:010d}", join_date=START))
    Member.objects.bulk_create(rows, batch_size=5000)
    return list(Member.objects.filter(org=org).order_by("id").values_list("id", flat=True))


def bench_enrol(org, actor, member_ids, sample):
    plan = make_plan(org, "BENCH-SET")
    t0 = clock()
    services.enrol_members(actor=actor, plan_id=plan.pk, org_id=org.pk, member_ids=member_ids, on=START)
    set_time = clock() - t0
    analyze()
    plan2 = make_plan(org, "BENCH-ROW")
    ids = member_ids[:sample]
    t0 = clock()
    with transaction.atomic():
        for m in Member.objects.filter(pk__in=ids).iterator():
            if Enrolment.objects.filter(plan=plan2, person_index=m.id_index, status="active").exists():
                continue
            Enrolment.objects.create(plan=plan2, member=m, person_index=m.id_index, org_id=m.org_id,
                                     enrolled_on=START, waiting_until=START, premium=plan2.premium)
    row_time = clock() - t0
    return plan, set_time, row_time


def make_claims(plan: Plan, n: int, prefix: str, seed: int) -> None:
    """n inpatient claims as `submit_claim` leaves them: computed on submission against nothing paid yet.

    The same seed gives the same claims (persons, amounts, order) on any plan enrolled with the same
    members, so the fast and the simple path can be run on identical inputs and compared.
    """
    rnd = random.Random(seed)
    enrolments = list(Enrolment.objects.filter(plan=plan).order_by("member_id")
                      .values("id", "member_id", "person_index", "org_id"))
    rows = []
    for i in range(n):
        e = enrolments[rnd.randrange(len(enrolments))]
        self_paid = Decimal(rnd.randrange(0, 4_000_000)) / 100
        q = rules.compute(plan.rules, "inpatient", self_paid)
        rows.append(Claim(plan=plan, enrolment_id=e["id"], member_id=e["member_id"], person_index=e["person_index"],
                          org_id=e["org_id"], kind="inpatient", hospital="医院", admitted_on=dt.date(2020, 6, 1),
                          invoice_no=f"{prefix}{i:09d}", total_cost=self_paid, insurance_paid=0, self_paid=self_paid,
                          computed_amount=q.amount, explanation=q.explanation))
    Claim.objects.bulk_create(rows, batch_size=5000)


def approve_set_based(plan: Plan, org: Org, actor: User) -> int:
    return services.approve_inpatient_batch(actor=actor, plan_id=plan.pk, org_id=org.pk).approved


def approve_per_row(plan: Plan, ids: list[int], actor: User) -> None:
    with transaction.atomic():
        for pk in ids:
            c = Claim.objects.select_for_update().get(pk=pk)
            PersonYearTotal.objects.get_or_create(plan_code=plan.code, plan_year=plan.year, person_index=c.person_index,
                                                  defaults={"plan": plan, "inpatient_cap": Decimal("20000")})
            t = PersonYearTotal.objects.select_for_update().get(plan_code=plan.code, plan_year=plan.year,
                                                            person_index=c.person_index)
            q = rules.compute(plan.rules, "inpatient", c.self_paid, t.inpatient_paid)
            if q.amount <= 0:  # nothing payable: left for a reasoned rejection, as the batch service does
                continue
            c.computed_amount = c.approved_amount = q.amount
            c.explanation, c.status, c.approver, c.approved_at = q.explanation, "approved", actor, timezone.now()
            c.save(update_fields=["computed_amount", "approved_amount", "explanation", "status", "approver",
                                  "approved_at"])
            t.inpatient_paid += q.amount
            t.save(update_fields=["inpatient_paid", "updated_at"])
            LedgerEntry.objects.create(claim=c, org_id=c.org_id, kind="approved", amount=q.amount, actor=actor)


def approve_one_by_one(ids: list[int], actor: User) -> int:
    """The production one-claim path. Only the documented refusal (nothing left to pay) is expected;
    anything else is a broken benchmark and stops the run."""
    refused = 0
    for pk in ids:
        try:
            services.approve_claim(actor=actor, claim_id=pk)
        except Conflict as exc:
            if exc.code != "mutual_aid.cap_reached":
                raise
            refused += 1
    return refused


def outcome(plan: Plan) -> tuple[list, dict]:
    """What an approval run decided, comparable across plans: per claim (invoice, status, amount) and
    per person the total paid."""
    claims = list(Claim.objects.filter(plan=plan).order_by("invoice_no")
                  .values_list("invoice_no", "status", "approved_amount"))
    claims = [(inv[2:], status, amount if status == "approved" else None) for inv, status, amount in claims]
    totals = dict(PersonYearTotal.objects.filter(plan_code=plan.code, plan_year=plan.year, inpatient_paid__gt=0)
                  .values_list("person_index", "inpatient_paid"))
    return claims, totals


def same_outcome(name: str, fast: Plan, simple: Plan) -> int:
    a, b = outcome(fast), outcome(simple)
    if a != b:
        diff = [(x, y) for x, y in zip(a[0], b[0], strict=False) if x != y][:5]
        raise SystemExit(f"MISMATCH {name}: the fast and the simple path decided differently, e.g. {diff}")
    return sum(1 for _, status, _ in a[0] if status == "approved")


def main(argv: list[str] | None = None, *, test_database: bool = False) -> None:
    """`test_database`: the smoke test runs this inside a pytest database (rolled back afterwards)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--members", type=int, default=5000)
    parser.add_argument("--claims", type=int, default=5000)
    parser.add_argument("--sample", type=int, default=300, help="rows for the per-row baselines")
    args = parser.parse_args(argv)
    db = connection.settings_dict["NAME"]
    if "bench" not in str(db) and not test_database:
        sys.exit(f"refusing to run against {db!r}: the database name must contain 'bench'")
    if not test_database:
        call_command("migrate", verbosity=0)
    print(f"# mutual_aid benchmark  {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC")
    print(f"vendor={connection.vendor} db={Path(str(db)).name} python={platform.python_version()} "
          f"cpus={os.cpu_count()} members={args.members} claims={args.claims} sample={args.sample}")
    org, actor = reset()
    t0 = clock()
    member_ids = make_members(org, args.members)
    analyze()
    print(f"setup: {len(member_ids)} members generated in {clock() - t0:.1f}s")

    plan, set_t, row_t = bench_enrol(org, actor, member_ids, args.sample)
    per_row = row_t / args.sample
    fast = set(Enrolment.objects.filter(plan=plan, member_id__in=member_ids[:args.sample])
               .values_list("member_id", "person_index"))
    simple = set(Enrolment.objects.filter(plan__code="BENCH-ROW").values_list("member_id", "person_index"))
    if fast != simple:
        raise SystemExit("MISMATCH enrol: the service and the per-row loop enrolled different members")
    print(f"enrol set-based (service): {args.members} in {set_t:.2f}s = {set_t / args.members * 1e6:.0f} µs/member")
    print(f"enrol per-row loop: {args.sample} in {row_t:.2f}s = {per_row * 1e6:.0f} µs/member "
          f"→ {per_row * args.members:.1f}s extrapolated for {args.members} ({per_row * args.members / set_t:.1f}×)"
          " — same members enrolled: checked")

    t0 = clock()
    make_claims(plan, args.claims, "BS", 1)
    analyze()
    print(f"setup: {args.claims} claims generated in {clock() - t0:.1f}s")
    t0 = clock()
    n = approve_set_based(plan, org, actor)
    set_t = clock() - t0
    print(f"claims set-based (service): {args.claims} in {set_t:.2f}s = {set_t / args.claims * 1e6:.0f} µs/claim, "
          f"{n} paid ({n / args.claims:.0%}; the rest pay 0: below the deductible or at the cap)")

    # The baselines run on their own plans with identical claims (same seed), each starting from nothing
    # paid, so every path sees the same paying claims; their decisions are compared claim by claim.
    sample_members = member_ids[: max(args.sample // 2, 1)]
    plans = {}
    for code, prefix in (("BENCH-CHECK", "BC"), ("BENCH-LOOP", "BL"), ("BENCH-ONE", "BO")):
        plans[code] = make_plan(org, code)
        services.enrol_members(actor=actor, plan_id=plans[code].pk, org_id=org.pk, member_ids=sample_members,
                               on=START)
        make_claims(plans[code], args.sample, prefix, 2)
    analyze()
    t0 = clock()
    approve_set_based(plans["BENCH-CHECK"], org, actor)
    check_t = clock() - t0
    ids = list(Claim.objects.filter(plan=plans["BENCH-LOOP"]).order_by("id").values_list("id", flat=True))
    t0 = clock()
    approve_per_row(plans["BENCH-LOOP"], ids, actor)
    row_t = clock() - t0
    paid = same_outcome("per-row loop", plans["BENCH-CHECK"], plans["BENCH-LOOP"])
    if paid < args.sample // 2:
        raise SystemExit(f"only {paid} of {args.sample} sample claims pay: the loop would time skipping, not paying")
    per_row = row_t / args.sample
    print(f"claims per-row ORM loop: {args.sample} ({paid} paying) in {row_t:.2f}s = {per_row * 1e6:.0f} µs/claim "
          f"→ {per_row * args.claims:.1f}s extrapolated for {args.claims} ({per_row * args.claims / set_t:.1f}×); "
          f"the service on the same {args.sample}: {check_t:.2f}s — same decisions: checked")
    ids = list(Claim.objects.filter(plan=plans["BENCH-ONE"]).order_by("id").values_list("id", flat=True))
    t0 = clock()
    refused = approve_one_by_one(ids, actor)
    svc_t = clock() - t0
    paid_one = same_outcome("approve_claim", plans["BENCH-CHECK"], plans["BENCH-ONE"])
    print(f"claims via services.approve_claim (production path): {args.sample} ({paid_one} paid, {refused} refused "
          f"as nothing left to pay) in {svc_t:.2f}s = {svc_t / args.sample * 1e6:.0f} µs/claim "
          f"({svc_t / args.sample * args.claims / set_t:.1f}× the batch per claim) — same decisions: checked")
    over = PersonYearTotal.objects.filter(inpatient_paid__gt=Decimal("20000")).count()
    print(f"check: totals above the annual cap after all runs = {over}")
    if over:
        raise SystemExit("a person-year total went above the cap")


if __name__ == "__main__":
    main()
