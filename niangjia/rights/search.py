"""Chinese full-text search over the knowledge base, on the shared engine (`niangjia.core.search`).

Articles are indexed in the SQLite FTS5 table `rights_kb_fts` (rowid = article id) or the PostgreSQL
`tsvector('simple')` columns `search_vec` / `title_vec` of `rights_knowledgearticle`; title, question and
相似问法 are the title part, answer and references the body. Synonyms come from the `Synonym` table and
their words are kept whole by jieba (registered in `RightsConfig.ready`).
"""

from niangjia.core import search as engine

tokenize = engine.tokenize
index_text = engine.index_text
SYNONYM_VERSION_KEY = "rights:synonyms:version"


def _load_synonyms() -> dict[str, list[str]]:
    from niangjia.rights.models import Synonym

    groups: dict[str, list[str]] = {}
    for group, term in Synonym.objects.values_list("group", "term"):
        groups.setdefault(group, []).append(term)
    return groups


SYNONYMS = engine.SynonymCache(_load_synonyms, SYNONYM_VERSION_KEY)


def seed_words() -> list[str]:
    """The seed synonym groups' words, kept whole by jieba."""
    from niangjia.rights.kb_data import SYNONYMS as SEED

    return [w for group, words in SEED.items() for w in [group, *words]]


def _index():
    from niangjia.rights.models import KnowledgeArticle

    return engine.FullTextIndex(model=KnowledgeArticle, fts_table="rights_kb_fts", candidates=40)


def forget_synonyms() -> None:
    SYNONYMS.forget()


def query_concepts(q: str) -> list[frozenset[str]]:
    return engine.query_concepts(q, SYNONYMS.map())


def query_terms(q: str) -> list[str]:
    """Tokens of the query plus their synonyms (each synonym segmented like the index)."""
    return engine.terms_of(query_concepts(q))


def search(q: str, limit: int = 3) -> list[dict]:
    """[{id, title, summary, score}] best first: up to 40 full-text hits re-ranked by how many ideas of the
    question they cover (title and 相似问法 above body), the index score breaking ties."""
    limit = max(1, min(int(limit), 20))
    ranked = _index().ranked(q, limit, synonyms=SYNONYMS.map())
    return [{"id": a.pk, "title": a.title, "summary": a.summary, "score": round(cover + score / 1000, 4)}
            for cover, score, a in ranked]


def naive_like(q: str, limit: int = 3) -> list[int]:
    """Baseline for the benchmark: LIKE scan for each query token, ranked by number of tokens hit."""
    return _index().naive_like(q, limit, fields=("title", "answer"))


def reindex(article) -> None:
    """Write the article's tokens into the vendor's full-text index."""
    _index().reindex(article, title_text=" ".join([article.title, article.question, article.similar_questions or ""]),
                     body_text=article.answer + " " + article.references)


def unindex(article_id: int) -> None:
    _index().unindex(article_id)
