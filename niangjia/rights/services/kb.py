"""Knowledge base: articles, synonyms and the index behind the search."""

from django.db import transaction

from niangjia.core import audit, scoping
from niangjia.core.errors import Invalid
from niangjia.rights import search
from niangjia.rights.models import Category, KnowledgeArticle, Synonym
from niangjia.rights.services.common import not_found


def _save(*, slug, category, title, question, answer, references, review_status="待法律审核"):
    article, created = KnowledgeArticle.objects.update_or_create(
        slug=slug, defaults={"category": category, "title": title, "question": question, "answer": answer,
                             "references": references, "review_status": review_status})
    search.reindex(article)
    return article, created


@transaction.atomic
def upsert_article(actor, *, slug: str, category: str, title: str, question: str, answer: str,
                   references: str) -> KnowledgeArticle:
    if not scoping.has_role(actor, scoping.APPROVER_ROLES):
        raise not_found()
    if category not in Category.values:
        raise Invalid("请选择类别。", code="rights.category")
    if not title.strip() or not answer.strip():
        raise Invalid("标题和解答不能为空。", code="rights.article_empty")
    article, created = _save(slug=slug, category=category, title=title.strip(), question=question.strip(),
                             answer=answer.strip(), references=references.strip())
    audit.record(actor, "rights.article_save", article, summary={"created": created})
    return article


@transaction.atomic
def load_seed_articles() -> int:
    """Idempotent: the seed articles and synonym groups (demo and first install)."""
    from niangjia.rights.kb_data import ARTICLES, SYNONYMS

    for group, words in SYNONYMS.items():
        for w in dict.fromkeys([group, *words]):
            Synonym.objects.update_or_create(term=w.lower(), defaults={"group": group})
    search.forget_synonyms()
    n = 0
    for slug, category, title, question, answer, refs in ARTICLES:
        _save(slug=slug, category=category, title=title, question=question, answer=answer, references=refs)
        n += 1
    return n
