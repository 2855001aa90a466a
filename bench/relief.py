"""Relief benchmark: set-based campaign generation, monitoring recompute and what-if simulation,
each beside a per-household (per-application) ORM loop measured in the same run.

* campaign  - preview (count + total) and generation of "1,000 yuan to every active file" through
              `services.preview_campaign` / `services.generate_campaign` (INSERT … SELECT … ON CONFLICT
              DO NOTHING in id chunks), then the idempotent rerun; baseline: for each household of the
              filter, `exists()` + `create()` (run on --sample households, per-row time extrapolated).
* monitor   - `services.recompute_flags()` (four aggregate queries per 20,000-household chunk, the pure
              §4 rules in Python, bulk insert/clear), first run and steady-state rerun; baseline: per
              household, aggregate its members, look up its files and medical applications, read and
              write its flags (on --sample households, extrapolated).
* what-if   - `services.simulate_policy` of a draft version over --apps applications of the last
              12 months; baseline: `services.evaluate` per application (reads dibao, policy and totals
              per row) on --sample applications, extrapolated.

    .venv/bin/python bench/relief.py                      # small default: 2,000 households
    .venv/bin/python bench/relief.py --households 20000 --apps 20000 --sample 1000
    .venv/bin/python bench/relief.py --households 20000 --apps 20000 --full-loop   # loops really run on all rows

With --full-loop every baseline loop runs over the whole population (nothing extrapolated) and the ratio
printed is measured/measured. Peak memory of this Python process (ru_maxrss) is printed for the setup
(the data generator) and, after the kernel's peak mark is reset (/proc/self/clear_refs), for the measured
steps; on PostgreSQL the server is separate processes and is not included. ANALYZE runs after the bulk
load, as on a live database.
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_relief .venv/bin/python bench/relief.py ...

Without DATABASE_URL it uses var/bench_relief.sqlite3 (recreated). The script refuses to run unless the
database name contains "bench": it flushes the whole database.
"""

import argparse
import datetime as dt
import os
import platform
import random
import resource
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "niangjia.settings")
if not os.environ.get("DATABASE_URL"):
    db_file = ROOT / "var" / "bench_relief.sqlite3"
    if db_file.exists():
        db_file.unlink()
    os.environ["DATABASE_URL"] = f"sqlite:///{db_file}"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import Count, Max, Q, Sum  # noqa: E402
from django.utils import timezone  # noqa: E402

from niangjia.core.models import Org, User, path_segment  # noqa: E402
from niangjia.relief import rules, selectors, services  # noqa: E402
from niangjia.relief.demo import build_households  # noqa: E402
from niangjia.relief.models import (  # noqa: E402
    Application,
    Campaign,
    Disbursement,
    HardshipFile,
    Household,
    HouseholdMember,
    Policy,
    RiskFlag,
)
from niangjia.relief.reference import seed_reference  # noqa: E402


def out(text: str = "") -> None:
    sys.stdout.write(text + "\n")
    sys.stdout.flush()


def peak_mb() -> float:
    """Peak resident memory of this process so far (ru_maxrss is in KiB on Linux)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


SETUP_PEAK = [0.0]


def reset_peak() -> bool:
    """Reset the kernel's peak-RSS mark (VmHWM, which ru_maxrss reads too) so the steps after the setup are
    measured without the data generator; the setup's own peak is kept in SETUP_PEAK."""
    SETUP_PEAK[0] = peak_mb()
    try:
        Path("/proc/self/clear_refs").write_text("5")
        return True
    except OSError:
        return False




def ratio_line(label: str, set_s: float, loop_s: float, rows: int, measured: int) -> str:
    kind = "measured" if measured >= rows else f"extrapolated from {measured:,}"
    return (f"RATIO {label}: set-based {set_s:.2f} s, loop {loop_s:.2f} s ({kind}) on {rows:,} -> "
            f"x{loop_s / max(set_s, 1e-9):.1f}; peak RSS since setup {peak_mb():.0f} MB")


def check(label: str, same: bool, detail: str = "") -> None:
    """The fast and the simple path must agree; a benchmark that compares different results is worse than none."""
    if not same:
        raise SystemExit(f"MISMATCH {label}: the set-based and the loop results differ {detail}")
    out(f"check {label}: same result from both paths")


class Timer:
    def __enter__(self):
        self.t0 = time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.s = time.perf_counter() - self.t0


def make_org(name, level, parent, region="330100", n=[0]):  # noqa: B006 - a counter for unique USCCs
    n[0] += 1
    extra = {"uscc": f"91330100BENCH{n[0]:05d}", "employer_name": f"企业{n[0]}"} if level == "grassroots" else {}
    org = Org.objects.create(name=name, level=level, parent=parent, region_code=region, path="",
                             depth=(parent.depth + 1 if parent else 1), **extra)
    org.path = (parent.path if parent else "") + path_segment(org.pk)
    org.save(update_fields=["path"])
    return org


