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
import platform
import random
import sys
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import scope  # noqa: E402  (sets up Django)
from django.conf import settings  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.utils import timezone  # noqa: E402

from niangjia.core import pii  # noqa: E402
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


def measure(district: Org, repeat: int) -> tuple[float, float, int]:
    user = User.objects.filter(phone_index=pii.blind_index(f"176{district.pk:08d}", purpose="phone")).first()
    if user is None:
        user = User.objects.create_user(f"176{district.pk:08d}")
        user.org_roles.create(org=district, role="staff")
    client = Client()
    client.force_login(user)
    assert client.get("/workbench/").status_code == 200  # warm
    times = []
    for _ in range(repeat):
        t = time.perf_counter()
        response = client.get("/workbench/")
        times.append((time.perf_counter() - t) * 1000)
        assert response.status_code == 200
    rows = response.content.decode().count('data-testid="todo-row"')
    return scope.pct(times, 50), scope.pct(times, 95), rows


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
    districts = scope.subtree_member_counts("district")
    biggest = Org.objects.get(pk=districts[0][0])
    median = Org.objects.get(pk=districts[len(districts) // 2][0])
    print(f"# {connection.vendor} {platform.machine()} · orgs {Org.objects.count():,} · members "
          f"{Member.objects.count():,} · load {loaded or 'reused'}")
    from django.core.cache import cache

    for label, org, n in (("biggest district", biggest, districts[0][1]),
                          ("median district", median, districts[len(districts) // 2][1])):
        shown = {}
        # uncached: every provider queries (what a user sees right after a change in a watched app);
        # cached: a repeat visit with nothing changed (core.todo's queue cache, on by default)
        for mode, seconds in (("uncached", 0), ("cached", 60)):
            cache.clear()
            with override_settings(NIANGJIA_TODO_CACHE_SECONDS=seconds):
                p50, p95, rows = measure(org, args.repeat)
            if rows == 0:  # the generated to-do rows must reach the page, or the timing is of an empty queue
                raise SystemExit(f"MISMATCH: the to-do page of the {label} shows no row")
            shown[mode] = rows
            print(f"{label} ({n:,} members), {mode}: GET /workbench/ p50 {p50:.1f} ms, p95 {p95:.1f} ms, "
                  f"{rows} rows shown")
        if shown["cached"] != shown["uncached"]:
            raise SystemExit(f"MISMATCH: cached page shows {shown['cached']} rows, uncached {shown['uncached']}")


if __name__ == "__main__":
    main()
