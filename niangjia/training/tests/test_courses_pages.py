"""Worker and workbench pages of the classroom: they render in Chinese, keep to scope, and lists cost a fixed
number of queries; statistics and their Excel export."""

import datetime as dt
import io

import openpyxl
import pytest
from django.test import Client
from django.utils import timezone

from niangjia.core.tests.querycount import assert_constant_queries
from niangjia.training.models import Course, Enrollment
from niangjia.training.services_courses import record_visit, save_progress
from niangjia.training.tests.courses_fixtures import make_course

CERT_QUERIES = 6
MINE_QUERIES = 5


def _client(user):
    c = Client()
    c.force_login(user)
    return c


def _learn_all(worker, course):
    video, text = course.lessons.order_by("position")
    t = timezone.now() - dt.timedelta(minutes=5)
    record_visit(actor=worker, lesson=video, today=timezone.localdate())
    for pos in (0, 10, 12):
        save_progress(actor=worker, lesson_id=video.pk, position_seconds=pos, now=t + dt.timedelta(seconds=pos))
    save_progress(actor=worker, lesson_id=text.pk, position_seconds=0, finished=True)


def test_worker_pages_render_in_chinese(tree, course, make_member):
    worker = make_member(tree.union_a).user
    c = _client(worker)
    home = c.get("/training/").content.decode()
    assert "云课堂" in home and "安全生产基础" in home and "安全生产" in home
    assert "/training/contests/" in home and "网上练兵" in home  # the one tile leads to both halves
    page = c.get(f"/training/courses/{course.pk}/").content.decode()
    assert "参加学习" in page and "Join" not in page
    assert c.post(f"/training/courses/{course.pk}/enroll/").status_code == 302
    assert Enrollment.objects.filter(user=worker, course=course).exists()
    lesson = c.get(f"/training/lessons/{course.lessons.get(kind='video').pk}/").content.decode()
    assert "nj-player" in lesson and "下一课时" in lesson
    text = course.lessons.get(kind="text")
    assert "我已学完本课时" in c.get(f"/training/lessons/{text.pk}/").content.decode()
    assert "安全生产基础" in c.get("/training/mine/").content.decode()


def test_my_courses_appear_in_my_business(tree, course, make_member):
    worker = make_member(tree.union_a).user
    c = _client(worker)
    c.post(f"/training/courses/{course.pk}/enroll/")
    from niangjia.core import my_business

    items = [i for i in my_business.items_for(worker) if i.code == "training_course"]
    assert len(items) == 1 and items[0].pending and items[0].title == "安全生产基础"
    _learn_all(worker, course)
    [item] = [i for i in my_business.items_for(worker) if i.code == "training_course"]
    assert not item.pending


def test_other_district_sees_nothing(tree, course, make_member, make_user):
    stranger = _client(make_member(tree.union_b).user)
    assert "安全生产基础" not in stranger.get("/training/").content.decode()
    assert stranger.get(f"/training/courses/{course.pk}/").status_code == 404
    staff_b = _client(make_user(roles=[(tree.district_b, "staff")]))
    assert "安全生产基础" not in staff_b.get("/training/workbench/").content.decode()
    assert staff_b.get(f"/training/workbench/courses/{course.pk}/").status_code == 404
    assert "安全生产基础" not in staff_b.get("/training/workbench/stats/").content.decode()


def test_staff_create_add_lessons_and_publish(tree, make_user):
    staff = make_user(roles=[(tree.district_a, "staff")])
    c = _client(staff)
    assert "新建课程" in c.get("/training/workbench/courses/new/").content.decode()
    r = c.post("/training/workbench/courses/new/", {"title": "电工上岗", "category": "skills", "level": "beginner",
                                                   "org": tree.district_a.pk, "audience_org": tree.street_a.pk,
                                                   "keywords": "电工"})
    new = Course.objects.get(title="电工上岗")
    assert r.status_code == 302 and new.audience_org == tree.street_a
    c.post(f"/training/workbench/courses/{new.pk}/status/", {"status": "published"})
    new.refresh_from_db()
    assert new.status == "draft"  # no lessons yet
    c.post(f"/training/workbench/courses/{new.pk}/lessons/", {"title": "安全用电", "kind": "text", "body": "正文"})
    c.post(f"/training/workbench/courses/{new.pk}/status/", {"status": "published"})
    new.refresh_from_db()
    assert new.status == "published"
    assert "安全用电" in c.get(f"/training/workbench/courses/{new.pk}/").content.decode()


def test_staff_cannot_open_a_course_for_another_district(tree, make_user):
    c = _client(make_user(roles=[(tree.district_a, "staff")]))
    c.post("/training/workbench/courses/new/", {"title": "越权", "category": "skills", "level": "beginner",
                                               "org": tree.district_b.pk})
    assert not Course.objects.filter(title="越权").exists()


def test_statistics_count_visits_completions_and_hours(tree, course, make_member, make_user):
    for _ in range(2):
        _learn_all(make_member(tree.union_a).user, course)
    staff = _client(make_user(roles=[(tree.district_a, "staff")]))
    page = staff.get("/training/workbench/stats/").content.decode()
    assert 'data-testid="total-visits">2<' in page
    assert 'data-testid="total-completions">2<' in page
    r = staff.get("/training/workbench/stats/?export=courses")
    assert r.status_code == 200
    ws = openpyxl.load_workbook(io.BytesIO(r.content)).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[1] == ("课程", "学习人次", "学习人数", "学完人数", "学习时长（小时）")
    assert rows[2][:4] == ("安全生产基础", 2, 2, 2)
    assert isinstance(rows[2][4], int | float)
    r = staff.get("/training/workbench/stats/?export=orgs")
    rows = list(openpyxl.load_workbook(io.BytesIO(r.content)).active.iter_rows(values_only=True))
    assert rows[2][:4] == ("湖滨商贸有限公司工会", 2, 2, 2)


@pytest.mark.parametrize("size", [20, 50])
def test_workbench_course_grid_costs_fixed_queries(tree, make_user, make_member, django_assert_num_queries, size):
    staff = _client(make_user(roles=[(tree.district_a, "staff")]))
    learner = make_member(tree.union_a).user

    def add_rows(n):
        for _ in range(n):
            c = make_course(tree.district_a, audience=tree.street_a)
            Enrollment.objects.create(user=learner, course=c, org=tree.union_a)

    assert_constant_queries(django_assert_num_queries, 6,
                            lambda: staff.get(f"/training/workbench/?size={size}"), add_rows,
                            markers=lambda r: r.content.decode().count('data-testid="course-row"'))


def test_certificate_grid_costs_fixed_queries(tree, make_user, make_member, django_assert_num_queries):
    staff = _client(make_user(roles=[(tree.district_a, "staff")]))
    worker = make_member(tree.union_a).user

    def add_rows(n):
        for _ in range(n):
            _learn_all(worker, make_course(tree.district_a))

    assert_constant_queries(django_assert_num_queries, CERT_QUERIES, lambda: staff.get("/training/workbench/certificates/"),
                            add_rows, markers=lambda r: r.content.decode().count('data-testid="certificate-row"'))

def test_my_courses_cost_fixed_queries(tree, make_member, django_assert_num_queries):
    worker = make_member(tree.union_a).user
    me = _client(worker)

    def add_rows(n):
        for _ in range(n):
            _learn_all(worker, make_course(tree.district_a))

    assert_constant_queries(django_assert_num_queries, MINE_QUERIES, lambda: me.get("/training/mine/"), add_rows,
                            markers=lambda r: r.content.decode().count('data-testid="my-course"'))