TEST_DATABASE = [False]


def setup(households: int, apps: int, seed: int):
    name = connection.settings_dict["NAME"]
    if not TEST_DATABASE[0]:
        call_command("migrate", verbosity=0)
        if "bench" not in str(name):
            raise SystemExit(f"refusing to run on database {name!r}: its name must contain 'bench'")
        call_command("flush", interactive=False, verbosity=0)
    seed_reference()
    rng = random.Random(seed)
    city = make_org("基准市总工会", "city", None)
    grassroots = []
    for d in range(4):
        district = make_org(f"区{d}", "district", city)
        for s in range(5):
            street = make_org(f"街道{d}-{s}", "street", district)
            grassroots += [make_org(f"基层{d}-{s}-{g}", "grassroots", street) for g in range(5)]
    actor = User.objects.create_user("13900000000", "bench-pass-1", is_superuser=True, display_name="bench")
    with Timer() as t:
        build_households(grassroots, households, rng, region_of=lambda o: "330100")
    out(f"setup: {Household.objects.count():,} households, {HouseholdMember.objects.count():,} members, "
        f"{HardshipFile.objects.filter(status='active').count():,} active files in {t.s:.1f} s")
    ids = list(Household.objects.values_list("id", "org_id"))
    now = timezone.now()
    year = timezone.localdate().year
    rows = []
    for i in range(apps):
        hid, org_id = ids[i % len(ids)]
        self_paid = Decimal(rng.randrange(1000, 200000))
        rows.append(Application(household_id=hid, org_id=org_id,
                                kind=rng.choice(["hospitalization", "chronic"]), year=year,
                                total_cost=self_paid + rng.randrange(0, 50000), self_paid=self_paid,
                                household_annual_income=Decimal(rng.randrange(0, 150000)),
                                created_at=now - dt.timedelta(days=rng.randrange(0, 360))))
    Application.objects.bulk_create(rows, batch_size=5000)
    # planner statistics, as autovacuum / a routine ANALYZE keeps them on a live database; without them
    # PostgreSQL plans the campaign chunk query as a nested loop over every org (10x slower at 1,000,000)
    with Timer() as t, connection.cursor() as cur:
        cur.execute("ANALYZE")
    out(f"ANALYZE after the bulk load: {t.s:.1f} s")
    return city, actor, year


def reuse(households: int):
    """Measure the steps on the data an earlier run left (a fresh process, so the peak memory is the steps'
    own, without the generator's). Campaigns are added beside the old ones (the ledger is append-only);
    flags and the what-if draft are reset."""
    name = connection.settings_dict["NAME"]
    if "bench" not in str(name):
        raise SystemExit(f"refusing to run on database {name!r}: its name must contain 'bench'")
    have = Household.objects.count()
    if have != households:
        raise SystemExit(f"--reuse: the database holds {have:,} households, not {households:,}; run without --reuse")
    city = Org.objects.get(name="基准市总工会", parent__isnull=True)
    actor = User.objects.get_by_phone("13900000000")
    RiskFlag.objects.all().delete()
    Policy.objects.filter(version=99, status="draft").delete()
    out(f"reuse: {have:,} households, {HardshipFile.objects.filter(status='active').count():,} active files, "
        f"{Application.objects.count():,} applications; flags and the what-if draft reset")
    return city, actor, timezone.localdate().year


def bench_campaign(city, actor, year, sample, full):
    results = {}
    campaign = Campaign.objects.create(org=city, name="专项 1,000 元", amount=Decimal("1000"), year=year,
                                       filters={"status": ["active"]}, created_by=actor, status="approved")
    with Timer() as t:
        count, total = services.preview_campaign(campaign)
    results["preview"] = t.s
    out(f"campaign preview: {count:,} households, {total:,} yuan in {t.s * 1000:.0f} ms")
    with Timer() as t:
        n = services.generate_campaign(campaign.pk)
    results["generate"] = t.s
    out(f"campaign generation (set-based): {n:,} rows in {t.s:.2f} s")
    with Timer() as t:
        n2 = services.generate_campaign(campaign.pk)
    out(f"campaign rerun (idempotent): {n2:,} new rows in {t.s:.2f} s")
    # baseline: per-household ORM loop on a sample
    loop = Campaign.objects.create(org=city, name="循环基线", amount=Decimal("1000"), year=year,
                                   filters={"status": ["active"]}, created_by=actor, status="approved")
    targets = HardshipFile.objects.filter(status="active").order_by("household_id").values_list("household_id", "org_id")
    targets = list(targets if full else targets[:sample])
    with Timer() as t, transaction.atomic():
        for hid, org_id in targets:
            if not Disbursement.objects.filter(campaign=loop, household_id=hid).exists():
                Disbursement.objects.create(household_id=hid, org_id=org_id, kind="campaign", cap_key="campaign",
                                            year=year, amount=loop.amount, purpose=loop.name, campaign=loop)
    fast = set(Disbursement.objects.filter(
        campaign=campaign, household_id__in=Disbursement.objects.filter(campaign=loop).values("household_id"))
        .values_list("household_id", "amount"))
    slow = set(Disbursement.objects.filter(campaign=loop).values_list("household_id", "amount"))
    check("campaign", fast == slow and len(slow) == len(targets) and n2 == 0,
          f"({len(fast)} vs {len(slow)} rows for {len(targets)} households, rerun added {n2})")
    per_row = t.s / max(len(targets), 1)
    results["loop"] = per_row * count
    out(f"campaign per-household loop: {len(targets):,} rows in {t.s:.2f} s -> {per_row * 1000:.2f} ms/row")
    out(ratio_line("campaign generation", results["generate"], results["loop"], count, len(targets)))
    return results


