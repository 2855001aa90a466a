"""Chinese full-text search, shared by every app that searches text (the rights knowledge base, job posts).

Text is segmented with jieba (one tokenizer per process); the space-joined tokens of a row are indexed in an
SQLite FTS5 table (rowid = the row's id, columns `title_tokens, tokens`) or in two PostgreSQL
`tsvector('simple')` columns of the row's own table (`search_vec` weighted title A / body B, `title_vec`).
A query is segmented the same way, each token is expanded through the app's synonym table, the terms are
OR-ed and ranked (bm25 / ts_rank), and the candidates are re-ranked by how many ideas of the query they cover
(title above body).

An app describes its index with a `FullTextIndex` (its model, table names, candidate count) and its synonyms
with a `SynonymCache`; words jieba should keep whole are added with `add_words` from the app's `ready()`.
"""

from __future__ import annotations

import re
import threading
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from django.db import connection

_lock = threading.Lock()
_jieba = None
_extra_words: list[str] = []

STOPWORDS = frozenset(
    "的 了 吗 呢 吧 啊 我 你 他 她 它 们 我们 是 在 有 和 与 或 就 都 也 还 要 能 会 可以 怎么 怎么办 什么 如何 "
    "为什么 哪些 多少 这 那 一个 没有 不 被 给 对 让 把 从 到 说 又 很 后 请问 请 么 应该 需要 情况 问题".split()
)
TOKEN_RE = re.compile(r"^[\w\u4e00-\u9fff]+$")
WORD_RE = re.compile(r"[\u4e00-\u9fff]{2,}")


def add_words(words) -> None:
    """Words jieba should keep whole (synonyms, trade names). Called from an app's `ready()`, before the first
    search; a word added later still reaches the loaded tokenizer."""
    new = [w for w in words if WORD_RE.fullmatch(w) and w not in _extra_words]
    with _lock:
        _extra_words.extend(new)
        if _jieba is not None:
            for w in new:
                _jieba.add_word(w, freq=20000)
    _segmented.cache_clear()


def _tokenizer():
    global _jieba
    if _jieba is None:
        with _lock:
            if _jieba is None:
                import logging

                import jieba

                jieba.setLogLevel(logging.WARNING)
                tk = jieba.Tokenizer()
                tk.initialize()
                for w in _extra_words:
                    tk.add_word(w, freq=20000)
                _jieba = tk
    return _jieba


def tokenize(text: str) -> list[str]:
    """Search-mode segmentation, lower-cased, punctuation and stop words dropped, order kept."""
    out = []
    for tok in _tokenizer().cut_for_search(text or ""):
        tok = tok.strip().lower()
        if tok and tok not in STOPWORDS and TOKEN_RE.match(tok):
            out.append(tok)
    return out


def index_text(text: str) -> str:
    return " ".join(tokenize(text))


class SynonymCache:
    """An app's term → group map, cached per process. An edit in any process calls `forget()`, which bumps a
    version in the shared cache (Redis in production) that every process notices within `check_every` seconds;
    `ttl` bounds staleness where the cache is not shared. `load()` returns {group: [terms]}."""

    def __init__(self, load: Callable[[], dict[str, list[str]]], version_key: str, *, ttl: float = 300.0,
                 check_every: float = 5.0) -> None:
        self.load, self.version_key, self.ttl, self.check_every = load, version_key, ttl, check_every
        self.mapping: dict[str, list[str]] | None = None
        self.loaded = 0.0
        self.version = None
        self.version_checked = 0.0

    def map(self) -> dict[str, list[str]]:
        from django.core.cache import cache

        now = time.monotonic()
        if self.mapping is not None and now - self.version_checked > self.check_every:
            self.version_checked = now
            if cache.get(self.version_key) != self.version:
                self.mapping = None
        if self.mapping is None or now - self.loaded > self.ttl:
            self.version = cache.get(self.version_key)
            self.version_checked = now
            mapping: dict[str, list[str]] = {}
            for terms in self.load().values():
                terms = [t.lower() for t in terms]
                for t in terms:
                    mapping[t] = terms
            self.mapping, self.loaded = mapping, now
        return self.mapping

    def forget(self) -> None:
        """Drop this process's map and tell the other processes (through the shared cache) to drop theirs."""
        from django.core.cache import cache

        self.mapping = None
        cache.set(self.version_key, uuid.uuid4().hex, None)


NO_SYNONYMS: dict[str, list[str]] = {}


@lru_cache(maxsize=4096)
def _segmented(word: str) -> tuple[str, ...]:
    """A synonym's index tokens; synonyms repeat across queries, so segmenting each once saves jieba calls."""
    return tuple(tokenize(word))


def _useful(t: str) -> bool:
    return len(t) > 1 or "\u4e00" <= t <= "\u9fff"


