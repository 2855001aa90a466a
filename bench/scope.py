"""Scope benchmark: the materialized-path org tree against a naive recursive parent walk.

Generates a province-sized tree (province -> cities -> districts -> streets -> grassroots) and a
skewed member roster in a *separate* database, then measures p50/p95 of:

* list   - the first page of a district staff member's scoped member list (count + 20 rows, as the page)
* count  - a city staff member's subtree member count
* lookup - finding a member by ID number through the blind index (count + first page, as the page)
* move   - moving a street with its subtree to another district and back

each beside a naive baseline measured in the same run (BFS over `parent_id`, one query per level,
then `org_id IN (...)`; for the move, re-saving every descendant's path one row at a time).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_scope .venv/bin/python manage.py migrate
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_scope \
        .venv/bin/python bench/scope.py --orgs 150000 --members 2000000 --repeat 200

The script refuses to run unless the database name contains "bench": it empties the core tables.
See docs/benchmarks/scope.md for the figures and what the generated data is (and is not).
"""

import argparse
import datetime as dt
import io
import math
import os
import platform
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "niangjia.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.paginator import Paginator  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import BooleanField, Count, Q  # noqa: E402
from django.db.models.expressions import RawSQL  # noqa: E402

from niangjia.core import pii, scoping, selectors  # noqa: E402
from niangjia.core.models import Member, Org, OrgRole, User, path_segment, path_upper_bound  # noqa: E402
from niangjia.core.services.orgs import move_org  # noqa: E402
from niangjia.core.validators import id_check_char  # noqa: E402

settings.DEBUG = False  # no query log in memory while timing
PG = connection.vendor == "postgresql"
PAGE = 20
SAMPLE = 400  # members whose ID number and phone are really encrypted (the ones looked up)
NOW = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


# --- generation -----------------------------------------------------------------------------------


