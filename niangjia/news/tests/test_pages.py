"""Pages of notices: readers (public without login), the staff list with read rates, scope by page, export and
guessed id, a fixed number of queries per list."""

import io
import re

import openpyxl
import pytest
from django.test import Client

from niangjia.core.tests.querycount import assert_constant_queries
from niangjia.news.models import Notice, ReadReceipt


def _client(user=None, csrf=False):
    c = Client(enforce_csrf_checks=csrf)
    if user is not None:
        c.force_login(user)
    return c


def test_public_notice_without_login_on_home_and_list(tree, publish):
    publish("公开：元旦春节送温暖", is_public=True)
    publish("内部：经费报表")
    anon = _client()
    home = anon.get("/").content.decode()
    assert "公开：元旦春节送温暖" in home and "通知公告" in home and "内部：经费报表" not in home
    page = anon.get("/news/").content.decode()
    assert "公开：元旦春节送温暖" in page and "内部：经费报表" not in page and "登录后可查看" in page


def test_member_reads_and_the_receipt_shows_to_staff(tree, make_member, publish, city_admin):
    member = make_member(tree.union_a).user
    notice = publish("请阅读：安全生产月", audience_org=tree.district_a)
    reader = _client(member)
    assert "未读" in reader.get("/").content.decode()
    assert "1 条未读" in reader.get("/news/").content.decode()
    body = reader.get(f"/news/{notice.pk}/").content.decode()
    assert "请各单位于月底前报送" in body
    assert ReadReceipt.objects.get(notice=notice, user=member).read_at is not None
    staff_page = _client(city_admin).get(f"/news/workbench/{notice.pk}/").content.decode()
    assert "已读 1 / 应读 1" in staff_page and tree.union_a.name in staff_page
    drill = _client(city_admin).get(f"/news/workbench/{notice.pk}/?org={tree.union_a.pk}").content.decode()
    assert member.name in drill


def test_another_district_cannot_reach_the_notice_by_page_export_or_guessed_id(tree, make_member, make_user,
                                                                                publish):
    notice = publish("只发给上城区的通知", audience_org=tree.district_a)
    staff_b = make_user(roles=[(tree.district_b, "staff")])
    member_b = make_member(tree.union_b).user
    c = _client(staff_b)
    assert "只发给上城区的通知" not in c.get("/news/workbench/").content.decode()
    for url in (f"/news/workbench/{notice.pk}/", f"/news/workbench/{notice.pk}/export/",
                f"/news/{notice.pk}/", f"/news/workbench/{notice.pk + 999}/"):
        assert c.get(url).status_code == 404, url
    assert _client(member_b).get(f"/news/{notice.pk}/").status_code == 404
    assert _client().get(f"/news/{notice.pk}/").status_code == 404
    r = _client(staff_b, csrf=False).post(f"/news/workbench/{notice.pk}/withdraw/", {"reason": "x"})
    assert r.status_code == 404 and Notice.objects.get(pk=notice.pk).status == "published"


def test_staff_write_and_publish_through_the_form(tree, make_member, city_admin):
    make_member(tree.union_a)
    c = _client(city_admin, csrf=True)
    html = c.get("/news/workbench/new/").content.decode()
    csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
    token = re.search(r'name="submission_token" value="([^"]+)"', html).group(1)
    data = {"csrfmiddlewaretoken": csrf, "submission_token": token, "org": tree.city.pk, "kind": "digest",
            "title": "惠企政策汇编第一期", "body": "稳岗返还……", "audience": "everyone",
            "audience_org": tree.district_a.pk, "remind_after_days": "3", "action": "publish", "is_public": "on"}
    r = c.post("/news/workbench/new/", data)
    assert r.status_code == 302
    notice = Notice.objects.get()
    assert notice.status == "published" and notice.kind == "digest" and notice.recipients_count >= 1
    assert c.post("/news/workbench/new/", data).status_code == 302  # a second tap makes nothing new
    assert Notice.objects.count() == 1


def test_bad_input_is_a_chinese_message_and_writes_nothing(tree, city_admin):
    c = _client(city_admin)
    html = c.get("/news/workbench/new/").content.decode()
    token = re.search(r'name="submission_token" value="([^"]+)"', html).group(1)
    r = c.post("/news/workbench/new/", {"submission_token": token, "org": tree.city.pk, "kind": "notice",
                                        "title": "x", "body": "y", "audience": "roles",
                                        "audience_org": tree.city.pk, "remind_after_days": "3", "action": "publish"})
    assert r.status_code == 200 and "请至少选择一个角色" in r.content.decode()
    r = c.post("/news/workbench/new/", {"org": "abc", "kind": "notice", "title": "x", "body": "y",
                                        "audience": "everyone", "audience_org": tree.city.pk,
                                        "remind_after_days": "999"})
    assert r.status_code == 200 and not Notice.objects.exists()


def test_read_rate_export_is_numeric(tree, make_member, publish, city_admin):
    member = make_member(tree.union_a).user
    make_member(tree.union_a)
    notice = publish(audience_org=tree.union_a)
    from niangjia.news import services

    services.mark_read(member, notice_id=notice.pk)
    r = _client(city_admin).get(f"/news/workbench/{notice.pk}/export/")
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(r.streaming_content) if r.streaming else r.content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=3)]
    assert rows == [[tree.union_a.name, 2, 1, 1, pytest.approx(0.5)]]


def test_lists_cost_a_fixed_number_of_queries(tree, make_member, publish, city_admin, django_assert_num_queries):
    member = make_member(tree.union_a).user
    staff = _client(city_admin)
    reader = _client(member)

    def add(n):
        for i in range(n):
            publish(f"通知{Notice.objects.count() + i}", audience_org=tree.district_a, is_public=i % 2 == 0)

    def rows(response):
        return response.content.decode().count('data-testid="notice-item"')

    assert_constant_queries(django_assert_num_queries, 7, lambda: reader.get("/news/"), add, markers=rows)
    Notice.objects.all().delete()
    assert_constant_queries(django_assert_num_queries, 6, lambda: staff.get("/news/workbench/?size=50"), add,
                            markers=lambda r: r.content.decode().count('data-testid="notice-row"'))