def query_concepts(q: str, synonyms: dict[str, list[str]] = NO_SYNONYMS) -> list[frozenset[str]]:
    """What the query asks about, one set of interchangeable index terms per idea: each query token with its
    synonyms, plus each synonym group whose word occurs in the raw text (a typo or a word jieba split, e.g.
    减工资 → 减 / 工资). Ranking counts ideas covered, so a long synonym list cannot outweigh a second idea."""
    concepts: list[frozenset[str]] = []
    for tok in tokenize(q):
        terms = {tok}
        for t in synonyms.get(tok, []):
            terms.update(_segmented(t))
        concepts.append(frozenset(t for t in terms if _useful(t)))
    low = (q or "").lower()
    for term, group in synonyms.items():
        if len(term) >= 2 and term in low:
            concepts.append(frozenset(p for t in group for p in _segmented(t) if _useful(p)))
    out, seen = [], set()
    for c in concepts:
        if c and c not in seen:
            seen.add(c)
            out.append(c)
    return out


def terms_of(concepts: list[frozenset[str]]) -> list[str]:
    """The OR-ed index terms of the concepts, longest first within each idea, at most 40."""
    return list(dict.fromkeys(t for c in concepts for t in sorted(c, key=lambda t: (-len(t), t))))[:40]


def coverage(concepts: list[frozenset[str]], title: set[str], body: set[str]) -> float:
    """Ideas of the query found in a row: 2 for one in the title, 1 in the body; a one-character idea counts
    half (they are too common)."""
    score = 0.0
    for c in concepts:
        weight = 1.0 if any(len(t) > 1 for t in c) else 0.5
        score += weight * (2.0 if c & title else 1.0 if c & body else 0.0)
    return score


def _pg_quote(t: str) -> str:
    return "'" + t.replace("'", "").replace("\\", "") + "'"


