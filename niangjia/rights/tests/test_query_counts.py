"""Rights list pages and list endpoints cost the same number of queries with 3 rows and with 6, each row with
its related objects (union, worker, counsellor); see niangjia/core/tests/querycount.py. The staff case queue
is measured in test_views.py."""

import datetime as dt
import itertools

import pytest
from django.utils import timezone

from niangjia.core.tests.querycount import assert_constant_queries
from niangjia.rights.models import Slot
from niangjia.rights.services import cases, letters, mediation

DESC = "公司连续三个月拖欠工资不发，老板一直拖着，我该怎么讨薪？"
seq = itertools.count(1)


def test_letter_list(client, people, django_assert_num_queries):
    t = people.tree

    def add_rows(n):
        for _ in range(n):
            letters.issue(people.staff, org=t.union_a if next(seq) % 2 else t.district_a, kind="opinion",
                          recipient_name=f"被监督企业{next(seq)}", employer_uscc=t.union_a.uscc,
                          issues="未依法足额支付加班工资。", legal_basis="《劳动法》第四十四条",
                          rectification="补发加班工资。")

    client.force_login(people.staff)
    for size in (20, 50):  # the grid at two page sizes
        # + the grid COUNT
        assert_constant_queries(django_assert_num_queries, 9, lambda size=size: client.get(f"/rights/workbench/letters/?size={size}"),
                                add_rows, markers=lambda r: r.content.decode().count("被监督企业"))


def test_mediation_list(client, people, django_assert_num_queries):
    t = people.tree

    def add_rows(n):
        for _ in range(n):
            mediation.open_mediation(people.staff, org=t.district_a, worker=people.worker,
                                     worker_name=f"调解职工{next(seq)}", employer_name="湖滨商贸有限公司",
                                     employer_uscc=t.union_a.uscc, claims=[("拖欠工资", "12000")])

    client.force_login(people.staff)
    for size in (20, 50):  # the grid at two page sizes
        assert_constant_queries(django_assert_num_queries, 11,
                                lambda size=size: client.get(f"/rights/workbench/mediation/?size={size}"),
                                add_rows, markers=lambda r: r.content.decode().count("调解职工"))


@pytest.mark.parametrize("who", ["worker", "staff"])
def test_my_cases_page_and_cases_api(client, people, who, django_assert_num_queries):
    def add_rows(n):
        for _ in range(n):
            cases.open_online_case(people.worker, category="wages", description=f"{DESC}（第{next(seq)}次）")

    client.force_login(getattr(people, who))
    if who == "worker":
        assert_constant_queries(django_assert_num_queries, 6, lambda: client.get("/rights/cases/"), add_rows,
                                markers=lambda r: r.content.decode().count("/rights/cases/") - 1)
    assert_constant_queries(django_assert_num_queries, 5, lambda: client.get("/api/v1/rights/cases"), add_rows,
                            markers=lambda r: len(r.json()["results"]))


def test_open_slots_page_and_api(client, people, django_assert_num_queries):
    def add_rows(n):
        for i in range(n):
            counsellor = (people.psych, people.lawyer)[i % 2].rights_counsellor
            Slot.objects.create(counsellor=counsellor, minutes=50, mode="online", place="线上",
                                starts_at=timezone.now() + dt.timedelta(days=2, hours=next(seq)))

    client.force_login(people.worker)
    assert_constant_queries(django_assert_num_queries, 6, lambda: client.get("/rights/appointments/"), add_rows,
                            markers=lambda r: r.content.decode().count('data-testid="slot"'))
    assert_constant_queries(django_assert_num_queries, 3, lambda: client.get("/api/v1/rights/slots"), add_rows,
                            markers=lambda r: len(r.json()))


def test_counselling_page_with_booked_appointments(client, people, make_member, django_assert_num_queries):
    from niangjia.rights.services import appointments

    def add_rows(n):
        for _ in range(n):
            slot = Slot.objects.create(counsellor=people.psych.rights_counsellor, minutes=50, mode="online",
                                       place="线上", starts_at=timezone.now() + dt.timedelta(days=3, hours=next(seq)))
            worker = make_member(people.tree.union_a, name=f"预约职工{next(seq)}").user
            appointments.book(worker, slot_id=slot.pk, topic="压力大")

    client.force_login(people.psych)
    assert_constant_queries(django_assert_num_queries, 6, lambda: client.get("/rights/workbench/counselling/"),
                            add_rows, markers=lambda r: r.content.decode().count("预约职工"))


@pytest.mark.parametrize("size", [20, 50])
def test_duty_roster_page(client, people, make_user, size, django_assert_num_queries):
    from niangjia.rights.services import roster

    t = people.tree

    slots = iter([(d, s) for d in range(6) for s in ("day", "evening", "night")])

    def add_rows(n):
        for _ in range(n):
            day, shift = next(slots)
            staff = make_user(roles=[(t.district_a, "staff")], name=f"值班干事{next(seq)}")
            roster.add_shift(people.staff, org=t.district_a, day=timezone.localdate() + dt.timedelta(days=day),
                             shift=shift, staff_id=staff.pk)

    client.force_login(people.staff)
    assert_constant_queries(django_assert_num_queries, 9, lambda: client.get("/rights/workbench/duty/", {"size": size}),
                            add_rows, markers=lambda r: r.content.decode().count('data-testid="duty-row"'))


@pytest.mark.parametrize("size", [20, 50])
def test_volunteers_settings_page(client, people, make_user, size, django_assert_num_queries):
    from niangjia.rights.models import Counsellor

    t = people.tree

    def add_rows(n):
        for i in range(n):
            user = make_user(name=f"志愿律师{next(seq)}")
            Counsellor.objects.create(user=user, org=(t.district_a, t.union_a)[i % 2], kind="lawyer",
                                      display_name=user.display_name)

    client.force_login(people.admin)
    # the page's queries as before plus the grid's COUNT
    assert_constant_queries(django_assert_num_queries, 8,
                            lambda: client.get("/rights/workbench/settings/volunteers/", {"size": size}),
                            add_rows, markers=lambda r: r.content.decode().count('data-testid="volunteer-row"'))
    page = client.get("/rights/workbench/settings/volunteers/", {"q": "志愿律师", "active": "0"}).content.decode()
    assert 'data-testid="grid-empty"' in page


@pytest.mark.parametrize("size", [20, 50])
def test_knowledge_base_admin_list(client, people, make_user, size, django_assert_num_queries):
    """The article list editors work from (issue 10: every list page measured with rows)."""
    from niangjia.rights.models import KnowledgeArticle
    from niangjia.rights.services import kb

    editor = make_user(roles=[(people.tree.city, "approver")], name="市总知识库编辑")
    KnowledgeArticle.objects.all().delete()  # only the rows built here

    def add_rows(n):
        for _ in range(n):
            i = next(seq)
            kb.save_article(editor, category="wages", title=f"测试条目{i}", question=f"测试问题{i}？",
                            answer="测试答案。", references="《劳动法》第五十条")

    client.force_login(editor)
    assert_constant_queries(django_assert_num_queries, 6, lambda: client.get("/rights/workbench/kb/", {"size": size}),
                            add_rows, markers=lambda r: r.content.decode().count('data-testid="article-row"'))
