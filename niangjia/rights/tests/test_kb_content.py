"""What the knowledge base tells a worker, checked against the statutes (not against the code): the points an
audit found missing or wrong, the new articles, the seed update of existing installs, and the empty result."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from niangjia.rights.kb_data import ARTICLES, SEED_VERSION, SIMILAR
from niangjia.rights.models import KnowledgeArticle
from niangjia.rights.services import kb

pytestmark = pytest.mark.django_db
BY_SLUG = {a[0]: a for a in ARTICLES}
STATUTE_ARTICLE = re.compile(r"《[^》]+》第[一二三四五六七八九十百零〇\d]+条")


def _text(slug):
    _slug, _cat, title, question, answer, refs = BY_SLUG[slug]
    return answer, refs


@pytest.mark.parametrize(("slug", "in_answer", "in_refs"), [
    # 《劳动争议调解仲裁法》第二十七条第四款: no 1-year limit during employment, but within 1 year of its end
    ("wage-arrears", ["不受一年时效限制", "劳动关系终止之日起一年内"], ["《劳动争议调解仲裁法》第二十七条第四款"]),
    ("arbitration-how", ["离职后须自劳动关系终止之日起一年内", "五日内", "四十五日内", "不超过十五日", "十五日内向人民法院起诉"],
     ["第二十九条", "第四十三条", "第五十条"]),
    # 《劳动合同法》第八十四条: deposits → return + 500–2,000 yuan per person; ID cards → return + 有关法律 (居民身份证法)
    ("deposit-id-card", ["每人五百元以上二千元以下", "扣押身份证等证件的", "依照有关法律规定处罚", "《居民身份证法》"],
     ["《劳动合同法》第九条、第八十四条"]),
    ("unlawful-dismissal", ["二倍", "每满一年一个月工资", "不再另付经济补偿"], ["第八十七条", "实施条例》第二十五条"]),
    ("no-written-contract", ["二倍的工资", "最多十一个月", "无固定期限"], ["第八十二条", "实施条例》第六条、第七条"]),
    ("severance-calc", ["每满一年支付一个月工资", "不满六个月的，支付半个月工资", "三倍", "十二年"], ["第四十七条"]),
    ("injury-application-deadline", ["三十日内", "一年内", "六十日内", "十五日内"], ["《工伤保险条例》第十七条", "第二十条"]),
    ("mediation-agreement", ["十五日内未达成调解协议"], ["第十四条"]),
    # new articles
    ("shutdown-wages", ["一个工资支付周期", "按劳动合同规定的标准支付工资", "不得低于当地最低工资标准", "生活费"],
     ["《工资支付暂行规定》第十二条"]),
    ("pay-change-by-agreement", ["协商一致", "书面形式", "可以不签", "一个月以上"], ["《劳动合同法》第三条、第十七条、第三十五条"]),
    ("pushed-to-resign", ["主动辞职的，单位不支付经济补偿", "由用人单位提出", "二倍"],
     ["第三十六条", "第三十八条", "第三十九条", "第四十一条", "第四十六条", "第四十八条", "第八十七条"]),
    ("return-to-work-safety", ["劳动防护用品", "有权拒绝执行", "不视为违反劳动合同", "立即解除"],
     ["《劳动法》第五十二条、第五十四条、第五十六条", "《劳动合同法》第三十二条"]),
    ("sick-leave-pay", ["不能低于最低工资标准的百分之八十", "三个月到二十四个月"],
     ["若干问题的意见》第59条", "《企业职工患病或非因工负伤医疗期规定》第三条"]),
])
def test_article_states_the_law(slug, in_answer, in_refs):
    answer, refs = _text(slug)
    for phrase in in_answer:
        assert phrase in answer, (slug, phrase)
    for phrase in in_refs:
        assert phrase in refs, (slug, phrase)


def test_old_wrong_wage_arrears_sentence_is_gone():
    answer, _refs = _text("wage-arrears")
    # the old answer said only "不受一年仲裁时效期间的限制" with no word on the limit after the employment ends
    assert "终止" in answer.split("不受一年时效限制")[1][:40]


def test_every_article_names_a_statute_and_article_and_has_similar_questions():
    for slug, _cat, _title, _q, _answer, refs in ARTICLES:
        if slug != "medical-aid-claim":  # a union plan, not a statute: its own terms are the source
            assert STATUTE_ARTICLE.search(refs), slug
        assert len(SIMILAR.get(slug, ())) >= 3, slug


def test_new_seed_updates_untouched_articles_and_keeps_workbench_edits(people):
    kb.load_seed_articles()
    wage = KnowledgeArticle.objects.get(slug="wage-arrears")
    old = KnowledgeArticle.objects.get(slug="overtime-pay")
    # an install seeded before the correction, one article since edited on the workbench
    KnowledgeArticle.objects.filter(pk=wage.pk).update(answer="旧的解答：不受一年仲裁时效期间的限制。", seed_version=1)
    kb.save_article(people.admin, article_id=old.pk, category="wages", title="加班费（本市口径）", question=old.question,
                    answer="工会律师改写的解答。", references=old.references, similar_questions="加班没钱\n加班没钱\n\n周末加班")
    assert kb.load_seed_articles() == 1
    wage.refresh_from_db()
    old.refresh_from_db()
    assert "劳动关系终止之日起一年内" in wage.answer and wage.seed_version == SEED_VERSION
    assert old.answer == "工会律师改写的解答。" and old.seed_version == 0
    assert old.similar_questions == "加班没钱\n周末加班"
    assert "加班没钱" in old.title_tokens or "加班" in old.title_tokens


def test_similar_questions_are_searchable_after_a_workbench_edit(people):
    kb.load_seed_articles()
    a = KnowledgeArticle.objects.get(slug="housing-fund")
    from niangjia.rights import search

    assert a.pk not in [r["id"] for r in search.search("房补没给", limit=3)]
    kb.save_article(people.admin, article_id=a.pk, category=a.category, title=a.title, question=a.question,
                    answer=a.answer, references=a.references, similar_questions=a.similar_questions + "\n房补没给")
    assert search.search("房补没给", limit=3)[0]["id"] == a.pk


def test_empty_result_offers_to_ask_us(client):
    kb.load_seed_articles()
    page = client.get(reverse("rights:kb"), {"q": "量子纠缠望远镜"}).content.decode()
    assert 'data-testid="ask-us"' in page and "向我们求助" in page and reverse("rights:ask") in page
    found = client.get(reverse("rights:kb"), {"q": "拖欠工资"}).content.decode()
    assert 'data-testid="ask-us"' not in found and "向我们求助" in found  # still offered, as a link
    api = Client().get("/api/v1/rights/kb/search", {"q": "量子纠缠望远镜"}).json()
    assert api["results"] == []
    assert api["help"]["action"] == "向我们求助" and api["help"]["url"] == reverse("rights:ask")
    assert Client().get("/api/v1/rights/kb/search", {"q": "拖欠工资"}).json()["help"] is None
