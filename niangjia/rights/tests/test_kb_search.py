import pytest

from niangjia.rights import search
from niangjia.rights.models import KnowledgeArticle
from niangjia.rights.services.kb import load_seed_articles

pytestmark = pytest.mark.django_db


@pytest.fixture
def kb(db):
    load_seed_articles()
    return {a.slug: a.pk for a in KnowledgeArticle.objects.all()}


def test_seed_has_30_reviewed_articles_with_references_and_is_idempotent(kb):
    assert len(kb) >= 30
    load_seed_articles()
    assert KnowledgeArticle.objects.count() == len(kb)
    for a in KnowledgeArticle.objects.all():
        assert a.review_status == "待法律审核"
        assert "第" in a.references and "条" in a.references or "待法律审核" in a.references
        assert a.tokens
        assert a.title_tokens


@pytest.mark.parametrize(("question", "slug"), [
    ("老板拖欠工资三个月不发怎么办", "wage-arrears"),
    ("公司给我降薪了", "wage-cut"),
    ("单位减工资没跟我商量", "wage-cut"),
    ("工资降低了合法吗", "wage-cut"),
    ("上班路上出了车祸算不算公伤", "commute-accident"),  # typo 公伤
    ("周末加般费怎么算", "overtime-pay"),  # typo 加般费
    ("没签合同能要双倍工资吗", "no-written-contract"),
    ("怀孕了公司要开除我", "pregnancy-dismissal"),
    ("年假没休公司要给钱吗", "annual-leave"),
])
def test_search_finds_the_right_article_in_top_3(kb, question, slug):
    results = search.search(question, limit=3)
    assert kb[slug] in [r["id"] for r in results], (question, results)


def test_search_ranks_scores_descending_and_limits(kb):
    results = search.search("工伤认定申请时限", limit=5)
    assert 1 <= len(results) <= 5
    scores = [r["score"] for r in results]
    assert scores == sorted(scores, reverse=True)
    assert results[0]["id"] == kb["injury-application-deadline"]


def test_search_nonsense_and_empty(kb):
    assert search.search("", limit=3) == []
    assert search.search("！？。", limit=3) == []
