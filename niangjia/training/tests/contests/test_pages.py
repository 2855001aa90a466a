"""Contest pages: the worker's list, contest page, answer sheet and result (Chinese, scoped), and the staff
workbench (contests, attempts with counters and flags, leaderboards, banks and the import with row errors)."""

import io
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from openpyxl import Workbook

from niangjia.core.tests.querycount import assert_constant_queries
from niangjia.training import services_contests as services
from niangjia.training.models import Attempt, Contest, QuestionBank

pytestmark = pytest.mark.django_db


def _zh(client):
    client.cookies["django_language"] = "zh-hans"
    return client


@pytest.fixture
def member_client(tree, make_member):
    member = make_member(tree.union_a, name="王师傅")
    c = _zh(Client())
    c.force_login(member.user)
    c.user = member.user
    return c


def test_worker_finds_starts_and_answers_a_contest(member_client, make_contest):
    contest = make_contest(question_count=6)
    page = member_client.get("/training/contests/")
    assert page.status_code == 200 and contest.title in page.content.decode()
    assert "网上练兵" in page.content.decode()
    page = member_client.get(f"/training/contests/{contest.pk}/")
    assert "开始答题" in page.content.decode()
    r = member_client.post(f"/training/contests/{contest.pk}/start/")
    attempt = Attempt.objects.get(user=member_client.user)
    assert r.status_code == 302 and r["Location"] == f"/training/contests/attempts/{attempt.pk}/"
    # starting again (a double tap, a retry) lands on the same attempt
    assert member_client.post(f"/training/contests/{contest.pk}/start/")["Location"] == r["Location"]
    sheet = member_client.get(r["Location"]).content.decode()
    assert sheet.count('data-testid="question"') == 6
    assert f'data-deadline="{attempt.deadline.isoformat()}"' in sheet
    assert "交卷" in sheet and "倒计时以服务器时间为准" in sheet
    r = member_client.post(f"/training/contests/attempts/{attempt.pk}/submit/")
    result = member_client.get(r["Location"]).content.decode()
    main = result[result.find("<main"):result.find("</main>")]
    assert 'data-testid="score">0<' in main and "主动交卷" in main, main


def test_another_district_cannot_see_the_contest_or_the_attempt(tree, make_member, make_contest, member_client):
    contest = make_contest(org=tree.district_a)
    attempt = services.start_attempt(actor=member_client.user, contest_id=contest.pk)
    outsider = _zh(Client())
    outsider.force_login(make_member(tree.union_b).user)
    assert outsider.get(f"/training/contests/{contest.pk}/").status_code == 404
    assert outsider.post(f"/training/contests/{contest.pk}/start/").status_code == 404
    assert outsider.get(f"/training/contests/attempts/{attempt.pk}/").status_code == 404
    assert contest.title not in outsider.get("/training/contests/").content.decode()


@pytest.fixture
def staff_client(city_staff):
    c = _zh(Client())
    c.force_login(city_staff)
    return c


def test_staff_creates_a_contest_from_the_workbench(staff_client, tree):
    page = staff_client.get("/training/workbench/contests/")
    assert page.status_code == 200 and "新建竞赛" in page.content.decode()
    r = staff_client.post("/training/workbench/contests/new/", {
        "title": "区职工法律知识竞赛", "org_id": tree.district_a.pk, "bank_id": "", "question_count": "10",
        "time_limit_minutes": "20", "max_attempts_per_person": "2", "certificate_top_n": "5"})
    contest = Contest.objects.get()
    assert r.status_code == 302 and contest.org == tree.district_a and contest.time_limit_seconds == 1200
    r = staff_client.post("/training/workbench/contests/new/", {"title": "", "question_count": "x",
                                                                "time_limit_minutes": "20"}, follow=True)
    assert Contest.objects.count() == 1 and "请填写竞赛名称" in r.content.decode()


def test_staff_page_shows_counters_flags_and_both_leaderboards(staff_client, make_contest, member_client, tree,
                                                               make_user):
    contest = make_contest(question_count=4)
    attempt = services.start_attempt(actor=member_client.user, contest_id=contest.pk)
    for kind in ("copy", "tab", "tab"):
        services.record_event(actor=member_client.user, attempt_id=attempt.pk, kind=kind)
    services.submit_attempt(actor=member_client.user, attempt_id=attempt.pk)
    page = staff_client.get(f"/training/workbench/contests/{contest.pk}/?level=street").content.decode()
    row = re.search(rf'id="attempt-{attempt.pk}".*?</tr>', page, re.S).group(0)
    assert 'data-testid="copy-count">1<' in row and 'data-testid="tab-count">2<' in row
    assert "湖滨街道总工会" in page and "同级工会排名" in page
    r = staff_client.post(f"/training/workbench/contests/{contest.pk}/action/", {"action": "publish"}, follow=True)
    assert "成绩已发布" in r.content.decode()
    outsider = _zh(Client())
    outsider.force_login(make_user(roles=[(tree.district_b, "staff")]))
    assert outsider.get(f"/training/workbench/contests/{contest.pk}/").status_code == 404
    assert outsider.post(f"/training/workbench/contests/{contest.pk}/action/", {"action": "publish"}).status_code == 404


