"""The rights settings lists and the duty roster on the shared list grid: sort, keyword search, filters in the
URL, page size; the scoped ones (supervisors, duty roster) keep another district's rows out, searched for or not;
each costs the same number of queries with 3 rows and with 6, at page sizes 20 and 50."""

import datetime as dt
import itertools

import pytest
from django.urls import reverse
from django.utils import timezone

from niangjia.conftest import make_org
from niangjia.core.tests.querycount import assert_constant_queries
from niangjia.rights.models import DutyShift, Holiday, KnowledgeArticle, RightsSupervisor, Synonym
from niangjia.rights.services import kb

pytestmark = pytest.mark.django_db
seq = itertools.count(1)


def _rows(response, testid: str) -> int:
    return response.content.decode().count(f'data-testid="{testid}"')


@pytest.fixture
def city_approver(people, make_user):
    return make_user(roles=[(people.tree.city, "approver")], name="市总审批人")


# --- holidays (platform-wide calendar) ----------------------------------------------------------------------


def test_holidays_search_filters_sort_and_size(client, people):
    for i in range(23):
        Holiday.objects.create(day=dt.date(2031, 1, 1) + dt.timedelta(days=i), name=f"测试假日{i:02d}",
                               is_workday=i % 5 == 0)
    Holiday.objects.create(day=dt.date(2030, 10, 1), name="国庆节")
    client.force_login(people.admin)
    url = reverse("rights:holidays")
    page = client.get(url)
    assert _rows(page, "holiday-row") == 20 and 'data-testid="grid-next"' in page.content.decode()
    assert "2031-01-23" in page.content.decode()  # newest first by default
    assert _rows(client.get(url, {"size": "50"}), "holiday-row") == 24
    assert _rows(client.get(url, {"year": "2030"}), "holiday-row") == 1
    workdays = client.get(url, {"kind": "workday", "year": "2031"})
    assert _rows(workdays, "holiday-row") == 5 and 'name="kind" value="workday"' in workdays.content.decode()
    found = client.get(url, {"q": "国庆"})
    assert _rows(found, "holiday-row") == 1 and "国庆节" in found.content.decode()
    oldest = client.get(url, {"sort": "day"}).content.decode()
    assert oldest.index("国庆节") < oldest.index("测试假日00")
    assert 'data-testid="grid-empty"' in client.get(url, {"q": "没有这天"}).content.decode()
    h = Holiday.objects.get(name="国庆节")
    client.post(url, {"op": "delete", "id": h.pk})  # the remove button of a row still works
    assert not Holiday.objects.filter(pk=h.pk).exists()


@pytest.mark.parametrize("size", [20, 50])
def test_holidays_page_queries(client, people, size, django_assert_num_queries):
    days = itertools.count()

    def add_rows(n):
        for _ in range(n):
            Holiday.objects.create(day=dt.date(2031, 3, 1) + dt.timedelta(days=next(days)), name=f"假日{next(seq)}")

    client.force_login(people.admin)
    assert_constant_queries(django_assert_num_queries, 7,
                            lambda: client.get(reverse("rights:holidays"), {"size": size}), add_rows,
                            markers=lambda r: _rows(r, "holiday-row"))


# --- synonyms (platform-wide) -------------------------------------------------------------------------------


def test_synonyms_found_by_any_word_sorted_and_paged(client, city_approver):
    from niangjia.rights.services import config

    for i in range(22):
        config.save_synonym_group(city_approver, group=f"主词{i:02d}", terms=f"同义{i:02d}甲、同义{i:02d}乙")
    client.force_login(city_approver)
    url = reverse("rights:synonyms")
    page = client.get(url)
    assert _rows(page, "synonym-row") == 20 and "同义00甲、同义00乙" in page.content.decode()
    assert _rows(client.get(url, {"size": "50"}), "synonym-row") == 22
    by_word = client.get(url, {"q": "同义07乙"})
    assert _rows(by_word, "synonym-row") == 1 and "主词07" in by_word.content.decode()
    assert _rows(client.get(url, {"q": "主词1"}), "synonym-row") == 10
    desc = client.get(url, {"sort": "-group"}).content.decode()
    assert "主词21" in desc and "主词00" not in desc
    edit = client.get(url, {"edit": "主词03"}).content.decode()
    assert 'value="同义03甲、同义03乙"' in edit


@pytest.mark.parametrize("size", [20, 50])
def test_synonyms_page_queries(client, city_approver, size, django_assert_num_queries):
    from niangjia.rights.services import config

    Synonym.objects.all().delete()

    def add_rows(n):
        for _ in range(n):
            i = next(seq)
            config.save_synonym_group(city_approver, group=f"组{i}", terms=f"词{i}甲、词{i}乙、词{i}丙")

    client.force_login(city_approver)
    assert_constant_queries(django_assert_num_queries, 7,
                            lambda: client.get(reverse("rights:synonyms"), {"size": size}), add_rows,
                            markers=lambda r: _rows(r, "synonym-row"))


