"""Workbench settings: holidays, SLAs, synonyms, knowledge-base articles and per-org supervisors."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from niangjia.core.errors import Invalid, NotFound
from niangjia.core.models import AuditEvent, Message
from niangjia.rights import search
from niangjia.rights.models import (
    Case,
    DutyShift,
    Holiday,
    KnowledgeArticle,
    RightsSupervisor,
    SlaPolicy,
    Synonym,
)
from niangjia.rights.services import cases, config, kb
from niangjia.rights.services.common import calendar, overdue_recipients

pytestmark = pytest.mark.django_db
DESC = "公司连续三个月拖欠工资不发，老板一直拖着，我该怎么讨薪？"

PAGES = ["rights:holidays", "rights:sla", "rights:synonyms", "rights:kb_admin", "rights:kb_new", "rights:supervisors"]


@pytest.fixture
def city_approver(people, make_user):
    return make_user(roles=[(people.tree.city, "approver")], name="市总审批人")


@pytest.fixture
def district_admin(people, make_user):
    return make_user(roles=[(people.tree.district_a, "admin")], name="区总管理员")


def test_pages_refused_to_members_counsellors_and_plain_staff(client, people):
    for user in (people.worker, people.lawyer, people.staff):
        client.force_login(user)
        for name in PAGES:
            assert client.get(reverse(name)).status_code == 404, (user, name)
        assert client.post(reverse("rights:holidays"), {"day": "2026-12-25", "name": "x"}).status_code == 404
    assert Holiday.objects.count() == 0
    client.logout()
    assert client.get(reverse("rights:holidays")).status_code == 302  # to the login page


def test_district_admin_sets_supervisors_but_not_the_platform_calendar(client, district_admin, city_approver):
    client.force_login(district_admin)
    assert client.get(reverse("rights:holidays")).status_code == 404
    assert client.get(reverse("rights:supervisors")).status_code == 200
    client.force_login(city_approver)  # approvers edit the knowledge base, not the calendar
    assert client.get(reverse("rights:kb_admin")).status_code == 200
    assert client.get(reverse("rights:synonyms")).status_code == 200
    assert client.get(reverse("rights:sla")).status_code == 404


def test_holidays_page_validates_in_chinese_and_feeds_the_calendar(client, people):
    client.force_login(people.admin)
    page = client.get(reverse("rights:holidays"))
    assert "节假日" in page.content.decode() and "调休上班" in page.content.decode()
    bad = client.post(reverse("rights:holidays"), {"day": "2026-13-40", "name": "元旦"}, follow=True)
    assert "请填写正确的日期" in bad.content.decode()
    weekend = client.post(reverse("rights:holidays"), {"day": "2026-12-26", "name": "周六"}, follow=True)
    assert "周末本来就不是工作日" in weekend.content.decode()
    assert Holiday.objects.count() == 0
    client.post(reverse("rights:holidays"), {"day": "2026-12-25", "name": "测试假日", "is_workday": "0"})
    h = Holiday.objects.get()
    assert not calendar().is_working_day(dt.date(2026, 12, 25))
    assert AuditEvent.objects.filter(action="rights.holiday_save", actor_id=people.admin.pk).exists()
    client.post(reverse("rights:holidays"), {"op": "delete", "id": h.pk})
    assert Holiday.objects.count() == 0
    assert AuditEvent.objects.filter(action="rights.holiday_delete").exists()


def test_sla_page_validates_and_new_cases_use_it(client, people):
    client.force_login(people.admin)
    assert "首次响应（工作日）" in client.get(reverse("rights:sla")).content.decode()
    for first, resolve, msg in (("0", "10", "1 到 60"), ("abc", "10", "整数"), ("5", "3", "不能长于"),
                                ("1", "61", "1 到 60")):
        resp = client.post(reverse("rights:sla"), {"category": "wages", "first_response_days": first,
                                                   "resolution_days": resolve}, follow=True)
        assert msg in resp.content.decode()
    assert SlaPolicy.objects.count() == 0
    client.post(reverse("rights:sla"), {"category": "wages", "first_response_days": "2", "resolution_days": "5"})
    p = SlaPolicy.objects.get(category="wages")
    assert (p.first_response_days, p.resolution_days) == (2, 5)
    assert AuditEvent.objects.filter(action="rights.sla_save").exists()
    case = cases.open_online_case(people.worker, category="wages", description=DESC)
    today = timezone.localdate(case.created_at)
    assert case.resolution_due <= today + dt.timedelta(days=9)
    with pytest.raises(NotFound):
        config.save_sla(people.staff, category="wages", first_response_days=1, resolution_days=10)


def test_synonyms_page_updates_search_at_once(client, people, city_approver):
    kb.load_seed_articles()
    dismissal = KnowledgeArticle.objects.get(slug="unlawful-dismissal").pk
    assert dismissal not in [r["id"] for r in search.search("卷铺盖回家", 3)]
    client.force_login(city_approver)
    taken = client.post(reverse("rights:synonyms"), {"group": "工资", "terms": "减薪、卷铺盖"}, follow=True)
    assert "“减薪”已在同义词组“降薪”中" in taken.content.decode()
    short = client.post(reverse("rights:synonyms"), {"group": "单独", "terms": ""}, follow=True)
    assert "至少要有两个词" in short.content.decode()
    assert not Synonym.objects.filter(term__in=["工资", "卷铺盖", "单独"]).exists()
    edit = client.get(reverse("rights:synonyms"), {"edit": "辞退"}).content.decode()
    assert "开除" in edit
    terms = list(Synonym.objects.filter(group="辞退").values_list("term", flat=True))
    resp = client.post(reverse("rights:synonyms"), {"group": "辞退", "original_group": "辞退",
                                                    "terms": "、".join([*terms, "卷铺盖"])}, follow=True)
    assert "已保存" in resp.content.decode()
    assert Synonym.objects.filter(term="卷铺盖", group="辞退").exists()
    assert dismissal in [r["id"] for r in search.search("卷铺盖回家", 3)]
    assert AuditEvent.objects.filter(action="rights.synonyms_save", object_id="辞退").exists()
    client.post(reverse("rights:synonyms"), {"op": "delete", "group": "辞退"})
    assert not Synonym.objects.filter(group="辞退").exists()


def test_article_create_edit_review_and_search(client, people, city_approver):
    kb.load_seed_articles()
    client.force_login(city_approver)
    form = {"category": "wages", "title": "加班费按什么基数计算？", "question": "单位按最低工资算加班费，对吗？",
            "answer": "加班工资的计算基数原则上是劳动者正常工作时间的工资，不能随意按最低工资计算。",
            "references": "《劳动法》第四十四条", "needs_review": "1"}
    empty = client.post(reverse("rights:kb_new"), {**form, "answer": ""})
    assert empty.status_code == 422 and "请填写解答" in empty.content.decode()
    unsigned = client.post(reverse("rights:kb_new"), {k: v for k, v in form.items() if k != "needs_review"})
    assert unsigned.status_code == 422 and "审核律师和审核日期" in unsigned.content.decode()
    n = KnowledgeArticle.objects.count()
    assert client.post(reverse("rights:kb_new"), form).status_code == 302
    a = KnowledgeArticle.objects.get(title=form["title"])
    assert KnowledgeArticle.objects.count() == n + 1 and a.review_status == "待法律审核"
    assert search.search("加班费计算基数", 3)[0]["id"] == a.pk
    # edit: a new word in the answer is searchable at once; a lawyer's sign-off clears the mark
    edited = {**form, "answer": form["answer"] + "另有约定的，按约定的工资基数（绩效奖金除外）计算。",
              "reviewed_by": "张律师", "reviewed_on": timezone.localdate().isoformat()}
    del edited["needs_review"]
    assert client.post(reverse("rights:kb_edit", args=[a.pk]), edited).status_code == 302
    a.refresh_from_db()
    assert a.review_status == "已审核" and a.reviewed_by == "张律师"
    assert a.pk in [r["id"] for r in search.search("绩效奖金", 3)]
    page = client.get(reverse("rights:article", args=[a.pk])).content.decode()
    assert "已由 张律师" in page
    assert AuditEvent.objects.filter(action="rights.article_save", object_id=str(a.pk)).count() == 2
    future = {**edited, "reviewed_on": (timezone.localdate() + dt.timedelta(days=3)).isoformat()}
    assert "不能晚于今天" in client.post(reverse("rights:kb_edit", args=[a.pk]), future).content.decode()
    # re-seeding keeps workbench edits
    kb.load_seed_articles()
    a.refresh_from_db()
    assert a.review_status == "已审核"


def test_article_service_refuses_other_roles(people):
    with pytest.raises(NotFound):
        kb.save_article(people.staff, category="wages", title="t", question="q", answer="a", references="r")
    with pytest.raises(NotFound):
        kb.save_article(people.lawyer, category="wages", title="t", question="q", answer="a", references="r")


# --- overdue alerts go to the assignee's supervisor ---------------------------------------------------


def _overdue_case(people, assignee=None):
    case = cases.open_online_case(people.worker, category="wages", description=DESC)
    if assignee is not None:
        cases.assign(people.staff, case_id=case.pk, assignee_id=assignee.pk)
    Case.objects.filter(pk=case.pk).update(resolution_due=timezone.localdate() - dt.timedelta(days=1))
    return Case.objects.select_related("org", "assignee").get(pk=case.pk)


def test_supervisor_page_sets_and_validates(client, people, district_admin, make_user):
    boss = make_user(roles=[(people.tree.district_a, "staff")], name="区维权部长")
    client.force_login(district_admin)
    page = client.get(reverse("rights:supervisors")).content.decode()
    assert "督办人" in page and "区维权部长" in page
    bad = client.post(reverse("rights:supervisors"), {"org": people.tree.district_a.pk,
                                                      "supervisor": people.staff_b.pk}, follow=True)
    assert "督办人须是该组织或其上级组织的工作人员" in bad.content.decode()
    assert client.post(reverse("rights:supervisors"), {"org": people.tree.district_b.pk,
                                                       "supervisor": boss.pk}).status_code == 404
    client.post(reverse("rights:supervisors"), {"org": people.tree.district_a.pk, "supervisor": boss.pk})
    assert RightsSupervisor.objects.get(org=people.tree.district_a).supervisor == boss
    assert AuditEvent.objects.filter(action="rights.supervisor_set").exists()
    client.post(reverse("rights:supervisors"), {"org": people.tree.district_a.pk, "supervisor": ""})
    assert not RightsSupervisor.objects.exists()
    with pytest.raises(Invalid):
        config.set_supervisor(people.admin, org=people.tree.district_a, supervisor_id=people.worker.pk)


def test_overdue_goes_to_the_supervisor_else_admins_above(people, make_user):
    t = people.tree
    approver = make_user(roles=[(t.district_a, "approver")], name="区审批人")
    boss = make_user(roles=[(t.district_a, "staff")], name="区维权部长")
    case = _overdue_case(people, assignee=people.staff)
    assert set(overdue_recipients(case)) == {people.admin, approver}  # no supervisor: current behaviour
    config.set_supervisor(people.admin, org=t.district_a, supervisor_id=boss.pk)
    assert overdue_recipients(case) == [boss]  # nearest above the case's grassroots union
    assert cases.notify_overdue() == 1
    assert Message.objects.filter(recipient=boss, kind="rights.case_overdue").count() == 1
    assert not Message.objects.filter(recipient=approver, kind="rights.case_overdue").exists()
    assert cases.notify_overdue() == 0  # once per case
    # the supervisor being the assignee escalates to the admins above
    config.set_supervisor(people.admin, org=t.district_a, supervisor_id=people.staff.pk)
    assert set(overdue_recipients(case)) == {people.admin, approver}


def test_volunteer_lawyer_case_goes_to_the_duty_roster_orgs_supervisor(people, make_user):
    t = people.tree
    street_boss = make_user(roles=[(t.street_a, "staff")], name="街道督办")
    district_boss = make_user(roles=[(t.district_a, "staff")], name="区督办")
    config.set_supervisor(people.admin, org=t.district_a, supervisor_id=district_boss.pk)
    config.set_supervisor(people.admin, org=t.street_a, supervisor_id=street_boss.pk)
    case = _overdue_case(people, assignee=people.lawyer)
    assert overdue_recipients(case) == [district_boss]  # counsellor org, no roster yet
    DutyShift.objects.create(org=t.street_a, day=timezone.localdate(), shift="day", staff=people.lawyer)
    assert overdue_recipients(case) == [street_boss]
    cases.notify_overdue()
    assert Message.objects.filter(recipient=street_boss, kind="rights.case_overdue").exists()


def test_synonym_edit_in_another_process_reaches_this_one(people, city_approver, monkeypatch):
    """Another web process saved a synonym: it bumps the shared version; this process reloads its map."""
    kb.load_seed_articles()
    search.query_terms("老板")  # warm this process's map
    Synonym.objects.create(group="辞退", term="卷铺盖")  # written by the other process …
    from django.core.cache import cache

    cache.set(search.SYNONYM_VERSION_KEY, "changed-elsewhere", None)  # … which bumped the version
    assert "开除" not in search.query_terms("卷铺盖回家")  # not yet: versions are checked every few seconds
    monkeypatch.setattr(search.SYNONYMS, "version_checked", 0.0)
    assert "开除" in search.query_terms("卷铺盖回家")