def test_contest_list_query_count(staff_client, make_contest, django_assert_num_queries):
    made = []

    def add(n):
        for _ in range(n):
            made.append(make_contest(question_count=4))

    assert_constant_queries(django_assert_num_queries, 8, lambda: staff_client.get("/training/workbench/contests/"),
                            add, markers=lambda r: r.content.decode().count('data-testid="contest-row"'))


def test_bank_import_page_lists_row_errors(staff_client, tree):
    wb = Workbook()
    ws = wb.active
    ws.append(["题型", "分类", "题目", "选项A", "选项B", "选项C", "选项D", "选项E", "选项F", "答案", "分值"])
    ws.append(["单选", "法规", "试用期最长？", "一个月", "六个月", "", "", "", "", "B", ""])
    ws.append(["多选", "法规", "哪些正确？", "甲", "乙", "", "", "", "", "A", ""])
    buf = io.BytesIO()
    wb.save(buf)
    r = staff_client.post("/training/workbench/contests/banks/", {
        "title": "新题库", "org_id": tree.city.pk, "file": SimpleUploadedFile("b.xlsx", buf.getvalue())})
    html = r.content.decode()
    assert r.status_code == 200 and "第 3 行" in html and "多选题的答案至少要有两个字母" in html
    assert not QuestionBank.objects.filter(title="新题库").exists()
    assert staff_client.get("/training/workbench/contests/banks/template.xlsx").status_code == 200


def test_staff_attempts_page_query_count(staff_client, make_contest, tree, make_member, django_assert_num_queries):
    contest = make_contest(question_count=4)
    orgs = [tree.union_a, tree.union_a2, tree.union_b]

    def add(n):
        for i in range(n):
            user = make_member(orgs[i % 3]).user
            a = services.start_attempt(actor=user, contest_id=contest.pk)
            services.submit_attempt(actor=user, attempt_id=a.pk)

    assert_constant_queries(django_assert_num_queries, 11,
                            lambda: staff_client.get(f"/training/workbench/contests/{contest.pk}/"),
                            add, markers=lambda r: r.content.decode().count('data-testid="attempt-row"'))


def test_flagged_sheets_reach_the_todo_centre_and_results_export(staff_client, make_contest, tree, make_member,
                                                                 city_staff, make_user):
    from niangjia.core import todo
    from niangjia.training import todo_contests

    contest = make_contest(question_count=4)
    user = make_member(tree.union_a, name="张三丰").user
    a = services.start_attempt(actor=user, contest_id=contest.pk)
    services.submit_attempt(actor=user, attempt_id=a.pk)
    Attempt.objects.filter(pk=a.pk).update(flagged=True, flag_note="与答卷 #9 答案完全相同")
    count, items = todo_contests.flagged(city_staff, 10)
    assert count == 1 and items[0].who == "张**" and "待复核" in items[0].title
    assert todo_contests.flagged(make_user(roles=[(tree.district_b, "staff")]), 10)[0] == 0
    assert any(p.kind == "training.flagged" for p in todo.providers())
    r = staff_client.get(f"/training/workbench/contests/{contest.pk}/results.xlsx")
    assert r.status_code == 200 and r["Content-Type"].startswith("application/vnd.openxmlformats")
    from openpyxl import load_workbook

    ws = load_workbook(io.BytesIO(r.content)).active
    values = [c.value for c in ws[3]]
    assert values[:4] == [1, "张三丰", "湖滨商贸有限公司工会", 0]


def test_demo_seed_is_idempotent(tree):
    import io as _io

    from niangjia.training import demo_contests

    demo_contests.seed(_io.StringIO())
    demo_contests.seed(_io.StringIO())
    assert QuestionBank.objects.filter(code="demo").count() == 1
    assert QuestionBank.objects.get(code="demo").questions.count() == 48
    contest = Contest.objects.get(title=demo_contests.DEMO_CONTEST)
    assert contest.org == tree.city and sum(contest.draw.values()) == 20
