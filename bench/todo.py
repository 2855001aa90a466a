"""To-do centre benchmark: the whole 待办 page (queue across modules + dashboard strip) for a district staff member.

Reuses bench/scope.py's loader for the org tree and the member roster, then adds the rows the to-do providers
read, in proportion to the roster: rights cases (1 per 20 members, a quarter open), relief households with files
(1 per 40) and applications (1 per 40, a fifth pending), monitoring flags (1 per 100) and join requests
(1 per 200). It times GET /workbench/ through Django's test client (session, roles, every provider's COUNT and
first rows, the dashboard figures, template rendering) for the biggest district and a median one.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_todo \
        .venv/bin/python bench/todo.py --orgs 150000 --members 2000000 --repeat 100

Refuses to run unless the database name contains "bench" (it empties the tables it fills).
"""

import argparse
import datetime as dt
import os
import platform
import random
import re
import sys
import time
from contextlib import nullcontext
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import scope  # noqa: E402  (sets up Django)
from django.conf import settings  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.urls import reverse  # noqa: E402
from django.utils import timezone  # noqa: E402

from niangjia.core import pii, todo  # noqa: E402
from niangjia.core.models import JoinRequest, Member, Org, User  # noqa: E402
from niangjia.relief.models import Application, HardshipFile, Household, RiskFlag  # noqa: E402
from niangjia.rights.models import Case  # noqa: E402