# --- knowledge base (platform-wide) -------------------------------------------------------------------------


def test_knowledge_base_list_search_filters_and_sort(client, city_approver):
    KnowledgeArticle.objects.all().delete()
    for i in range(21):
        kb.save_article(city_approver, category="wages" if i % 3 else "contract", title=f"条目{i:02d}",
                        question=f"问题{i:02d}？", answer="答案。", references="《劳动法》")
    KnowledgeArticle.objects.exclude(title="条目04").update(review_status="已审核")
    client.force_login(city_approver)
    url = reverse("rights:kb_admin")
    assert _rows(client.get(url), "article-row") == 20
    assert _rows(client.get(url, {"size": "100"}), "article-row") == 21
    assert _rows(client.get(url, {"category": "contract"}), "article-row") == 7
    pending = client.get(url, {"pending": "1"})
    assert _rows(pending, "article-row") == 1 and "条目04" in pending.content.decode()
    assert _rows(client.get(url, {"q": "问题11"}), "article-row") == 1
    desc = client.get(url, {"sort": "-title"}).content.decode()
    assert desc.index("条目20") < desc.index("条目19")


# --- supervisors (scoped to the unions the admin administers) -----------------------------------------------


def test_supervisors_list_is_scoped_searchable_and_sortable(client, people, make_user):
    t = people.tree
    admin_a = make_user(roles=[(t.district_a, "admin")])
    mine = make_user(roles=[(t.district_a, "staff")], name="甲区督办人", real_name="甲区督办人")
    theirs = make_user(roles=[(t.district_b, "staff")], name="乙区督办人", real_name="乙区督办人")
    RightsSupervisor.objects.create(org=t.district_a, supervisor=mine)
    RightsSupervisor.objects.create(org=t.union_a, supervisor=mine)
    RightsSupervisor.objects.create(org=t.district_b, supervisor=theirs)
    client.force_login(admin_a)
    url = reverse("rights:supervisors")
    page = client.get(url)
    assert _rows(page, "supervisor-row") == 2 and "乙区督办人" not in page.content.decode()
    assert _rows(client.get(url, {"q": "乙区督办人"}), "supervisor-row") == 0
    assert _rows(client.get(url, {"q": t.district_b.name}), "supervisor-row") == 0
    assert _rows(client.get(url, {"q": t.union_a.name}), "supervisor-row") == 1
    rows = client.get(url, {"sort": "-org"}).content.decode().split('data-testid="supervisor-row"')[1:]
    assert t.union_a.name in rows[0] and t.district_a.name in rows[1]  # the deeper union first, reversed


@pytest.mark.parametrize("size", [20, 50])
def test_supervisors_page_queries(client, people, make_user, size, django_assert_num_queries):
    t = people.tree

    def add_rows(n):
        for _ in range(n):
            org = make_org(f"测试工会{next(seq)}", "street", t.district_a)
            boss = make_user(roles=[(org, "staff")], name=f"督办{next(seq)}")
            RightsSupervisor.objects.create(org=org, supervisor=boss)

    client.force_login(people.admin)
    assert_constant_queries(django_assert_num_queries, 8,
                            lambda: client.get(reverse("rights:supervisors"), {"size": size}), add_rows,
                            markers=lambda r: _rows(r, "supervisor-row"))


# --- duty roster (scoped) -----------------------------------------------------------------------------------


def test_duty_roster_is_scoped_and_filters_by_period(client, people, make_user):
    t = people.tree
    today = timezone.localdate()
    mine = make_user(roles=[(t.district_a, "staff")], name="甲区值班", real_name="甲区值班")
    theirs = make_user(roles=[(t.district_b, "staff")], name="乙区值班", real_name="乙区值班")
    DutyShift.objects.create(org=t.district_a, day=today, shift="day", staff=mine)
    DutyShift.objects.create(org=t.district_a, day=today - dt.timedelta(days=3), shift="night", staff=mine)
    DutyShift.objects.create(org=t.district_b, day=today, shift="day", staff=theirs)
    client.force_login(people.staff)
    url = reverse("rights:duty")
    page = client.get(url)
    assert _rows(page, "duty-row") == 1 and "乙区值班" not in page.content.decode()
    assert _rows(client.get(url, {"q": "乙区值班", "when": "all"}), "duty-row") == 0
    assert _rows(client.get(url, {"when": "past"}), "duty-row") == 1
    every = client.get(url, {"when": "all", "sort": "-day"})
    assert _rows(every, "duty-row") == 2 and 'name="when" value="all"' in every.content.decode()
    assert _rows(client.get(url, {"q": "甲区", "when": "all", "size": "50"}), "duty-row") == 2
    shift = DutyShift.objects.get(org=t.district_a, day=today)
    client.post(url, {"op": "remove", "shift_id": shift.pk})  # the remove button of a row still works
    assert not DutyShift.objects.filter(pk=shift.pk).exists()
