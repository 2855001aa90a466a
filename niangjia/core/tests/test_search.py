"""The shared search engine (core.search): segmentation, synonym ideas, coverage and the cross-process synonym
cache. The full-text index itself is exercised by the apps that own a table (rights, jobs)."""

from django.core.cache import cache

from niangjia.core import search


def test_tokenize_drops_stop_words_and_punctuation_and_keeps_order():
    toks = search.tokenize("我想找保洁的工作！")
    assert "保洁" in toks and "的" not in toks and "！" not in toks
    assert toks.index("保洁") < toks.index("工作")


def test_each_query_word_is_one_idea_with_its_synonyms():
    synonyms = {"门卫": ["门卫", "保安"], "保安": ["门卫", "保安"]}
    concepts = search.query_concepts("门卫", synonyms)
    assert frozenset({"门卫", "保安"}) in concepts
    assert search.terms_of(concepts)[:2] == ["保安", "门卫"]


def test_coverage_counts_ideas_title_above_body_and_single_characters_half():
    ideas = [frozenset({"保洁"}), frozenset({"夜"})]
    assert search.coverage(ideas, {"保洁"}, set()) == 2.0
    assert search.coverage(ideas, set(), {"保洁"}) == 1.0
    assert search.coverage(ideas, {"夜"}, set()) == 1.0  # half of 2


def test_synonym_cache_reloads_when_another_process_bumps_the_version():
    groups = {"a": ["门卫", "保安"]}
    syn = search.SynonymCache(lambda: groups, "test:synonyms:version", check_every=0.0)
    assert syn.map()["门卫"] == ["门卫", "保安"]
    groups["a"] = ["门卫", "保安", "安保"]
    assert syn.map()["门卫"] == ["门卫", "保安"]  # cached …
    cache.set("test:synonyms:version", "bumped elsewhere", None)
    assert syn.map()["门卫"] == ["门卫", "保安", "安保"]  # … until the shared version changes
