"""The to-do centre (待办) and the dashboard strip: one queue across every module.

Core never imports an app. An app registers what it contributes in its `AppConfig.ready()`:

    from niangjia.core import todo
    todo.register(todo.Provider(kind="relief.application", label="帮扶申请待审批", module="困难帮扶",
                                roles=scoping.STAFF_ROLES, fetch=relief_todo.applications))
    todo.register_figure(todo.Figure(key="relief.aid_paid", label="帮扶资金发放", order=30,
                                     value=relief_todo.aid_paid, url_name="relief:reports", money=True))

`fetch(actor, limit)` returns `(count, [Item, ...])` — at most `limit` items, the most urgent first — and is
normally `return todo.count_and_take(qs, limit, to_item)` over a queryset scoped by the app's own selector.
Inside the queue that call only declares the query: core runs the COUNT of every kind in ONE `UNION ALL`
statement, then the first rows (`select_related`, ORDER BY … LIMIT) of the kinds that have any. The page costs
roles + 1 + (kinds with rows) queries whatever the volume, and the sidebar badges one query.
`Figure.value(actor, year)` returns one number for the actor's subtree and year, in one query.
"""

import contextvars
import datetime as dt
import hashlib
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db import connections
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from niangjia.core import scoping

ITEMS_PER_KIND = 10
DUE_SOON_DAYS = 2


@dataclass(frozen=True)
class Item:
    """One row of the queue. `who` is already masked where it is personal data; `url` opens the item."""

    kind: str
    who: str
    title: str
    created: dt.datetime | dt.date
    url: str
    deadline: dt.date | None = None
    org_name: str = ""
    amount: Decimal | None = None


@dataclass(frozen=True)
class Provider:
    kind: str
    label: str  # Chinese, e.g. "帮扶申请待审批"
    module: str  # the sidebar group, e.g. "困难帮扶"
    fetch: Callable[..., tuple[int, list[Item]]]
    roles: frozenset = scoping.STAFF_ROLES
    list_url_name: str = ""  # "see all": the grid behind this kind
    order: int = 100
    # App labels whose changes can change this kind's rows (default: the app of the kind, "relief.x" -> relief)
    watch: tuple[str, ...] = ()

    @property
    def watched(self) -> tuple[str, ...]:
        return self.watch or (self.kind.split(".", 1)[0],)


@dataclass(frozen=True)
class Figure:
    key: str
    label: str
    value: Callable[..., int | Decimal]
    url_name: str = ""
    url_query: str = ""
    roles: frozenset = scoping.STAFF_ROLES
    money: bool = False
    order: int = 100


_providers: dict[str, Provider] = {}
_figures: dict[str, Figure] = {}


_watched: set[str] = set()  # the apps some provider reads (kept up to date by register)


def register(provider: Provider) -> None:
    """Idempotent (ready() may run twice in tests): the last registration of a kind wins."""
    _providers[provider.kind] = provider
    _watched.update(provider.watched)


def register_figure(figure: Figure) -> None:
    _figures[figure.key] = figure


def providers() -> list[Provider]:
    return sorted(_providers.values(), key=lambda p: (p.order, p.kind))


def figures() -> list[Figure]:
    return sorted(_figures.values(), key=lambda f: (f.order, f.key))


def _url(name: str, query: str = "") -> str:
    if not name:
        return ""
    try:
        return reverse(name) + (f"?{query}" if query else "")
    except NoReverseMatch:
        return ""


def sla_state(deadline: dt.date | None, today: dt.date) -> str:
    """"overdue" (past), "due" (within DUE_SOON_DAYS), "ok", or "" without a deadline — the row's colour."""
    if deadline is None:
        return ""
    if deadline < today:
        return "overdue"
    if (deadline - today).days <= DUE_SOON_DAYS:
        return "due"
    return "ok"


def age_days(created, today: dt.date) -> int:
    day = timezone.localtime(created).date() if isinstance(created, dt.datetime) else created
    return max((today - day).days, 0)


