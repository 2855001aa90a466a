"""Publishing fans out one receipt per recipient of the chosen audience; reading, withdrawing, scheduling and
reminders; another district can neither publish for nor address the city's unions."""

import datetime as dt

import pytest
from django.utils import timezone

from niangjia.core.errors import Conflict, Invalid, NotFound
from niangjia.core.models import Message
from niangjia.news import selectors, services
from niangjia.news.models import Notice, ReadReceipt


@pytest.fixture
def people(tree, make_member, make_user):
    """Two members in district A, one in district B, staff at the city, district A and a grassroots union."""
    return {
        "a1": make_member(tree.union_a).user, "a2": make_member(tree.union_a2).user,
        "b1": make_member(tree.union_b).user,
        "staff_a": make_user(roles=[(tree.district_a, "staff")]),
        "judge_city": make_user(roles=[(tree.city, "judge")]),
        "staff_ua": make_user(roles=[(tree.union_a, "staff")]),
    }


def _recipients(notice):
    return set(ReadReceipt.objects.filter(notice=notice).values_list("user_id", flat=True))


def test_everyone_in_a_subtree_gets_one_receipt_counted_under_their_union(tree, people, publish, city_admin):
    notice = publish(audience_org=tree.district_a)
    expected = {people[k].pk for k in ("a1", "a2", "staff_a", "staff_ua")}
    assert _recipients(notice) == expected
    assert notice.status == "published" and notice.recipients_count == 4 and notice.published_at
    assert ReadReceipt.objects.get(notice=notice, user=people["a1"]).org_id == tree.union_a.pk
    assert ReadReceipt.objects.get(notice=notice, user=people["staff_a"]).org_id == tree.district_a.pk


def test_staff_roles_and_named_people(tree, people, publish, city_admin):
    assert _recipients(publish(audience="staff")) == {city_admin.pk, people["staff_a"].pk, people["staff_ua"].pk}
    assert _recipients(publish(audience="roles", roles=["judge"])) == {people["judge_city"].pk}
    named = publish(audience="people", phones=[people["b1"].phone, people["a1"].phone])
    assert _recipients(named) == {people["b1"].pk, people["a1"].pk}


def test_named_people_outside_the_subtree_are_refused_and_nothing_is_written(tree, people, publish):
    with pytest.raises(Invalid) as exc:
        publish(audience="people", audience_org=tree.district_a, phones=[people["b1"].phone])
    assert "不是所选组织范围内" in exc.value.message and people["b1"].phone not in exc.value.message
    assert not Notice.objects.exists() and not ReadReceipt.objects.exists()


def test_another_district_cannot_publish_for_or_address_the_city(tree, people, publish):
    with pytest.raises(NotFound):
        publish(actor=people["staff_a"], org=tree.city)
    with pytest.raises(Invalid):  # audience outside the publisher's own subtree
        publish(actor=people["staff_a"], org=tree.district_a, audience_org=tree.district_b)
    assert not Notice.objects.exists()


def test_reading_stamps_once_and_counts_once(tree, people, publish):
    notice = publish(audience_org=tree.district_a)
    assert services.mark_read(people["a1"], notice_id=notice.pk) is True
    assert services.mark_read(people["a1"], notice_id=notice.pk) is False
    assert services.mark_read(people["b1"], notice_id=notice.pk) is False  # not a recipient: nothing counted
    notice.refresh_from_db()
    assert notice.read_count == 1
    rates = {r["org_name"]: (r["read"], r["total"]) for r in selectors.read_rates(notice=notice)}
    assert rates[tree.union_a.name] == (1, 2) and rates[tree.union_a2.name] == (0, 1)
    assert selectors.read_rates(notice=notice)[0]["rate"] == 0  # the least-read union first


def test_scheduled_notice_publishes_when_due_only(tree, people, publish):
    now = timezone.now()
    notice = publish(publish_now=False, publish_at=now + dt.timedelta(hours=1), audience_org=tree.district_a)
    assert notice.status == "scheduled" and not ReadReceipt.objects.exists()
    assert services.publish_due(now=now) == 0
    assert services.publish_due(now=now + dt.timedelta(hours=1)) == 1
    notice.refresh_from_db()
    assert notice.status == "published" and notice.recipients_count == 4
    assert services.publish_due(now=now + dt.timedelta(hours=2)) == 0  # never twice
    with pytest.raises(Invalid):
        publish(publish_now=False, publish_at=now - dt.timedelta(minutes=1))


def test_published_twice_is_refused(tree, publish, city_admin):
    notice = publish()
    with pytest.raises(Conflict):
        services.publish(city_admin, notice_id=notice.pk)


def test_withdrawn_notice_leaves_the_inbox(tree, people, publish, city_admin):
    notice = publish(audience_org=tree.district_a)
    assert list(selectors.inbox(user=people["a1"])) == [notice]
    with pytest.raises(Invalid):
        services.withdraw(city_admin, notice_id=notice.pk, reason=" ")
    services.withdraw(city_admin, notice_id=notice.pk, reason="内容有误，重新发布")
    assert list(selectors.inbox(user=people["a1"])) == []
    with pytest.raises(NotFound):
        selectors.notice_for_reader(user=people["a1"], notice_id=notice.pk)


def test_inbox_has_addressed_and_public_notices_only(tree, people, publish):
    mine = publish("发给上城区的", audience_org=tree.district_a)
    public = publish("公开的", audience_org=tree.district_b, is_public=True)
    other = publish("只发给西湖区的", audience_org=tree.district_b)
    seen = {n.pk: n.unread for n in selectors.inbox(user=people["a1"])}
    assert seen == {mine.pk: True, public.pk: False}
    with pytest.raises(NotFound):
        selectors.notice_for_reader(user=people["a1"], notice_id=other.pk)


def test_reminder_after_n_days_reaches_unread_recipients_once(tree, people, publish):
    notice = publish(audience_org=tree.district_a, remind_after_days=3)
    services.mark_read(people["a1"], notice_id=notice.pk)
    published = Notice.objects.get(pk=notice.pk).published_at
    assert services.send_due_reminders(now=published + dt.timedelta(days=2)) == 0
    assert services.send_due_reminders(now=published + dt.timedelta(days=3)) == 3
    reminded = set(Message.objects.filter(kind="news.reminder").values_list("recipient_id", flat=True))
    assert reminded == {people["a2"].pk, people["staff_a"].pk, people["staff_ua"].pk}
    assert services.send_due_reminders(now=published + dt.timedelta(days=4)) == 0


def test_manual_reminder_is_scoped(tree, people, publish):
    notice = publish(audience_org=tree.district_a)
    with pytest.raises(NotFound):
        services.remind_unread(people["staff_a"], notice_id=notice.pk)  # the city's notice, not theirs
    assert not Message.objects.filter(kind="news.reminder").exists()
