"""Exclusions (排除性条件, policies.md §1) when opening a file: asked one by one, recorded, and refusing."""

from decimal import Decimal

import pytest
from django.urls import reverse

from niangjia.core.errors import Invalid
from niangjia.core.models import AuditEvent
from niangjia.relief import rules, services
from niangjia.relief.models import FileApplication, FileStatusChange, HardshipFile
from niangjia.relief.policy_data import CATEGORY_STANDARDS

CAT = CATEGORY_STANDARDS["params"]
DIBAO = Decimal("1010")
ALL = list(rules.DEFAULT_EXCLUSIONS)

# policies.md §1: the examples of the published kind, and the migrant-worker condition
TABLE = [
    ("private_school", "高收费私立学校"),
    ("bought_home", "购买商品房"),
    ("bought_vehicle", "非生活必需机动车"),
    ("refused_work", "拒绝接受推荐的适当工作"),
    ("migrant_short", "实际就业不满 1 年"),
]


def test_the_seeded_policy_asks_the_documented_exclusions():
    assert list(rules.exclusion_list(CAT)) == ALL
    assert rules.exclusion_list({}) == rules.DEFAULT_EXCLUSIONS  # a policy without the key: the defaults
    assert rules.exclusion_list({"exclusions": {"x": "某情形"}}) == {"x": "某情形"}  # configurable


@pytest.mark.parametrize(("code", "words"), TABLE)
def test_each_exclusion_turns_a_deep_household_into_none(code, words):
    answers = rules.exclusion_answers(CAT, [code])
    assert answers == {c: c == code for c in ALL}
    labels = rules.applying_exclusions(CAT, answers)
    c = rules.classify_household(CAT, disposable="0", rigid="0", people=1, dibao=DIBAO, exclusions=labels)
    assert c.category == "none"
    assert words in c.lines[0] and "不予认定" in c.lines[0]
    assert rules.classify_household(CAT, disposable="0", rigid="0", people=1, dibao=DIBAO).category == "deep"


def test_answers_must_cover_every_exclusion_and_know_each_code():
    full = dict.fromkeys(ALL, False)
    assert rules.exclusion_answers(CAT, full) == full
    assert rules.exclusion_answers(CAT, []) == full
    with pytest.raises(rules.RuleError, match="尚未回答：期间购买商品房"):
        rules.exclusion_answers(CAT, {c: False for c in ALL if c != "bought_home"})
    with pytest.raises(rules.RuleError, match="未知的排除性情形：yacht"):
        rules.exclusion_answers(CAT, {**full, "yacht": True})
    with pytest.raises(rules.RuleError, match="未知的排除性情形"):
        rules.exclusion_answers(CAT, ["yacht"])
    two = rules.applying_exclusions(CAT, rules.exclusion_answers(CAT, ["bought_home", "refused_work"]))
    assert two == ["期间购买商品房", "拒绝接受推荐的适当工作"]


def _open(actor, hh, **kw):
    return services.open_file(actor=actor, household_id=hh.pk, category="deep", causes=["illness"],
                              disposable="7200", rigid="0", year=2020, **kw)


@pytest.mark.parametrize(("code", "words"), TABLE)
def test_open_file_refuses_when_an_exclusion_applies_and_writes_nothing(tree, staff_a, make_household, code, words):
    hh = make_household(staff_a, tree.union_a, incomes=("600", "0"))
    audits = AuditEvent.objects.count()
    with pytest.raises(Invalid) as exc:
        _open(staff_a, hh, exclusions={c: c == code for c in ALL})
    assert exc.value.code == "relief.excluded"
    assert "不予建档" in exc.value.message and words in exc.value.message
    assert not HardshipFile.objects.exists() and not FileStatusChange.objects.exists()
    assert AuditEvent.objects.count() == audits


def test_open_file_records_every_answer(tree, staff_a, make_household):
    hh = make_household(staff_a, tree.union_a, incomes=("600", "0"))
    with pytest.raises(Invalid, match="请逐项回答排除性条件"):
        _open(staff_a, hh, exclusions={"bought_home": False})
    assert not HardshipFile.objects.exists()
    f = _open(staff_a, hh, exclusions=dict.fromkeys(ALL, False))
    assert f.basis["exclusions"] == dict.fromkeys(ALL, False)
    assert f.basis["lines"][-1] == "排除性条件逐项询问：均不符合"


def test_filing_workflow_refuses_at_submission_and_keeps_the_answers(tree, staff_a, make_household):
    hh = make_household(staff_a, tree.union_a, incomes=("600", "0"))
    with pytest.raises(Invalid, match="期间购买非生活必需机动车"):
        services.submit_file_application(actor=staff_a, household_id=hh.pk, category="deep", causes=["illness"],
                                         disposable="7200", rigid="0", year=2020, exclusions=["bought_vehicle"])
    assert not FileApplication.objects.exists()
    fa = services.submit_file_application(actor=staff_a, household_id=hh.pk, category="deep", causes=["illness"],
                                          disposable="7200", rigid="0", year=2020,
                                          exclusions=dict.fromkeys(ALL, False))
    assert fa.basis["exclusions"] == dict.fromkeys(ALL, False)


def test_household_page_asks_each_exclusion_and_explains_a_refusal(client, tree, staff_a, make_household):
    hh = make_household(staff_a, tree.union_a, incomes=("600", "0"))
    client.force_login(staff_a)
    url = reverse("relief:household", args=[hh.pk])
    page = client.get(url).content.decode()
    assert "排除性条件（逐项询问）" in page
    for code in ALL:
        assert f'name="ex-{code}"' in page
    post = {"action": "open_file", "category": "deep", "causes": ["illness"], "disposable": "7200", "rigid": "0",
            "year": "2020"}
    r = client.post(url, post)  # nothing answered
    assert "请逐项回答排除性条件" in r.content.decode()
    answers = {f"ex-{c}": "no" for c in ALL}
    r = client.post(url, {**post, **answers, "ex-refused_work": "yes"})
    body = r.content.decode()
    assert "不予建档：存在排除性情形" in body and "拒绝接受推荐的适当工作" in body
    assert not hh.files.exists()
    r = client.post(url, {**post, **answers})
    assert r.status_code == 302
    assert hh.files.get().basis["exclusions"] == dict.fromkeys(ALL, False)


def test_self_test_uses_the_same_list(client, ref):
    r = client.post("/api/v1/relief/self-test", {"annual_disposable_income": "0", "rigid_expenditure": "0", "people": 1,
                                                 "region_code": "500000", "year": 2020, "exclusions": ["migrant_short"]},
                    content_type="application/json")
    assert r.status_code == 200 and r.json()["category"] == "none"