@dataclass
class Queue:
    rows: list[dict] = field(default_factory=list)
    kinds: list[dict] = field(default_factory=list)  # per kind: label, module, count, url

    @property
    def total(self) -> int:
        return sum(k["count"] for k in self.kinds)


def queue_for(actor, *, kind: str = "", per_kind: int = ITEMS_PER_KIND, today: dt.date | None = None) -> Queue:
    """The actor's queue: each provider their roles allow, the most urgent rows first."""
    today = today or timezone.localdate()
    out = Queue()
    mine = [p for p in providers() if scoping.has_role(actor, p.roles)]
    limits = {p.kind: per_kind if not kind or kind == p.kind else 0 for p in mine}
    results = _fetch_all(actor, mine, limits, today)
    for p in mine:
        count, items = results[p.kind]
        out.kinds.append({"kind": p.kind, "label": p.label, "module": p.module, "count": count,
                          "url": _url(p.list_url_name)})
        for item in items if limits[p.kind] else []:
            out.rows.append({"item": item, "label": p.label, "module": p.module,
                             "sla": sla_state(item.deadline, today), "age": age_days(item.created, today)})
    rank = {"overdue": 0, "due": 1, "ok": 2, "": 3}
    out.rows.sort(key=lambda r: (rank[r["sla"]], r["item"].deadline or dt.date.max, -r["age"]))
    return out


def counts_for(actor) -> dict[str, int]:
    """Per-kind counts only (the sidebar badges)."""
    mine = [p for p in providers() if scoping.has_role(actor, p.roles)]
    results = _fetch_all(actor, mine, {p.kind: 0 for p in mine}, timezone.localdate())
    return {p.kind: results[p.kind][0] for p in mine}


# --- the queue cache -------------------------------------------------------------------------------------------
# A provider's (count, rows) are kept per user for a short time and dropped as soon as anything in a watched app
# changes: every audited use case (core.audit.record) and every save/delete of a watched app's model stamps
# that app's generation, which is part of the key. What no service audits and no signal sees (a raw UPDATE)
# shows within QUEUE_CACHE_SECONDS; a date change shows at once (the day is in the key).

QUEUE_CACHE_SECONDS = 60


def _cache_seconds() -> int:
    from django.conf import settings

    return int(getattr(settings, "NIANGJIA_TODO_CACHE_SECONDS", QUEUE_CACHE_SECONDS))


def _gen_key(app: str) -> str:
    return f"todo.gen:{app}"


def model_changed(sender, **kwargs) -> None:
    """post_save / post_delete of any model (connected in CoreConfig.ready): a watched app's row changed, so
    its queues are stale once the transaction commits (at once outside a transaction)."""
    from django.db import transaction

    app = sender._meta.app_label
    if app in _watched and _cache_seconds():
        transaction.on_commit(lambda: changed(app))


def changed(*apps: str) -> None:
    """Something in these apps changed: the cached queues that read them are stale."""
    wanted = {a for a in apps if a} & _watched
    if wanted and _cache_seconds():
        stamp = time.time_ns()
        cache.set_many({_gen_key(a): stamp for a in wanted}, None)


def _grants_signature(actor) -> str:
    grants = sorted(f"{g.org_id}:{g.role}:{int(g.include_subtree)}" for g in scoping.roles_of(actor))
    return hashlib.sha256(",".join(grants).encode()).hexdigest()[:16]


def _fetch_all(actor, mine: list[Provider], limits: dict[str, int], today: dt.date) -> dict[str, tuple]:
    seconds = _cache_seconds()
    if not seconds:
        return _fetch_uncached(actor, mine, limits)
    apps = sorted({a for p in mine for a in p.watched})
    gens = cache.get_many([_gen_key(a) for a in apps])
    base = f"{actor.pk}:{_grants_signature(actor)}:{int(scoping.is_everything(actor))}:{today.isoformat()}"
    watched = {p.kind: [gens.get(_gen_key(a)) for a in p.watched] for p in mine}

    def key(kind: str, limit: int) -> str:
        return "todo.q:" + hashlib.sha256(f"{base}:{kind}:{limit}:{watched[kind]}".encode()).hexdigest()

    keys = {p.kind: key(p.kind, limits[p.kind]) for p in mine}
    hits = cache.get_many(list(keys.values()))
    missing = [p for p in mine if hits.get(keys[p.kind]) is None]
    fresh = _fetch_uncached(actor, missing, limits) if missing else {}
    if fresh:
        stored = {keys[k]: v for k, v in fresh.items()}
        # the page's counts are the sidebar's badges too (its own key, limit 0): its request is then free
        stored.update({key(k, 0): (v[0], []) for k, v in fresh.items() if limits[k]})
        cache.set_many(stored, seconds)
    return {p.kind: fresh[p.kind] if p.kind in fresh else hits[keys[p.kind]] for p in mine}