@dataclass(frozen=True)
class FullTextIndex:
    """One searchable table. `model` has `title_tokens` and `tokens` text fields (what the index holds, kept
    for re-ranking); `fts_table` is the SQLite FTS5 table; the PostgreSQL vectors live on the model's table."""

    model: type
    fts_table: str
    candidates: int = 40  # full-text hits re-ranked by concept coverage

    @property
    def pg_table(self) -> str:
        return self.model._meta.db_table

    def ranked(self, q: str, limit: int, *, synonyms: dict[str, list[str]] = NO_SYNONYMS, queryset=None,
               candidates: int | None = None, values: tuple[str, ...] = ()) -> list[tuple[float, float, object]]:
        """[(coverage, index score, row)] best first, at most `limit`. The full-text index finds up to
        `candidates` rows of `queryset` (default: all); they are re-ranked by the ideas of the query they cover,
        the index score breaking ties.

        Candidates are read as tuples (id, score, stored tokens), never as model objects: building a model (and
        decrypting its related rows) for each of 200 candidates was most of a search's cost. With `values` (field
        names, lookups allowed: "employer__name") each row is a dict of those fields read in the same query, so
        PostgreSQL answers in one query and SQLite in two; without, the `limit` winners are then loaded as model
        objects (one more query). On PostgreSQL the queryset's conditions are part of the full-text query, so
        rows it excludes never take a candidate's place."""
        concepts = query_concepts(q, synonyms)
        terms = terms_of(concepts)
        if not terms:
            return []
        fetch = max(limit, candidates or self.candidates)
        qs = self.model.objects.all() if queryset is None else queryset
        fields = ("pk", "title_tokens", "tokens", *values)
        if connection.vendor == "postgresql":
            rows = self._candidates_pg(terms, fetch, qs, fields)
        else:
            rows = self._candidates_sqlite(terms, fetch, qs, fields)
        scored = []
        for score, row in rows:
            cover = coverage(concepts, set(row[1].split()), set(row[2].split()))
            scored.append((cover, float(score), row))
        scored.sort(key=lambda r: (r[0], r[1]), reverse=True)
        top = scored[:limit]
        if values:
            return [(cover, score, dict(zip(fields, row, strict=True))) for cover, score, row in top]
        found = qs.in_bulk([row[0] for _c, _s, row in top])
        return [(cover, score, found[row[0]]) for cover, score, row in top if row[0] in found]

    def _candidates_sqlite(self, terms: list[str], limit: int, qs, fields) -> list[tuple[float, tuple]]:
        # A title-column-first stage like PostgreSQL's was tried on the knowledge base and did no better
        # (recall@1 0.883 vs 0.900, recall@3 equal), so one bm25 query over both columns stays.
        match = " OR ".join('"' + t.replace('"', "") + '"' for t in terms)
        with connection.cursor() as cur:
            cur.execute(
                f"SELECT rowid, -bm25({self.fts_table}, 3.0, 1.0) AS score FROM {self.fts_table} "
                f"WHERE {self.fts_table} MATCH %s ORDER BY bm25({self.fts_table}, 3.0, 1.0) LIMIT %s",
                [match, limit],
            )
            hits = list(cur.fetchall())
        stored = {row[0]: row for row in qs.filter(pk__in=[h[0] for h in hits]).values_list(*fields)}
        return [(score, stored[pk]) for pk, score in hits if pk in stored]

    def _candidates_pg(self, terms: list[str], limit: int, qs, fields) -> list[tuple[float, tuple]]:
        """Rows whose title matches first (ranked by the full weighted vector), then rows matching only in the
        body: the same candidates as a title stage topped up by a body stage, in one statement built on the
        queryset, so its conditions and joins are part of it."""
        from django.db.models import BooleanField, FloatField
        from django.db.models.expressions import RawSQL

        tsq = " | ".join(_pg_quote(t) for t in terms)
        t = connection.ops.quote_name(self.pg_table)
        query = "to_tsquery('simple', %s)"
        rows = (qs.annotate(fts_in_title=RawSQL(f"{t}.title_vec @@ {query}", [tsq], output_field=BooleanField()),
                            fts_rank=RawSQL(f"ts_rank({t}.search_vec, {query}, 1)", [tsq], output_field=FloatField()))
                .filter(RawSQL(f"{t}.search_vec @@ {query}", [tsq], output_field=BooleanField()))
                .order_by("-fts_in_title", "-fts_rank", "pk")
                .values_list("fts_rank", *fields)[:limit])
        return [(row[0], row[1:]) for row in rows]

    def reindex(self, row, *, title_text: str, body_text: str) -> None:
        """Write the row's tokens into its fields and the vendor's full-text index."""
        title_tokens, body_tokens = index_text(title_text), index_text(body_text)
        self.model.objects.filter(pk=row.pk).update(tokens=body_tokens, title_tokens=title_tokens)
        row.tokens, row.title_tokens = body_tokens, title_tokens
        with connection.cursor() as cur:
            if connection.vendor == "postgresql":
                cur.execute(
                    f"UPDATE {self.pg_table} SET search_vec = setweight(to_tsvector('simple', %s), 'A') || "
                    "setweight(to_tsvector('simple', %s), 'B'), title_vec = to_tsvector('simple', %s) WHERE id = %s",
                    [title_tokens, body_tokens, title_tokens, row.pk],
                )
            else:
                cur.execute(f"DELETE FROM {self.fts_table} WHERE rowid = %s", [row.pk])
                cur.execute(f"INSERT INTO {self.fts_table}(rowid, title_tokens, tokens) VALUES (%s, %s, %s)",
                            [row.pk, title_tokens, body_tokens])

    def unindex(self, row_id: int) -> None:
        if connection.vendor != "postgresql":
            with connection.cursor() as cur:
                cur.execute(f"DELETE FROM {self.fts_table} WHERE rowid = %s", [row_id])

    def naive_like(self, q: str, limit: int, *, fields: tuple[str, ...], queryset=None) -> list[int]:
        """Baseline for benchmarks: a LIKE scan for each query token over `fields`, ranked by tokens hit."""
        from django.db.models import Case, IntegerField, Q, Value, When

        toks = tokenize(q)[:10]
        if not toks:
            return []

        def hit(t: str) -> Q:
            cond = Q()
            for f in fields:
                cond |= Q(**{f"{f}__contains": t})
            return cond

        score = sum((Case(When(hit(t), then=Value(1)), default=Value(0), output_field=IntegerField())
                     for t in toks), Value(0))
        qs = self.model.objects.all() if queryset is None else queryset
        qs = qs.annotate(hits=score).filter(hits__gt=0).order_by("-hits", "id")
        return list(qs.values_list("id", flat=True)[:limit])


def fts_migration_sql(*, table: str, fts_table: str, prefix: str) -> tuple[list[str], list[str], list[str],
                                                                           list[str]]:
    """(sqlite_up, sqlite_down, pg_up, pg_down) statements that create a `FullTextIndex`'s storage."""
    return (
        [f"CREATE VIRTUAL TABLE IF NOT EXISTS {fts_table} USING fts5(title_tokens, tokens)"],
        [f"DROP TABLE IF EXISTS {fts_table}"],
        [f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS search_vec tsvector",
         f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS title_vec tsvector",
         f"CREATE INDEX IF NOT EXISTS {prefix}_search_vec ON {table} USING GIN (search_vec)",
         f"CREATE INDEX IF NOT EXISTS {prefix}_title_vec ON {table} USING GIN (title_vec)"],
        [f"DROP INDEX IF EXISTS {prefix}_title_vec", f"DROP INDEX IF EXISTS {prefix}_search_vec",
         f"ALTER TABLE {table} DROP COLUMN IF EXISTS title_vec",
         f"ALTER TABLE {table} DROP COLUMN IF EXISTS search_vec"],
    )
