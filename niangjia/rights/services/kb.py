"""Knowledge base: articles, synonyms and the index behind the search."""

import datetime as dt
import uuid

from django.db import transaction
from django.utils import timezone

from niangjia.core import audit
from niangjia.core.errors import Invalid
from niangjia.rights import search
from niangjia.rights.models import Category, KnowledgeArticle, Synonym
from niangjia.rights.services.common import not_found

REVIEW_PENDING = "待法律审核"
REVIEW_DONE = "已审核"


def _save(*, slug, category, title, question, similar_questions, answer, references, seed_version,
          review_status=REVIEW_PENDING):
    article, created = KnowledgeArticle.objects.update_or_create(
        slug=slug, defaults={"category": category, "title": title, "question": question,
                             "similar_questions": similar_questions, "answer": answer, "references": references,
                             "review_status": review_status, "seed_version": seed_version})
    search.reindex(article)
    return article, created


MAX_ANSWER = 10_000
MAX_SIMILAR = 4000


def clean_similar(text: str) -> str:
    """One phrasing per line, blanks and repeats dropped."""
    lines = [line.strip() for line in (text or "").splitlines()]
    return "\n".join(dict.fromkeys(line for line in lines if line))


def _text(value: str, label: str, limit: int, *, required: bool = True) -> str:
    value = (value or "").strip()
    if required and not value:
        raise Invalid(f"请填写{label}。", code="rights.article_field")
    if len(value) > limit:
        raise Invalid(f"{label}不能超过 {limit} 个字。", code="rights.article_field")
    return value


@transaction.atomic
def save_article(actor, *, article_id: int | None = None, category: str, title: str, question: str, answer: str,
                 references: str, similar_questions: str = "", needs_review: bool = True, reviewed_by: str = "",
                 reviewed_on: dt.date | None = None) -> KnowledgeArticle:
    """Create or edit a Q&A article and re-index it, so search finds the new text at once.

    An article stays marked 待法律审核 until a union lawyer's name and review date are recorded."""
    from niangjia.rights.services.config import require_knowledge_editor

    require_knowledge_editor(actor)
    if category not in Category.values:
        raise Invalid("请选择类别。", code="rights.category")
    fields = {
        "category": category,
        "title": _text(title, "标题", 120),
        "question": _text(question, "问题", 1000),
        "similar_questions": clean_similar(_text(similar_questions, "相似问法", MAX_SIMILAR, required=False)),
        "answer": _text(answer, "解答", MAX_ANSWER),
        "references": _text(references, "法律依据", 300),
        "reviewed_by": _text(reviewed_by, "审核人", 60, required=False),
        "reviewed_on": reviewed_on,
    }
    if reviewed_on and reviewed_on > timezone.localdate():
        raise Invalid("审核日期不能晚于今天。", code="rights.article_review")
    if not needs_review and not (fields["reviewed_by"] and reviewed_on):
        raise Invalid("取消“待法律审核”前，请填写审核律师和审核日期。", code="rights.article_review")
    fields["review_status"] = REVIEW_PENDING if needs_review else REVIEW_DONE
    fields["seed_version"] = 0  # edited here: a later seed must not overwrite it
    if article_id:
        article = KnowledgeArticle.objects.select_for_update().filter(pk=article_id).first()
        if article is None:
            raise not_found()
        before = {k: getattr(article, k) for k in ("title", "category", "review_status", "reviewed_by")}
        for k, v in fields.items():
            setattr(article, k, v)
        article.save()
    else:
        before = None
        article = KnowledgeArticle.objects.create(slug=f"kb-{uuid.uuid4().hex[:12]}", **fields)
    search.reindex(article)
    audit.record(actor, "rights.article_save", article,
                 summary={"created": before is None, "before": before, "title": article.title,
                          "review_status": article.review_status,
                          "reviewed_on": reviewed_on.isoformat() if reviewed_on else None})
    return article


@transaction.atomic
def load_seed_articles() -> int:
    """Idempotent: the seed articles and synonym groups (demo, first install, `manage.py rights_kb_seed`).

    New seed articles are added; a seed article still as an older seed wrote it (seed_version > 0, never saved
    on the workbench) is replaced by the current seed, so legal corrections reach existing installs. An article
    edited on the workbench keeps its edits and review. Returns how many articles were added or updated."""
    from niangjia.rights.kb_data import ARTICLES, SEED_VERSION, SIMILAR, SYNONYMS

    for group, words in SYNONYMS.items():
        for w in dict.fromkeys([group, *words]):
            Synonym.objects.get_or_create(term=w.lower(), defaults={"group": group})  # keep workbench edits
    search.forget_synonyms()
    n = 0
    existing = dict(KnowledgeArticle.objects.values_list("slug", "seed_version"))
    for slug, category, title, question, answer, refs in ARTICLES:
        if slug in existing and not 0 < existing[slug] < SEED_VERSION:
            continue
        _save(slug=slug, category=category, title=title, question=question,
              similar_questions="\n".join(SIMILAR.get(slug, ())), answer=answer, references=refs,
              seed_version=SEED_VERSION)
        n += 1
    return n
