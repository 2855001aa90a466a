"""Search over job posts on the shared engine (`niangjia.core.search`), the one the knowledge base uses.

A post's title is the title part of the index; skills, description, requirements, employer and location are
the body. Indexed in the SQLite FTS5 table `jobs_position_fts` or the PostgreSQL vectors of `jobs_position`.
"""

from niangjia.core import search as engine

SYNONYM_VERSION_KEY = "jobs:synonyms:version"

# Job words workers and helpers use for the same work (one group per line). Static: edited in code, reviewed like
# code. Added after the first run of the evaluation set (docs/jobs.md gives the figure before and after).
JOB_SYNONYMS: dict[str, list[str]] = {
    "保洁": ["保洁", "保洁员", "清洁工", "打扫卫生", "卫生保洁"],
    "保安": ["保安", "门卫", "安保", "门岗"],
    "仓库管理": ["仓库管理", "仓管", "仓管员", "库管", "仓库管理员"],
    "护理": ["护工", "护理员", "陪护", "养老护理"],
    "流水线": ["流水线", "操作工", "装配工", "普工"],
    "文员": ["文员", "录入员", "资料员"],
    "厨师": ["厨师", "面点师", "炒锅"],
    "司机": ["司机", "驾驶员"],
}


def _load() -> dict[str, list[str]]:
    return JOB_SYNONYMS


SYNONYMS = engine.SynonymCache(_load, SYNONYM_VERSION_KEY)
CANDIDATES = 200  # many posts share a title; enough candidates that closed ones do not starve the page


def _index():
    from niangjia.jobs.models import Position

    return engine.FullTextIndex(model=Position, fts_table="jobs_position_fts", candidates=CANDIDATES)


def index_parts(position) -> tuple[str, str]:
    body = " ".join([position.skills, position.description, position.requirements, position.employer.name,
                     position.location])
    return position.title, body


def reindex(position) -> None:
    title, body = index_parts(position)
    _index().reindex(position, title_text=title, body_text=body)


def unindex(position_id: int) -> None:
    _index().unindex(position_id)


def concepts(text: str) -> list[frozenset[str]]:
    return engine.query_concepts(text, SYNONYMS.map())


def terms(text: str) -> frozenset[str]:
    """Every index term of the text's ideas, synonyms included (what matching compares)."""
    return frozenset(t for c in concepts(text) for t in c)


CARD_FIELDS = ("title", "location", "salary_min", "salary_max", "hours", "public_welfare", "employer_id",
               "employer__name")


def _card(row: dict):
    """A post with what a result card and the API show, built from the search's own row (no second query).
    Read-only: the other fields are not loaded."""
    from niangjia.jobs.models import Employer, Position

    p = Position(id=row["pk"], **{f: row[f] for f in CARD_FIELDS[:-1]})
    p.employer = Employer(id=row["employer_id"], name=row["employer__name"])
    p._state.adding = False
    return p


def search(q: str, limit: int, queryset) -> list[tuple[float, object]]:
    """[(score, post)] best first among `queryset` (open posts of verified employers): one query on
    PostgreSQL, two on SQLite."""
    ranked = _index().ranked(q, limit, synonyms=SYNONYMS.map(), queryset=queryset, values=CARD_FIELDS)
    return [(round(cover + score / 1000, 4), _card(row)) for cover, score, row in ranked]


def naive_like(q: str, limit: int, queryset) -> list[int]:
    """Baseline for the benchmark: a LIKE scan per query token over title, skills and description."""
    return _index().naive_like(q, limit, fields=("title", "skills", "description"), queryset=queryset)