FIGURES_CACHE_SECONDS = 300  # yearly totals: five minutes old is fresh enough, and the page stays cheap


def dashboard_for(actor, *, year: int | None = None, cached: bool = True) -> list[dict]:
    """The strip's figures for the actor's subtree. Cached per user and year for FIGURES_CACHE_SECONDS (the
    key includes the user's roles, so a role change shows at once)."""
    year = year or timezone.localdate().year
    roles = ",".join(f"{g.org_id}:{g.role}:{int(g.include_subtree)}" for g in scoping.roles_of(actor))
    key = f"todo.figures:{actor.pk}:{year}:{roles}:{int(scoping.is_everything(actor))}"
    if cached:
        hit = cache.get(key)
        if hit is not None:
            return hit
    out = _figures_for(actor, year)
    if cached:
        cache.set(key, out, FIGURES_CACHE_SECONDS)
    return out


def _figures_for(actor, year: int) -> list[dict]:
    out = []
    for f in figures():
        if not scoping.has_role(actor, f.roles):
            continue
        out.append({"key": f.key, "label": f.label, "value": f.value(actor, year), "money": f.money,
                    "url": _url(f.url_name, f.url_query)})
    return out


def take(qs, limit: int) -> list:
    """The first `limit` rows, or none without a query when `limit` is 0."""
    return list(qs[:limit]) if limit else []


# --- running the providers: all counts in one query ------------------------------------------------------------
# A provider body ends in `count_and_take(qs, limit, to_item)`. Called by core's queue (inside `_collecting`), that
# only *declares* the query; core then runs every declared kind's COUNT in ONE `UNION ALL` statement and fetches
# the first rows (a plain ORDER BY … LIMIT, which stops early on the kind's ordering index) only for the kinds that
# have any. The page costs 1 + (kinds with rows) queries instead of one full scan per kind, and the sidebar badges
# one query. Called directly (tests, scripts) it runs at once and returns (count, items).

_collecting: contextvars.ContextVar[bool] = contextvars.ContextVar("todo_collecting", default=False)


@dataclass(frozen=True)
class _Declared:
    qs: object
    limit: int
    to_item: Callable[..., Item]
    compiled: tuple | None = None  # the count query's (sql, params), filled on first use


def count_and_take(qs, limit: int, to_item: Callable[..., Item]):
    """The usual provider body: the number of rows in `qs` and the first `limit` of them as `Item`s."""
    declared = _Declared(qs, limit, to_item)
    if _collecting.get():
        return declared
    return _run({0: declared})[0]


_EMPTY = ("", ())  # a count query that can match nothing (EmptyResultSet): no branch in the UNION ALL


def _count_sql(d: _Declared) -> tuple[str, tuple]:
    """The kind's rows as `SELECT pk …` (compiled once per declaration; `_EMPTY` when nothing can match)."""
    if d.compiled is None:
        query = d.qs.order_by().values("pk").query
        try:
            sql, params = query.get_compiler(using=d.qs.db).as_sql()
        except EmptyResultSet:
            sql, params = _EMPTY
        object.__setattr__(d, "compiled", (sql, tuple(params)))  # frozen dataclass; the value never changes
    return d.compiled


def _count_branch(key: int, d: _Declared) -> tuple[str, list] | None:
    """`SELECT key, COUNT(*) FROM (<the kind's rows>)`, or None when the filter can match nothing."""
    sql, params = _count_sql(d)
    if not sql:
        return None
    return f"SELECT {int(key)}, COUNT(*) FROM ({sql}) todo_{int(key)}", list(params)