def bench_monitor(sample, full):
    with Timer() as t:
        stats = services.recompute_flags()
    out(f"monitoring recompute (set-based), first run: raised {stats['raised']:,} in {t.s:.2f} s")
    first = t.s
    with Timer() as t:
        stats = services.recompute_flags()
    out(f"monitoring recompute, steady rerun: raised {stats['raised']:,}, cleared {stats['cleared']:,} in {t.s:.2f} s")
    n = Household.objects.count()
    hh = Household.objects.order_by("id")
    hh = list(hh if full else hh[:sample])
    measured = {h.pk for h in hh}

    def active_flags() -> set:
        return {(hid, code) for hid, code in RiskFlag.objects.filter(active=True).values_list("household_id", "code")
                if hid in measured}

    fast = active_flags()
    # fresh state for the loop: without this it would mostly read flags the set-based run already wrote
    RiskFlag.objects.all().delete()
    params = selectors.category_policy().params.get("monitoring", {})
    today = timezone.localdate()
    since = timezone.now() - dt.timedelta(days=365)
    written = 0
    with Timer() as t, transaction.atomic():
        for h in hh:
            m = HouseholdMember.objects.filter(household=h).aggregate(
                income=Sum("monthly_income"), n=Count("id"), ill=Count("id", filter=Q(illness=True) | Q(disability=True)),
                students=Count("id", filter=Q(work_status="student")))
            open_file = HardshipFile.objects.filter(household=h, status__in=HardshipFile.OPEN).exists()
            last_exit = HardshipFile.objects.filter(household=h, status="exited").aggregate(x=Max("exited_on"))["x"]
            med = Application.objects.filter(household=h, created_at__gte=since,
                                             kind__in=["hospitalization", "chronic"]).aggregate(s=Sum("self_paid"))["s"]
            facts = rules.HouseholdFacts(
                disposable=(m["income"] or 0) * 12, rigid=med or Decimal(0), people=m["n"] or 1,
                dibao=selectors.dibao_for(h.region_code, today.year), has_open_file=open_file,
                exited_days_ago=(today - last_exit).days if last_exit else None,
                has_rigid_expense=bool(m["ill"] or m["students"] or med), ill_or_disabled=m["ill"],
                medical_self_paid_12m=med or Decimal(0))
            wanted = rules.risk_flags(facts, params)
            current = set(RiskFlag.objects.filter(household=h, active=True).values_list("code", flat=True))
            for code in set(wanted) - current:
                RiskFlag.objects.create(household=h, org_id=h.org_id, code=code, note=wanted[code][:200])
                written += 1
    slow = active_flags()
    check("monitoring", fast == slow, f"on {len(hh)} households: only set-based {sorted(fast - slow)[:5]}, "
                                      f"only loop {sorted(slow - fast)[:5]}")
    per = t.s / max(len(hh), 1)
    out(f"monitoring per-household loop (fresh state, {written:,} flags written): {len(hh):,} households in "
        f"{t.s:.2f} s -> {per * 1000:.2f} ms/household")
    out(ratio_line("monitoring recompute (first run)", first, per * n, n, len(hh)))


