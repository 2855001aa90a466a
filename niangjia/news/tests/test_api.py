"""The notices API as a phone client uses it: bearer token, CSRF checks on."""

from django.test import Client

from niangjia.core.services import tokens
from niangjia.news.models import ReadReceipt


def _bearer(user):
    raw, _row = tokens.issue_token(actor=user, user=user, name="test")
    return Client(enforce_csrf_checks=True, HTTP_AUTHORIZATION=f"Bearer {raw}")


def test_member_lists_and_reads_with_a_bearer_token(tree, make_member, publish):
    member = make_member(tree.union_a).user
    mine = publish("发给上城区的", audience_org=tree.district_a)
    public = publish("公开的", audience_org=tree.district_b, is_public=True)
    publish("只发给西湖区的", audience_org=tree.district_b)
    c = _bearer(member)
    r = c.get("/api/v1/news/notices")
    assert r.status_code == 200
    rows = {n["id"]: n for n in r.json()}
    assert set(rows) == {mine.pk, public.pk}
    assert rows[mine.pk]["unread"] is True and rows[public.pk]["unread"] is False
    assert rows[mine.pk]["kind_label"] == "通知"
    r = c.get(f"/api/v1/news/notices/{mine.pk}")
    assert r.status_code == 200 and r.json()["body"] == "请各单位于月底前报送。"
    assert ReadReceipt.objects.get(notice=mine, user=member).read_at is not None
    assert c.get("/api/v1/news/notices").json()[0]["unread"] is False


def test_out_of_audience_is_404_and_anonymous_needs_a_token(tree, make_member, publish):
    other = publish("只发给西湖区的", audience_org=tree.district_b)
    member = make_member(tree.union_a).user
    r = _bearer(member).get(f"/api/v1/news/notices/{other.pk}")
    assert r.status_code == 404 and r.json()["code"]
    assert "没有找到" in r.json()["message"]
    assert Client().get("/api/v1/news/notices").status_code == 401


def test_public_feed_needs_no_login(tree, publish):
    publish("公开的", is_public=True)
    publish("内部的")
    r = Client().get("/api/v1/news/public?limit=5")
    assert r.status_code == 200 and [n["title"] for n in r.json()] == ["公开的"]