settings.ALLOWED_HOSTS = ["*"]
# Hashed static names need `collectstatic`'s manifest; the page's timing does not depend on them.
settings.STORAGES = {**settings.STORAGES,
                     "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
BATCH = 5000


def fill(n_members: int, seed: int) -> dict:
    rng = random.Random(seed)
    t0 = time.perf_counter()
    for model in (Application, RiskFlag, HardshipFile, Household, Case, JoinRequest):
        model.objects.all().delete()
    User.objects.filter(display_name__startswith="待办申请人").delete()
    grass = list(Org.objects.filter(level="grassroots").values_list("id", flat=True))
    today = timezone.localdate()
    now = timezone.now()

    def chunks(make, n):
        for start in range(0, n, BATCH):
            yield [make(i) for i in range(start, min(n, start + BATCH))]

    statuses = ["new", "assigned", "in_progress"] + ["closed"] * 9
    for rows in chunks(lambda i: Case(
            org_id=rng.choice(grass), number=f"B{i:09d}", category="wages", channel="online", title=f"工单{i}",
            description="拖欠工资", employer_name=f"企业{i % 5000}", status=rng.choice(statuses),
            first_response_due=today, resolution_due=today + dt.timedelta(days=rng.randint(-20, 20)),
            created_at=now - dt.timedelta(days=rng.randint(0, 300))), n_members // 20):
        Case.objects.bulk_create(rows)
    households = n_members // 40
    for rows in chunks(lambda i: Household(org_id=rng.choice(grass), head_name=f"户主{i}", region_code="330102"),
                       households):
        Household.objects.bulk_create(rows)
    hh = list(Household.objects.values_list("id", "org_id"))
    for rows in chunks(lambda i: HardshipFile(household_id=hh[i][0], org_id=hh[i][1], category="relative",
                                              status="active", review_date=today), len(hh)):
        HardshipFile.objects.bulk_create(rows)
    app_status = ["submitted", "reviewed", "district_approved"] + ["approved"] * 12
    for rows in chunks(lambda i: Application(
            household_id=hh[i][0], org_id=hh[i][1], kind="hospitalization", year=today.year,
            total_cost=Decimal("50000"), self_paid=Decimal("38000"), household_annual_income=Decimal("30000"),
            status=rng.choice(app_status), quoted_amount=Decimal("5000")), len(hh)):
        Application.objects.bulk_create(rows)
    for rows in chunks(lambda i: RiskFlag(household_id=hh[i * 2 % len(hh)][0], org_id=hh[i * 2 % len(hh)][1],
                                          code="borderline"), n_members // 100):
        RiskFlag.objects.bulk_create(rows)
    n_join = n_members // 200
    for rows in chunks(lambda i: User(phone=f"177{i:08d}", display_name=f"待办申请人{i}",
                                      phone_index=pii.blind_index(f"177{i:08d}", purpose="phone")), n_join):
        User.objects.bulk_create(rows)
    users = list(User.objects.filter(display_name__startswith="待办申请人").values_list("id", flat=True))
    for rows in chunks(lambda i: JoinRequest(user_id=users[i], org_id=rng.choice(grass)), n_join):
        JoinRequest.objects.bulk_create(rows)
    with connection.cursor() as cur:
        cur.execute("ANALYZE")
    return {"todo_rows_s": time.perf_counter() - t0, "cases": n_members // 20, "households": len(hh),
            "join_requests": n_join}


# --- the previous approach, kept here to be measured in the same run -------------------------------------------
# Until 2026-12-01 (afternoon) every kind ran its own query: COUNT(*) OVER () plus its first rows, so a page ran one
# district-wide scan per registered kind (~20) and the sidebar's badge request ran ~20 more.

def _legacy_count_and_take(qs, limit, to_item):
    from django.db.models import Count, Window

    if not limit:
        return qs.count(), []
    rows = list(qs.annotate(_todo_total=Window(Count("pk")))[:limit])
    return (rows[0]._todo_total if rows else 0), [to_item(row) for row in rows]


def _legacy_fetch(actor, mine, limits):
    return {p.kind: p.fetch(actor, limits[p.kind]) for p in mine}


class Legacy:
    """Swap core.todo's batch for the per-kind queries while active (providers call `todo.count_and_take`)."""

    def __enter__(self):
        self.saved = todo.count_and_take, todo._fetch_uncached
        todo.count_and_take, todo._fetch_uncached = _legacy_count_and_take, _legacy_fetch

    def __exit__(self, *exc):
        todo.count_and_take, todo._fetch_uncached = self.saved


MODES = (  # (name, result cache seconds, plan cache seconds, legacy)
    ("per-kind (previous), uncached", 0, 0, True),
    # a user's first visit of the day in this process: every provider's queryset built and compiled
    ("one UNION ALL, uncached, plans built", 0, 0, False),
    # counts and rows read from the database, the user's declarations kept (core.todo's plan cache)
    ("one UNION ALL, uncached, plans kept", 0, 60, False),
    ("one UNION ALL, cached", 60, 60, False),
)


def _backend_cpu_ns() -> int:
    """CPU time of this connection's PostgreSQL backend (same host), from /proc/<pid>/schedstat; 0 elsewhere."""
    if connection.vendor != "postgresql":
        return 0
    pid = getattr(connection, "_bench_backend_pid", None)
    if pid is None:
        with connection.cursor() as cur:
            cur.execute("SELECT pg_backend_pid()")
            pid = connection._bench_backend_pid = cur.fetchone()[0]
    try:
        return int(Path(f"/proc/{pid}/schedstat").read_text().split()[0])
    except OSError:
        return 0


def _page_rows(body: str) -> list[str]:
    return re.findall(r'data-testid="todo-row" data-kind="([^"]+)"', body)


def measure(district: Org, repeat: int) -> dict:
    """GET /workbench/ `repeat` times in each mode, the modes interleaved so they share the machine's load.
    Wall time, and CPU time (this process + the PostgreSQL backend) which the neighbours' load moves far less."""
    user = User.objects.filter(phone_index=pii.blind_index(f"176{district.pk:08d}", purpose="phone")).first()
    if user is None:
        user = User.objects.create_user(f"176{district.pk:08d}")
        user.org_roles.create(org=district, role="staff")
    client = Client()
    client.force_login(user)
    out = {name: {"wall": [], "cpu": [], "counts_wall": []} for name, _, _, _ in MODES}
    bodies = {}
    for i in range(repeat + 1):  # the first round warms up and is not counted
        for name, seconds, plan_seconds, legacy in MODES:
            with (override_settings(NIANGJIA_TODO_CACHE_SECONDS=seconds, NIANGJIA_TODO_PLAN_SECONDS=plan_seconds),
                  Legacy() if legacy else nullcontext()):
                cpu0, be0 = time.process_time_ns(), _backend_cpu_ns()
                t = time.perf_counter()
                response = client.get("/workbench/")
                wall = (time.perf_counter() - t) * 1000
                cpu = (time.process_time_ns() - cpu0 + _backend_cpu_ns() - be0) / 1e6
                t = time.perf_counter()
                badges = client.get(reverse("core:todo_counts"))  # the sidebar's htmx request after the page
                counts_wall = (time.perf_counter() - t) * 1000
            assert response.status_code == 200 and badges.status_code == 200
            if i:
                out[name]["wall"].append(wall)
                out[name]["cpu"].append(cpu)
                out[name]["counts_wall"].append(counts_wall)
            bodies[name] = (_page_rows(response.content.decode()), badges.content.decode())
    for name in out:
        out[name]["rows"], out[name]["badges"] = bodies[name]
    return out


def main(argv=None, *, test_database: bool = False) -> None:
    """`test_database`: the smoke test runs this inside a pytest database (rolled back afterwards)."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--orgs", type=int, default=2_000)
    ap.add_argument("--members", type=int, default=20_000)
    ap.add_argument("--repeat", type=int, default=30)
    ap.add_argument("--seed", type=int, default=20261201)
    ap.add_argument("--reuse", action="store_true", help="keep the tree, roster and to-do rows already loaded")
    args = ap.parse_args(argv)
    name = str(connection.settings_dict["NAME"])
    if "bench" not in name and not test_database:
        sys.exit(f"refusing to run against {name!r}: the database name must contain 'bench'")
    from django.core.management import call_command

    if not test_database:
        call_command("migrate", verbosity=0)
    loaded = {}
    if not (args.reuse and Member.objects.count() == args.members):
        loaded = scope.load(args.orgs, args.members, args.seed)
        with transaction.atomic():
            loaded.update(fill(args.members, args.seed))
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            # as autovacuum would soon: the visibility map lets the partial indexes answer counts alone
            with connection.cursor() as cur:
                for table in ("core_org", "core_joinrequest", "relief_application", "relief_riskflag", "rights_case"):
                    cur.execute(f"VACUUM ANALYZE {table}")
    districts = scope.subtree_member_counts("district")
    biggest = Org.objects.get(pk=districts[0][0])
    median = Org.objects.get(pk=districts[len(districts) // 2][0])
    print(f"# {connection.vendor} {platform.machine()} · orgs {Org.objects.count():,} · members "
          f"{Member.objects.count():,} · load {loaded or 'reused'}")
    from django.core.cache import cache

    for label, org, n in (("biggest district", biggest, districts[0][1]),
                          ("median district", median, districts[len(districts) // 2][1])):
        cache.clear()
        results = measure(org, args.repeat)
        base = None
        for name, _, _, _ in MODES:
            r = results[name]
            if not r["rows"]:  # the generated to-do rows must reach the page, or the timing is of an empty queue
                raise SystemExit(f"MISMATCH: the to-do page of the {label} shows no row ({name})")
            p95 = scope.pct(r["wall"], 95)
            base = base or p95
            print(f"{label} ({n:,} members), {name}: GET /workbench/ p50 {scope.pct(r['wall'], 50):.1f} ms, "
                  f"p95 {p95:.1f} ms (previous/this {base / p95:.1f}x); CPU p50 {scope.pct(r['cpu'], 50):.1f} ms, "
                  f"p95 {scope.pct(r['cpu'], 95):.1f} ms; sidebar badges p95 {scope.pct(r['counts_wall'], 95):.1f} ms; "
                  f"{len(r['rows'])} rows shown")
        first = results[MODES[0][0]]
        for name, _, _, _ in MODES[1:]:  # the same rows in the same order, and the same badges, in every mode
            if results[name]["rows"] != first["rows"] or results[name]["badges"] != first["badges"]:
                raise SystemExit(f"MISMATCH: {name} shows other rows or badges than {MODES[0][0]}")
    print(f"# load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
