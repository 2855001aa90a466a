"""The question banks on the shared list grid: search, sort, owner filter, page size; a union's bank stays out
of another district's list (the platform's banks are everyone's)."""

import itertools

import pytest
from django.test import Client

from niangjia.core.tests.querycount import assert_constant_queries
from niangjia.training.models import Question, QuestionBank

pytestmark = pytest.mark.django_db
URL = "/training/workbench/contests/banks/"
seq = itertools.count()


def _rows(page: str) -> int:
    return page.count('data-testid="bank-row"')


def _bank(org, title, questions=1):
    bank = QuestionBank.objects.create(org=org, title=title)
    for i in range(questions):
        Question.objects.create(bank=bank, kind="true_false", category="法规", text=f"{title}第{i}题", answer="对")
    return bank


@pytest.fixture
def district_client(tree, make_user):
    c = Client(HTTP_ACCEPT_LANGUAGE="zh-hans")
    c.force_login(make_user(roles=[(tree.district_a, "staff")]))
    return c


def test_search_sort_filter_and_size(district_client, tree):
    QuestionBank.objects.all().delete()
    for i in range(22):
        _bank(tree.union_a, f"甲区题库{i:02d}", questions=i % 3)
    _bank(None, "全平台题库", questions=5)
    page = district_client.get(URL).content.decode()
    assert _rows(page) == 20 and 'data-testid="grid-next"' in page
    assert _rows(district_client.get(URL, {"size": "50"}).content.decode()) == 23
    found = district_client.get(URL, {"q": "甲区题库07"}).content.decode()
    assert _rows(found) == 1 and "甲区题库07" in found
    platform = district_client.get(URL, {"owner": "platform"}).content.decode()
    assert _rows(platform) == 1 and "全平台题库" in platform
    assert 'name="owner" value="platform"' in platform  # the filter rides along in the page-size form
    by_questions = district_client.get(URL, {"sort": "-n_questions", "size": "50"}).content.decode()
    assert by_questions.index("全平台题库") < by_questions.index("甲区题库00")
    by_title = district_client.get(URL, {"sort": "title", "size": "50"}).content.decode()
    assert by_title.index("甲区题库00") < by_title.index("甲区题库01")


def test_another_districts_bank_is_not_listed_nor_found(district_client, tree):
    _bank(tree.union_a, "本区题库")
    _bank(tree.union_b, "外区题库")
    page = district_client.get(URL).content.decode()
    assert "本区题库" in page and "外区题库" not in page
    searched = district_client.get(URL, {"q": "外区题库"}).content.decode()
    assert _rows(searched) == 0 and 'data-testid="grid-empty"' in searched


@pytest.mark.parametrize("size", [20, 50])
def test_bank_list_queries_do_not_grow_with_rows(district_client, tree, size, django_assert_num_queries):
    QuestionBank.objects.all().delete()

    def add_rows(n):
        for i in range(n):
            _bank((tree.union_a, tree.union_a2, None)[i % 3], f"测试题库{next(seq)}", questions=2)

    assert_constant_queries(django_assert_num_queries, 7, lambda: district_client.get(URL, {"size": size}), add_rows,
                            markers=lambda r: _rows(r.content.decode()))
