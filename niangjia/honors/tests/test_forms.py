"""The workbench forms post to the services: a new panel with its criteria, an entry and a judge with a declared
relation (recused at once), the judge's own declaration, a new round, pair and registry record; bad input is a
Chinese message and writes nothing."""

import pytest
from django.test import Client

from niangjia.honors.models import AwardRound, Conflict, Entry, Judge, Mentorship, ModelWorker, Panel


@pytest.fixture
def admin_client(tree, make_user):
    c = Client()
    c.force_login(make_user(roles=[(tree.city, "admin")]))
    return c


def test_panel_from_the_forms(tree, make_user, admin_client):
    r = admin_client.post("/honors/workbench/new/", {"title": "社会服务项目评审", "org": tree.city.pk,
                                                     "activity_date": "2026-12-10", "name1": "需求", "weight1": "40",
                                                     "name2": "方案", "weight2": "50", "max1": "10", "max2": "10"})
    assert r.status_code == 200 and "权重之和应为 100" in r.content.decode() and not Panel.objects.exists()
    r = admin_client.post("/honors/workbench/new/", {"title": "社会服务项目评审", "org": tree.city.pk,
                                                     "activity_date": "2026-12-10", "name1": "需求", "weight1": "40",
                                                     "name2": "方案", "weight2": "60", "max1": "10", "max2": "10",
                                                     "trim": "on"})
    panel = Panel.objects.get()
    assert r.status_code == 302 and panel.trim_extremes and panel.criteria.count() == 2
    admin_client.post(f"/honors/workbench/{panel.pk}/add/", {"what": "entry", "title": "驿站项目",
                                                              "entrant": "阳光社工中心", "uscc": "52330100MJ0000001A"})
    judge_user = make_user()
    admin_client.post(f"/honors/workbench/{panel.pk}/add/", {"what": "judge", "phone": judge_user.phone, "name": "李评委",
                                                              "kind": "director", "organisation": "阳光社工中心"})
    assert Entry.objects.count() == 1 and Judge.objects.count() == 1 and Conflict.objects.count() == 1
    other = make_user()
    admin_client.post(f"/honors/workbench/{panel.pk}/add/", {"what": "judge", "phone": other.phone, "name": "王评委"})
    j = Client()
    j.force_login(other)
    assert "驿站项目" in j.get(f"/honors/panels/{panel.pk}/").content.decode()
    j.post(f"/honors/panels/{panel.pk}/declare/", {"kind": "employed", "uscc": "52330100mj0000001a"})
    assert "驿站项目" not in j.get(f"/honors/panels/{panel.pk}/").content.decode()
    assert Conflict.objects.count() == 2


def test_round_pair_and_registry_from_the_forms(tree, make_member, admin_client):
    r = admin_client.post("/honors/workbench/rounds/new/", {"title": "2027年五一劳动奖状", "year": "2027",
                                                            "kind": "certificate", "org": tree.city.pk,
                                                            "publicity_days": "5"})
    award = AwardRound.objects.get()
    assert r.status_code == 302 and award.composition_rules.count() == 5
    mentor, apprentice = make_member(tree.union_a).user, make_member(tree.union_a).user
    admin_client.post("/honors/workbench/mentorship/new/", {"org": tree.union_a.pk, "mentor_phone": mentor.phone,
                                                            "apprentice_phone": apprentice.phone,
                                                            "starts_on": "2026-01-01", "ends_on": "2027-12-31",
                                                            "goals": "独立上岗"})
    assert Mentorship.objects.count() == 1
    r = admin_client.post("/honors/workbench/model-workers/new/", {"name": "陈建国", "org": tree.union_a.pk,
                                                                   "title": "省劳动模范", "level": "provincial",
                                                                   "year": "2020", "awarding_body": "浙江省人民政府"})
    assert r.status_code == 302 and ModelWorker.objects.get().titles.get().title == "省劳动模范"
    r = admin_client.post("/honors/workbench/model-workers/new/", {"name": "x", "org": tree.union_a.pk, "title": "y",
                                                                   "level": "galactic", "year": "2020",
                                                                   "awarding_body": "z"}, follow=True)
    assert "级别" in r.content.decode() and ModelWorker.objects.count() == 1
