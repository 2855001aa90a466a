"""Recall of the knowledge-base search on the labelled worker questions (kb_eval.py): recall@3 ≥ 0.9 on the
held-out questions and on the whole set. bench/rights.py reports the same figures with 10,000 distractors."""

import pytest

from niangjia.rights import kb_eval, search
from niangjia.rights.models import KnowledgeArticle
from niangjia.rights.services.kb import load_seed_articles

pytestmark = pytest.mark.django_db


@pytest.fixture
def slugs(db):
    load_seed_articles()
    return dict(KnowledgeArticle.objects.values_list("slug", "id"))


def _ids(q):
    return [r["id"] for r in search.search(q, limit=3)]


def test_eval_set_is_large_labelled_and_points_at_real_articles(slugs):
    assert len(kb_eval.TUNE) + len(kb_eval.HELDOUT) >= 80
    assert len(kb_eval.HELDOUT) >= 30
    assert not {q for q, _ in kb_eval.TUNE} & {q for q, _ in kb_eval.HELDOUT}
    for _q, want in kb_eval.TUNE + kb_eval.HELDOUT:
        assert set(want) <= set(slugs)


def test_recall_at_3_on_worker_questions(slugs):
    figures = {name: (kb_eval.recall(_ids, slugs, qs, 1), kb_eval.recall(_ids, slugs, qs, 3))
               for name, qs in (("tune", kb_eval.TUNE), ("heldout", kb_eval.HELDOUT),
                                ("all", kb_eval.TUNE + kb_eval.HELDOUT))}
    print("recall@1, recall@3:", figures)  # noqa: T201 — shown with -s
    assert figures["heldout"][1] >= 0.9, figures
    assert figures["all"][1] >= 0.9, figures