def bench_whatif(actor, sample, full):
    # the temporary policy that governs the generated households (region 330100), as decisions look it up;
    # another region's policy would simulate over no application at all
    cq = selectors.temporary_policy_for("330100", timezone.localdate().year)
    if cq is None or cq.status != "active":
        raise SystemExit("no active temporary policy governs region 330100: the what-if has nothing to compare")
    params = {**cq.params, "kinds": {**cq.params["kinds"]}}
    hosp = dict(params["kinds"]["hospitalization"])
    hosp["tiers"] = [dict(t) for t in hosp["tiers"]]
    hosp["tiers"][0]["min_ratio"] = "0.25"
    params["kinds"]["hospitalization"] = hosp
    draft = Policy.objects.create(code=cq.code, version=99, name="草稿", kind=cq.kind, region_code=cq.region_code,
                                  effective_from=dt.date(2027, 1, 1), params=params, status="draft")
    with Timer() as t:
        result = services.simulate_policy(actor=actor, policy_id=draft.pk)
    n = sum(r["count"] for r in result["rows"])
    if n == 0:
        raise SystemExit("the what-if simulated no application: the benchmark would time an empty loop")
    out(f"what-if: {n:,} applications, {result['changed']:,} change tier, cost {result['total_active']:,} -> "
        f"{result['total_draft']:,} yuan in {t.s:.2f} s")
    since = timezone.now() - dt.timedelta(days=365)
    ids = Application.objects.filter(created_at__gte=since).exclude(status="rejected").order_by("id")
    ids = list(ids.values_list("id", flat=True) if full else ids.values_list("id", flat=True)[:sample])
    groups: dict = {}
    with Timer() as t2:
        for pk in ids:
            # per application: load it, evaluate under the active version (services.evaluate reads the
            # dibao, the policy and the year total), then under the draft (reads dibao and draft again)
            a = Application.objects.select_related("household", "org").get(pk=pk)
            qa, _ = services.evaluate(a, already=None)
            d = Policy.objects.get(pk=draft.pk)
            try:
                qd = rules.quote_temporary(d.params, kind=a.kind, self_paid=a.self_paid,
                                           household_annual_income=a.household_annual_income,
                                           dibao=selectors.dibao_for(a.household.region_code, a.year))
            except rules.RuleError:
                qd = None
            g = groups.setdefault((a.org.name, a.kind), [0, 0, Decimal(0), Decimal(0)])
            g[0] += 1
            if qd is not None:
                g[1] += int(qa.tier != qd.tier)
                g[2] += qa.amount
                g[3] += qd.amount
    if len(ids) == n:
        fast = {(r["org"], r["kind"]): (r["count"], r["changed"], r["cost_active"], r["cost_draft"])
                for r in result["rows"]}
        slow = {k: tuple(v) for k, v in groups.items()}
        check("what-if", fast == slow, f"set-based {fast} loop {slow}")
    else:
        out(f"check what-if: the loop covered {len(ids):,} of {n:,} applications; only a full loop "
            "(--full-loop, or the smoke test) compares the totals")
    per = t2.s / max(len(ids), 1)
    out(f"what-if per-application loop (both versions): {len(ids):,} in {t2.s:.2f} s -> {per * 1000:.2f} ms/app")
    out(ratio_line("what-if", t.s, per * n, n, len(ids)))


def main(argv: list[str] | None = None, *, test_database: bool = False) -> None:
    """`test_database`: the smoke test runs this inside a pytest database (rolled back afterwards)."""
    TEST_DATABASE[0] = test_database
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--households", type=int, default=2000)
    p.add_argument("--apps", type=int, default=2000)
    p.add_argument("--sample", type=int, default=500)
    p.add_argument("--seed", type=int, default=2020)
    p.add_argument("--full-loop", action="store_true", help="run every baseline loop on all rows (no extrapolation)")
    p.add_argument("--reuse", action="store_true",
                   help="skip the setup and measure on the data of an earlier run with the same --households")
    a = p.parse_args(argv)
    out(f"# relief benchmark {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC, {connection.vendor}, "
        f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, python {platform.python_version()}")
    out(f"# households={a.households} apps={a.apps} sample={a.sample} full_loop={a.full_loop}; "
        f"load average {os.getloadavg()[0]:.1f} (other work on the same cores slows both paths)")
    t0 = time.perf_counter()
    city, actor, year = reuse(a.households) if a.reuse else setup(a.households, a.apps, a.seed)
    out(f"peak RSS after setup: {peak_mb():.0f} MB" + (
        f"; peak mark reset (RSS now {peak_mb():.0f} MB: what the generator left resident counts in the peaks "
        "below, as Python keeps freed memory)" if reset_peak() else ""))
    bench_campaign(city, actor, year, a.sample, a.full_loop)
    bench_monitor(a.sample, a.full_loop)
    bench_whatif(actor, a.sample, a.full_loop)
    out(f"# done in {time.perf_counter() - t0:.0f} s, load average {os.getloadavg()[0]:.1f}; "
        f"peak RSS of this Python process: setup {SETUP_PEAK[0] or peak_mb():.0f} MB, measured steps "
        f"{peak_mb():.0f} MB"
        + (" (the PostgreSQL server is separate processes, not included)" if connection.vendor == "postgresql" else ""))


if __name__ == "__main__":
    main()