def tree_shape(n_orgs: int) -> tuple[int, int, int]:
    cities = 21 if n_orgs >= 10_000 else max(2, n_orgs // 500)
    districts = max(2 * cities, round(n_orgs * 120 / 150_000))
    streets = max(2 * districts, round(n_orgs * 1_500 / 150_000))
    return cities, districts, streets


def split(total: int, parts: int, rng: random.Random, skew: float) -> list[int]:
    """`total` items over `parts` buckets, each at least 1, with Zipf-like skew."""
    weights = [1 / (i + 1) ** skew for i in range(parts)]
    rng.shuffle(weights)
    s = sum(weights)
    sizes = [max(1, int(total * w / s)) for w in weights]
    i = 0
    while sum(sizes) < total:
        sizes[i % parts] += 1
        i += 1
    while sum(sizes) > total:
        j = max(range(parts), key=sizes.__getitem__)
        sizes[j] -= 1
    return sizes


def build_orgs(n_orgs: int, rng: random.Random) -> list[tuple]:
    """Rows (id, name, level, parent_id, path, depth, region_code, employer_name, uscc), ids 1..n."""
    n_cities, n_districts, n_streets = tree_shape(n_orgs)
    n_grass = n_orgs - 1 - n_cities - n_districts - n_streets
    rows: list[tuple] = [(1, "广东省总工会", "province", None, path_segment(1), 1, "440000", "", None)]
    next_id = 2
    cities = []
    for c in range(n_cities):
        oid, region = next_id, f"44{c + 1:02d}00"
        next_id += 1
        rows.append(
            (oid, f"第{c + 1}市总工会", "city", 1, path_segment(1) + path_segment(oid), 2, region, "", None)
        )
        cities.append((oid, rows[-1][4], region))
    districts = []
    for (cid, cpath, cregion), k in zip(cities, split(n_districts, n_cities, rng, 0.6), strict=True):
        for d in range(k):
            oid = next_id
            next_id += 1
            region = cregion[:4] + f"{d + 1:02d}"
            rows.append(
                (oid, f"第{oid}区总工会", "district", cid, cpath + path_segment(oid), 3, region, "", None)
            )
            districts.append((oid, rows[-1][4], region))
    streets = []
    for (did, dpath, dregion), k in zip(districts, split(n_streets, n_districts, rng, 0.5), strict=True):
        for _ in range(k):
            oid = next_id
            next_id += 1
            rows.append(
                (oid, f"第{oid}街道总工会", "street", did, dpath + path_segment(oid), 4, dregion, "", None)
            )
            streets.append((oid, rows[-1][4], dregion))
    for (sid, spath, sregion), k in zip(streets, split(n_grass, n_streets, rng, 0.7), strict=True):
        for _ in range(k):
            oid = next_id
            next_id += 1
            rows.append(
                (
                    oid,
                    f"第{oid}公司工会",
                    "grassroots",
                    sid,
                    spath + path_segment(oid),
                    5,
                    sregion,
                    f"第{oid}有限公司",
                    f"91{sregion}{oid:010d}",
                )
            )
    return rows


def grassroots_weights(grass_ids: list[int], rng: random.Random) -> list[float]:
    """Most unions have a handful of members; about 0.1% are big employers with thousands."""
    weights = []
    for _ in grass_ids:
        w = rng.lognormvariate(1.6, 1.1)
        if rng.random() < 0.001:
            w = rng.uniform(500, 3000)
        weights.append(w)
    return weights


def id_number_for(i: int, region: str) -> str:
    """A unique, checksum-valid 18-character ID number for member number i."""
    birth = dt.date(1965, 1, 1) + dt.timedelta(days=(i // 1000) * 7 % 14_000)
    base = f"{region}{birth:%Y%m%d}{i % 1000:03d}"
    return base + id_check_char(base)


def member_rows(n_members: int, orgs: list[tuple], rng: random.Random, sample: set[int]):
    """Yields member rows in id order; members join over time, so orgs are interleaved by id."""
    grass = [(r[0], r[6]) for r in orgs if r[2] == "grassroots"]
    weights = grassroots_weights([g[0] for g in grass], rng)
    cum, acc = [], 0.0
    for w in weights:
        acc += w
        cum.append(acc)
    picks = rng.choices(range(len(grass)), cum_weights=cum, k=n_members)
    filler_id = pii.encrypt("000000000000000000")  # a fixed *valid* ciphertext for rows never decrypted
    filler_phone = pii.encrypt("13000000000")
    for i in range(n_members):
        org_id, region = grass[picks[i]]
        idn = id_number_for(i, region)
        phone = f"13{i:09d}"
        left = i % 20 == 0
        joined = dt.date(2010, 1, 1) + dt.timedelta(days=i % 5000)
        yield (
            i + 1,
            org_id,
            f"会员{i + 1}",
            pii.encrypt(idn) if i in sample else filler_id,
            pii.blind_index(idn, purpose="id"),
            pii.encrypt(phone) if i in sample else filler_phone,
            pii.blind_index(phone, purpose="phone"),
            "MF"[i % 2],
            dt.date(1965, 1, 1) + dt.timedelta(days=(i // 1000) * 7 % 14_000),
            f"M{i + 1:010d}",
            joined,
            "left" if left else "active",
            joined + dt.timedelta(days=400) if left else None,
            i % 3 == 0,
            NOW,
        )


ORG_BASE = "id, name, level, parent_id, path, depth, region_code, employer_name, uscc, created_at"
MEMBER_BASE = (
    "id, org_id, name, id_number, id_index, phone, phone_index, gender, birth_date, member_no, join_date,"
    " status, left_on, frontline, created_at"
)


def with_defaults(model, base: str) -> tuple[str, tuple]:
    """The generated columns plus every other NOT NULL column at its model default.

    A raw INSERT/COPY gets no Django defaults, so a later migration adding `model_worker` (NOT NULL,
    default False) broke this loader. Filling each missing column from the model keeps it loading after
    such migrations; a NOT NULL column without a default still fails loudly, as it should.
    """
    given = {c.strip() for c in base.split(",")}
    extra = [f for f in model._meta.concrete_fields
             if f.column not in given and not f.null and not f.primary_key]
    defaults = [f.get_default() for f in extra]  # "" for a text field without one, None otherwise
    missing = [f.column for f, value in zip(extra, defaults, strict=True) if value is None]
    if missing:
        raise SystemExit(f"{model.__name__}: NOT NULL columns without a default, fill them here: {missing}")
    cols = base + "".join(f", {f.column}" for f in extra)
    return cols, tuple(f.get_db_prep_save(v, connection) for f, v in zip(extra, defaults, strict=True))


def wipe() -> None:
    with connection.cursor() as cur:
        if PG:
            cur.execute(
                "TRUNCATE core_member, core_orgrole, core_auditevent, core_org, core_user RESTART IDENTITY CASCADE"
            )
        else:
            for table in ("core_member", "core_orgrole", "core_auditevent", "core_user"):
                cur.execute(f"DELETE FROM {table}")
            cur.execute("UPDATE core_org SET parent_id = NULL")
            cur.execute("DELETE FROM core_org")


def _pg_text(v) -> str:
    if v is None:
        return "\\N"
    if v is True:
        return "t"
    if v is False:
        return "f"
    return str(v)


def pg_copy(table: str, cols: str, rows) -> None:
    with connection.cursor() as c:
        with c.cursor.copy(f"COPY {table} ({cols}) FROM STDIN") as cp:
            buf = io.StringIO()
            for n, row in enumerate(rows, 1):
                buf.write("\t".join(map(_pg_text, row)))
                buf.write("\n")
                if n % 50_000 == 0:
                    cp.write(buf.getvalue())
                    buf = io.StringIO()
            cp.write(buf.getvalue())


def pg_drop_secondary(table: str) -> list[str]:
    """Drop FK/unique constraints and secondary indexes before COPY; return the DDL to restore them."""
    restore = []
    with connection.cursor() as cur:
        cur.execute(
            "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint"
            " WHERE conrelid = %s::regclass AND contype IN ('f', 'u')",
            [table],
        )
        cons = cur.fetchall()
        cur.execute(
            "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i"
            " WHERE i.indrelid = %s::regclass AND NOT i.indisprimary"
            " AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid)",
            [table],
        )
        idx = cur.fetchall()
        for name, _ in cons:
            cur.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
        for name, _ in idx:
            cur.execute(f"DROP INDEX {name}")
    restore += [ddl for _, ddl in idx]
    restore += [f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {ddl}' for name, ddl in cons]
    return restore


def load(n_orgs: int, n_members: int, seed: int) -> dict:
    rng = random.Random(seed)
    timings = {}
    t0 = time.perf_counter()
    orgs = build_orgs(n_orgs, rng)
    sample = {i - 1 for i in sample_member_ids(n_members)}
    org_cols, org_extra = with_defaults(Org, ORG_BASE)
    member_cols, member_extra = with_defaults(Member, MEMBER_BASE)
    wipe()
    if PG:
        with connection.cursor() as cur:
            cur.execute("SET maintenance_work_mem = '512MB'")
        with transaction.atomic():
            restore = pg_drop_secondary("core_member") + pg_drop_secondary("core_org")
            pg_copy("core_org", org_cols, (r + (NOW,) + org_extra for r in orgs))
            timings["orgs_s"] = time.perf_counter() - t0
            t1 = time.perf_counter()
            pg_copy("core_member", member_cols,
                    (r + member_extra for r in member_rows(n_members, orgs, rng, sample)))
            timings["members_copy_s"] = time.perf_counter() - t1
            t1 = time.perf_counter()
            with connection.cursor() as cur:
                for ddl in restore:
                    cur.execute(ddl)
                for table in ("core_org", "core_member"):
                    cur.execute(
                        f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"
                    )
            timings["indexes_s"] = time.perf_counter() - t1
        t1 = time.perf_counter()
        with connection.cursor() as cur:
            for table in ("core_org", "core_member"):  # VACUUM cannot run inside the smoke test's transaction
                cur.execute(f"ANALYZE {table}" if connection.in_atomic_block else f"VACUUM ANALYZE {table}")
        timings["vacuum_analyze_s"] = time.perf_counter() - t1
    else:
        with transaction.atomic(), connection.cursor() as cur:
            ph = ", ".join(["%s"] * (10 + len(org_extra)))
            cur.executemany(f"INSERT INTO core_org ({org_cols}) VALUES ({ph})", [r + (NOW,) + org_extra for r in orgs])
            timings["orgs_s"] = time.perf_counter() - t0
            t1 = time.perf_counter()
            ph = ", ".join(["%s"] * (15 + len(member_extra)))
            sql = f"INSERT INTO core_member ({member_cols}) VALUES ({ph})"
            batch = []
            for row in member_rows(n_members, orgs, rng, sample):
                batch.append(row + member_extra)
                if len(batch) == 20_000:
                    cur.executemany(sql, batch)
                    batch = []
            cur.executemany(sql, batch)
            timings["members_copy_s"] = time.perf_counter() - t1
        t1 = time.perf_counter()
        with connection.cursor() as cur:
            cur.execute("ANALYZE")
        timings["vacuum_analyze_s"] = time.perf_counter() - t1
    timings["total_s"] = time.perf_counter() - t0
    return timings


# --- actors and targets ---------------------------------------------------------------------------


def staff_at(org: Org, role: str = "staff") -> User:
    user = User.objects.create_user(f"139{org.pk:08d}" if role == "staff" else f"138{org.pk:08d}")
    OrgRole.objects.create(user=user, org=org, role=role)
    return user


def fresh(user: User) -> User:
    """As a request would: the roles are loaded again (one query) for every operation."""
    scoping.forget_roles(user)
    return user


def subtree_member_counts(level: str) -> list[tuple[int, int]]:
    """(org id, members in subtree) for every org of a level, biggest first."""
    seg = {"city": 16, "district": 24, "street": 32}[level]
    with connection.cursor() as cur:
        cur.execute(
            f"SELECT o.id, COALESCE(m.n, 0) FROM core_org o LEFT JOIN ("
            f" SELECT substr(g.path, 1, {seg}) AS p, count(*) AS n FROM core_member mm"
            f" JOIN core_org g ON g.id = mm.org_id GROUP BY 1) m ON m.p = o.path"
            f" WHERE o.level = %s ORDER BY 2 DESC, 1",
            [level],
        )
        return cur.fetchall()


# --- naive baseline -------------------------------------------------------------------------------


def naive_subtree_ids(root_id: int) -> list[int]:
    ids, frontier = [root_id], [root_id]
    while frontier:
        frontier = list(Org.objects.filter(parent_id__in=frontier).values_list("id", flat=True))
        ids += frontier
    return ids


def naive_list(root_id: int) -> list[Member]:
    qs = Member.objects.filter(org_id__in=naive_subtree_ids(root_id)).select_related("org").order_by("-id")
    page = Paginator(qs, PAGE).get_page(1)
    return list(page)


def naive_count(root_id: int) -> int:
    return Member.objects.filter(org_id__in=naive_subtree_ids(root_id)).count()


def naive_lookup(root_id: int, id_number: str) -> list[Member]:
    qs = (
        Member.objects.filter(
            org_id__in=naive_subtree_ids(root_id), id_index=pii.blind_index(id_number, purpose="id")
        )
        .select_related("org")
        .order_by("-id")
    )
    return list(Paginator(qs, PAGE).get_page(1))


@transaction.atomic
def naive_move(org_id: int, new_parent_id: int) -> int:
    org = Org.objects.select_for_update().get(pk=org_id)
    parent = Org.objects.get(pk=new_parent_id)
    org.parent = parent
    org.path = parent.path + path_segment(org.pk)
    org.depth = parent.depth + 1
    org.save(update_fields=["parent", "path", "depth"])
    moved, frontier = 1, [org]
    while frontier:
        by_id = {o.pk: o for o in frontier}
        children = list(Org.objects.filter(parent_id__in=list(by_id)))
        for child in children:
            up = by_id[child.parent_id]
            child.path = up.path + path_segment(child.pk)
            child.depth = up.depth + 1
            child.save(update_fields=["path", "depth"])
        moved += len(children)
        frontier = children
    return moved


# --- the path-based operations (what the pages and services do) -----------------------------------


def page_of(qs) -> list[Member]:
    page = Paginator(qs, PAGE).get_page(1)  # count() + LIMIT 20, as core.views.member_list
    return list(page)


def path_list(actor: User) -> list[Member]:
    """What core.views.member_list does: rows through the join, the total through count_members_visible_to."""
    from niangjia.core.pagination import CountedPaginator

    actor = fresh(actor)
    total = selectors.count_members_visible_to(actor=actor)
    qs = selectors.members_visible_to(actor=actor, expected_rows=total)
    return list(CountedPaginator(qs, PAGE, count=lambda: total).get_page(1))


def path_count(actor: User) -> int:
    return selectors.count_members_visible_to(actor=fresh(actor))


def path_move(actor: User, org_id: int, new_parent_id: int) -> Org:
    return move_org(actor=fresh(actor), org_id=org_id, new_parent_id=new_parent_id)


def path_lookup(actor: User, id_number: str) -> list[Member]:
    return page_of(selectors.members_visible_to(actor=fresh(actor), q=id_number))


# --- candidate for core (PostgreSQL): count through an array of subtree org ids ------------------
#
# `org_id = ANY(ARRAY(SELECT id FROM core_org WHERE path range))` makes the subtree an InitPlan, so
# the count walks only the subtree's entries of the member org_id index instead of hash-joining the
# whole index. Only for counts: the same filter on the ORDER BY id DESC LIMIT 20 page is far worse.

ANY_SUBTREE = (
    '"core_member"."org_id" = ANY(ARRAY(SELECT "id" FROM "core_org" WHERE "path" >= %s AND "path" < %s))'
)


def any_scope_q(actor: User) -> Q:
    q = Q(pk__in=[])
    for grant in scoping.roles_of(actor):
        if grant.role not in scoping.STAFF_ROLES:
            continue
        if grant.include_subtree:
            bounds = (grant.org.path, path_upper_bound(grant.org.path))
            q |= Q(RawSQL(ANY_SUBTREE, bounds, output_field=BooleanField()))
        else:
            q |= Q(org_id=grant.org_id)
    return q


def any_count(actor: User) -> int:
    return Member.objects.filter(any_scope_q(fresh(actor))).count()


def any_list(actor: User) -> tuple[int, list[Member]]:
    """The page with the count through the array form and the rows through the existing join."""
    actor = fresh(actor)
    total = Member.objects.filter(any_scope_q(actor)).count()
    return total, list(selectors.members_visible_to(actor=actor)[:PAGE])


# --- measuring ------------------------------------------------------------------------------------


def timed(fn, *args) -> tuple[float, object]:
    t = time.perf_counter()
    out = fn(*args)
    return (time.perf_counter() - t) * 1000, out


def pct(values: list[float], p: float) -> float:
    s = sorted(values)
    k = max(0, min(len(s) - 1, math.ceil(p / 100 * len(s)) - 1))
    return s[k]


def main(argv: list[str] | None = None, *, test_database: bool = False) -> None:
    """`test_database`: the smoke test runs this inside a pytest database (rolled back afterwards)."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--orgs", type=int, default=2_000)
    ap.add_argument("--members", type=int, default=20_000)
    ap.add_argument("--repeat", type=int, default=20, help="timed runs per operation and approach")
    ap.add_argument("--seed", type=int, default=20261124)
    ap.add_argument("--reuse", action="store_true", help="keep the data already loaded (same sizes)")
    ap.add_argument("--explain", action="store_true", help="print query plans of the path-based queries")
    args = ap.parse_args(argv)

    db_name = str(connection.settings_dict["NAME"])
    if "bench" not in db_name and not test_database:
        sys.exit(f"refusing to run against {db_name!r}: the database name must contain 'bench'")
    if not test_database:  # a database migrated before a later migration is the usual way this broke
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
    with connection.cursor() as cur:
        cur.execute("SELECT version()" if PG else "SELECT sqlite_version()")
        db_version = cur.fetchone()[0]
    print(f"# scope benchmark  {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC")
    print(f"database: {connection.vendor} {db_version.split(' on ')[0]}  ({db_name})")
    print(f"machine: {os.cpu_count()} cpus, {platform.platform()}, Python {platform.python_version()}")

    have = (Org.objects.count(), Member.objects.count())
    if args.reuse and have == (args.orgs, args.members):
        print(f"reusing loaded data: {have[0]:,} orgs, {have[1]:,} members")
        with connection.cursor() as cur:  # the users, roles and audit rows of an earlier run
            # Audit rows are append-only (a trigger refuses DELETE on PostgreSQL); TRUNCATE is the
            # administrative way to empty a benchmark database.
            if connection.vendor == "postgresql":
                cur.execute("TRUNCATE core_auditevent")
            else:
                cur.execute("DELETE FROM core_auditevent")
            for table in ("core_orgrole", "core_user"):
                cur.execute(f"DELETE FROM {table}")
    else:
        timings = load(args.orgs, args.members, args.seed)
        print("load: " + ", ".join(f"{k} {v:.1f}" for k, v in timings.items()))
    levels = dict(Org.objects.values_list("level").annotate(n=Count("id")).values_list("level", "n"))
    print(f"data: {Org.objects.count():,} orgs {levels}, {Member.objects.count():,} members")

    rng = random.Random(args.seed + 1)
    districts = subtree_member_counts("district")
    cities = subtree_member_counts("city")
    # Staff of the biggest district and city plus a spread of others, so p95 includes the worst case.
    pick_d = [districts[0]] + rng.sample(districts[1:], min(9, len(districts) - 1))
    pick_c = [cities[0]] + rng.sample(cities[1:], min(4, len(cities) - 1))
    print("districts measured (id, members): " + ", ".join(f"{i}:{n}" for i, n in pick_d))
    print("cities measured (id, members): " + ", ".join(f"{i}:{n}" for i, n in pick_c))
    count_of = dict(districts + cities)
    orgs = Org.objects.in_bulk([i for i, _ in pick_d + pick_c])
    d_staff = [(staff_at(orgs[i]), i) for i, _ in pick_d]
    c_staff = [(staff_at(orgs[i]), i) for i, _ in pick_c]
    admin = staff_at(Org.objects.get(level="province"), role="admin")

    # Lookup targets: really encrypted members (evenly spaced ids), each found by staff of its district.
    n_members = Member.objects.count()
    lookup_members = list(
        Member.objects.filter(pk__in=sample_member_ids(n_members)).select_related("org").order_by("pk")
    )
    rng.shuffle(lookup_members)
    district_of = {o.path: o for o in Org.objects.filter(level="district")}
    lookup_staff: dict[int, User] = {did: u for u, did in d_staff}
    lookups = []
    for m in lookup_members[: max(args.repeat, 10)]:
        district = district_of[m.org.path[: 3 * 8]]
        if district.pk not in lookup_staff:
            lookup_staff[district.pk] = staff_at(district)
        lookups.append((lookup_staff[district.pk], district.pk, m.id_number, m.pk))

    # Streets to move: the biggest (by orgs below it) and a few ordinary ones, each to another district.
    street_sizes = list(
        Org.objects.filter(level="street")
        .annotate(n=Count("children"))
        .order_by("-n", "pk")
        .values_list("pk", "n")
    )
    pick_s = [street_sizes[0]] + rng.sample(street_sizes[1:], min(4, len(street_sizes) - 1))
    all_districts = [i for i, _ in districts]
    moves = []
    for sid, n in pick_s:
        home = Org.objects.get(pk=sid).parent_id
        away = rng.choice([d for d in all_districts if d != home])
        moves.append((sid, n, home, away))
    print("streets moved (id, orgs below): " + ", ".join(f"{s}:{n}" for s, n, _, _ in moves))

    results: dict[str, dict[str, list[float]]] = {}

    by_target: dict[tuple[str, str, int], list[float]] = {}

    def run(name: str, approach: str, fn, *fargs, target: int = 0) -> object:
        ms, out = timed(fn, *fargs)
        results.setdefault(name, {}).setdefault(approach, []).append(ms)
        by_target.setdefault((name, approach, target), []).append(ms)
        return out

    # Warm-up: connection, caches, statement plans.
    for user, did in d_staff:
        path_list(user)
        naive_list(did)
    for user, cid in c_staff[:2]:
        path_count(user)
        naive_count(cid)

    for i in range(args.repeat):
        user, did = d_staff[i % len(d_staff)]
        a = run("list", "path", path_list, user, target=did)
        b = run("list", "naive", naive_list, did, target=did)
        assert [m.pk for m in a] == [m.pk for m in b], "list mismatch"
        if PG:
            total, rows = run("list", "any", any_list, user, target=did)
            assert [m.pk for m in rows] == [m.pk for m in a], "list (any) mismatch"
            assert total == count_of[did], "list (any) count mismatch"
        user, cid = c_staff[i % len(c_staff)]
        a = run("count", "path", path_count, user, target=cid)
        b = run("count", "naive", naive_count, cid, target=cid)
        assert a == b == count_of[cid], "count mismatch"
        if PG:
            c = run("count", "any", any_count, user, target=cid)
            assert c == a, "count (any) mismatch"
        user, did, id_number, mid = lookups[i % len(lookups)]
        a = run("lookup", "path", path_lookup, user, id_number)
        b = run("lookup", "naive", naive_lookup, did, id_number)
        assert [m.pk for m in a] == [m.pk for m in b] == [mid], "lookup mismatch"
    move_repeat = max(2, args.repeat // 2)
    for i in range(move_repeat):
        sid, _, home, away = moves[i % len(moves)]
        run("move", "path", path_move, admin, sid, away, target=sid)
        run("move", "path", path_move, admin, sid, home, target=sid)
        run("move", "naive", naive_move, sid, away, target=sid)
        run("move", "naive", naive_move, sid, home, target=sid)

    bad = tree_inconsistencies()
    print(f"tree consistency after {4 * move_repeat} moves: {bad} bad paths")
    assert bad == 0

    print()
    print(f"repeat {args.repeat} (move: {2 * move_repeat} moves per approach)")
    print("| operation | path p50 | path p95 | naive p50 | naive p95 | naive/path p50 | naive/path p95 |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name in ("list", "count", "lookup", "move"):
        p, n = results[name]["path"], results[name]["naive"]
        p50, p95, n50, n95 = pct(p, 50), pct(p, 95), pct(n, 50), pct(n, 95)
        print(
            f"| {name} | {p50:.1f} | {p95:.1f} | {n50:.1f} | {n95:.1f} | {n50 / p50:.1f}x | {n95 / p95:.1f}x |"
        )

    sizes = {"list": dict(pick_d), "count": dict(pick_c), "move": {s: n for s, n, _, _ in moves}}
    unit = {"list": "members", "count": "members", "move": "orgs"}
    print()
    print("per target (p50 / max ms):")
    print("| operation | target org | size | path p50 | path max | naive p50 | naive max |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for name in ("list", "count", "move"):
        for target, size in sorted(sizes[name].items(), key=lambda kv: -kv[1]):
            if (name, "path", target) not in by_target:  # fewer repeats than targets
                continue
            p, n = by_target[(name, "path", target)], by_target[(name, "naive", target)]
            print(
                f"| {name} | {target} | {size:,} {unit[name]} | {pct(p, 50):.1f} | {max(p):.1f}"
                f" | {pct(n, 50):.1f} | {max(n):.1f} |"
            )

    if PG:
        print()
        print(
            "candidate for core: counts through org_id = ANY(ARRAY(subtree ids)) (list: count that way + same page query)"
        )
        print("| operation | path p50 | path p95 | candidate p50 | candidate p95 | path/candidate p95 |")
        print("|---|---:|---:|---:|---:|---:|")
        for name in ("list", "count"):
            p, c = results[name]["path"], results[name]["any"]
            print(
                f"| {name} | {pct(p, 50):.1f} | {pct(p, 95):.1f} | {pct(c, 50):.1f} | {pct(c, 95):.1f}"
                f" | {pct(p, 95) / pct(c, 95):.1f}x |"
            )
        print()
        print("| operation | target org | path p50 | path max | candidate p50 | candidate max |")
        print("|---|---:|---:|---:|---:|---:|")
        for name in ("list", "count"):
            for target, _ in sorted(sizes[name].items(), key=lambda kv: -kv[1]):
                if (name, "path", target) not in by_target:
                    continue
                p, c = by_target[(name, "path", target)], by_target[(name, "any", target)]
                print(
                    f"| {name} | {target} | {pct(p, 50):.1f} | {max(p):.1f} | {pct(c, 50):.1f} | {max(c):.1f} |"
                )

    if args.explain:
        big_d, big_c = d_staff[0][0], c_staff[0][0]
        qs = selectors.members_visible_to(actor=fresh(big_d))
        print("\n## list, count(*) for the biggest district\n" + explain_count(qs))
        print("\n## list, first page for the biggest district\n" + explain(qs[:PAGE]))
        qs = Member.objects.filter(scoping.scope_q(fresh(big_c)))
        print("\n## count for the biggest city\n" + explain_count(qs))
        user, _, id_number, _ = lookups[0]
        print(
            "\n## lookup by ID number\n"
            + explain(selectors.members_visible_to(actor=fresh(user), q=id_number)[:PAGE])
        )


def sample_member_ids(n_members: int) -> list[int]:
    step = max(1, n_members // SAMPLE)
    return list(range(1, n_members + 1, step))[:SAMPLE]


def explain_count(qs) -> str:
    sql, params = qs.order_by().values("pk").query.sql_with_params()
    return _explain(f"SELECT count(*) FROM ({sql}) AS sub", params)


def explain(qs) -> str:
    sql, params = qs.query.sql_with_params()
    return _explain(sql, params)


def _explain(sql: str, params) -> str:
    with connection.cursor() as cur:
        if PG:
            cur.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
            return "\n".join(r[0] for r in cur.fetchall())
        cur.execute("EXPLAIN QUERY PLAN " + sql, params)
        return "\n".join(" | ".join(str(c) for c in r) for r in cur.fetchall())


def tree_inconsistencies() -> int:
    pad = "lpad(o.id::text, 8, '0')" if PG else "printf('%08d', o.id)"
    with connection.cursor() as cur:
        cur.execute(
            f"SELECT count(*) FROM core_org o JOIN core_org p ON p.id = o.parent_id"
            f" WHERE o.path <> p.path || {pad} OR o.depth <> p.depth + 1"
        )
        return cur.fetchone()[0]


if __name__ == "__main__":
    main()