def _run(declared: dict) -> dict:
    """Run declared kinds: one UNION ALL for every count (per database alias), then each non-empty kind's rows."""
    counts = dict.fromkeys(declared, 0)
    by_alias: dict[str, list] = {}
    for n, (key, d) in enumerate(declared.items()):
        branch = _count_branch(n, d)
        if branch is not None:
            by_alias.setdefault(d.qs.db, []).append((n, key, branch))
    for alias, branches in by_alias.items():
        keys = {n: key for n, key, _ in branches}
        sql = " UNION ALL ".join(b[0] for _, _, b in branches)
        params = [p for _, _, b in branches for p in b[1]]
        with connections[alias].cursor() as cursor:
            cursor.execute(sql, params)
            for n, total in cursor.fetchall():
                counts[keys[n]] = total
    # `.all()`: a declaration may be shared by several requests (the plan cache below), so its queryset is never
    # evaluated itself — that would keep the rows in its result cache
    return {key: (counts[key], [d.to_item(row) for row in take(d.qs.all(), d.limit)] if counts[key] else [])
            for key, d in declared.items()}


# --- the plan cache --------------------------------------------------------------------------------------------
# Building ~25 providers' querysets and compiling their count queries costs about half of an uncached page's CPU
# (bench/todo.py, docs/BENCHMARKS.md), and for one user on one day the result is the same statement every time:
# only the rows change. So each process keeps a user's declarations (querysets, compiled count SQL) for
# PLAN_SECONDS, keyed by the user, their grants, the day and the limit; counts and rows are still read from the
# database on every uncached visit, so a new or decided item shows at once. What a declaration fixes at build
# time besides the day — `timezone.now()` in a filter (market cycles past their closing time), an org's subtree
# after a move — is at most PLAN_SECONDS old. Providers that return results directly are called every time.

PLAN_SECONDS = 60
PLAN_MAX_ENTRIES = 5000  # per process; an entry is one user's declaration of one kind
_plans: dict[tuple, tuple[float, _Declared]] = {}


def _plan_seconds() -> int:
    from django.conf import settings

    return int(getattr(settings, "NIANGJIA_TODO_PLAN_SECONDS", PLAN_SECONDS))


def _declare(actor, p: Provider, limit: int):
    token = _collecting.set(True)
    try:
        return p.fetch(actor, limit)
    finally:
        _collecting.reset(token)


def _fetch_uncached(actor, mine: list[Provider], limits: dict[str, int]) -> dict[str, tuple]:
    seconds = _plan_seconds()
    if not seconds:
        raw = {p.kind: _declare(actor, p, limits[p.kind]) for p in mine}
    else:
        now = time.monotonic()
        base = (getattr(actor, "pk", None), _grants_signature(actor), scoping.is_everything(actor),
                timezone.localdate())
        raw = {}
        for p in mine:
            key = (*base, p.kind, limits[p.kind])
            hit = _plans.get(key)
            if hit is not None and hit[0] > now:
                raw[p.kind] = hit[1]
                continue
            raw[p.kind] = found = _declare(actor, p, limits[p.kind])
            if isinstance(found, _Declared):
                if len(_plans) >= PLAN_MAX_ENTRIES:
                    _drop_expired_plans(now)
                _plans[key] = (now + seconds, found)
    declared = {k: r for k, r in raw.items() if isinstance(r, _Declared)}
    return {**raw, **_run(declared)}


def _drop_expired_plans(now: float) -> None:
    for key in [k for k, (expires, _) in list(_plans.items()) if expires <= now]:
        _plans.pop(key, None)
    if len(_plans) >= PLAN_MAX_ENTRIES:  # all fresh: a burst of distinct users; start over rather than grow
        _plans.clear()


def forget_plans() -> None:
    """Drop every kept declaration (tests; an org move may call it to show a new subtree at once)."""
    _plans.clear()


def chain(*lists: Iterable[Item]) -> list[Item]:
    return [i for items in lists for i in items]
