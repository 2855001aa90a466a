"""Delegates from Excel, all-or-nothing, with the composition of policies.md §5.

| case | expected |
|---|---|
| a valid file of 3 active members of the union | 3 delegates, groups created, women/young from the member record |
| one bad row among good ones (not a member / other district / 是否 not yes-no / already a delegate / twice) | 422, nothing imported, each bad line listed in Chinese |
| managers 1 of 5 (20%) | meets "≤ 20%"; 2 of 5 (40%) does not |
| young: 35 full years on the day | young ("以下" includes 35); 36 is not |
| another district's staff | 404, nothing imported |
"""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from niangjia.conftest import id_number_for
from niangjia.congress import rules
from niangjia.congress.models import Delegate, DelegateGroup
from niangjia.congress.services_import import HEADERS

pytestmark = pytest.mark.django_db


def _xlsx(rows) -> SimpleUploadedFile:
    wb = Workbook()
    ws = wb.active
    ws.append(HEADERS)
    for r in rows:
        ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return SimpleUploadedFile("代表.xlsx", buf.getvalue(),
                              content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")


@pytest.mark.parametrize(("birth", "young"), [(dt.date(1991, 12, 1), True), (dt.date(1991, 12, 2), True),
                                              (dt.date(1990, 12, 1), False), (dt.date(1990, 12, 2), True)])
def test_young_means_35_full_years_or_less(birth, young):
    assert rules.is_young(birth, dt.date(2026, 12, 1)) is young


@pytest.mark.parametrize(("managers", "ok"), [(1, True), (2, False)])
def test_middle_managers_at_most_20_percent(managers, ok):
    rows = rules.composition_rows(total=5, managers=managers, frontline=1, women=1, young=1)
    assert rows[0]["ok"] is ok and rows[0]["share"] == f"{managers * 20:.1f}%"


@pytest.fixture
def people(tree, make_member):
    woman_young = make_member(tree.union_a, name="李娟", id_number=id_number_for(902, birth="19980305"))
    man_old = make_member(tree.union_a, name="张强", id_number=id_number_for(901, birth="19700101"))
    third = make_member(tree.union_a, name="赵磊", id_number=id_number_for(903, birth="19850101"))
    other = make_member(tree.union_b, name="外区人", id_number=id_number_for(905, birth="19850101"))
    return woman_young, man_old, third, other


def test_import_all_good(client, small_congress, people):
    c = small_congress
    woman_young, man_old, third, _other = people
    client.force_login(c.chair)
    url = reverse("congress:delegates", args=[c.congress.pk])
    r = client.post(url, {"file": _xlsx([
        ["李娟", woman_young.id_number, "新代表团", "否", "是"],
        ["张强", man_old.id_number, "一组", "是", "否"],
        ["赵磊", third.id_number.lower(), "新代表团", "", "是"]])})
    assert r.status_code == 302
    d = {x.name: x for x in Delegate.objects.filter(congress=c.congress, name__in=["李娟", "张强", "赵磊"])}
    assert (d["李娟"].is_woman, d["李娟"].is_young, d["李娟"].is_frontline, d["李娟"].group.name) == (True, True, True, "新代表团")
    assert (d["张强"].is_woman, d["张强"].is_young, d["张强"].is_manager, d["张强"].group.name) == (False, False, True, "一组")
    assert DelegateGroup.objects.filter(congress=c.congress).count() == 3
    page = client.get(url).content.decode()
    assert "中层以上管理人员" in page and "一般不超过 20%" in page and "新代表团</a>：2" in page


def test_one_bad_row_refuses_the_whole_file(client, small_congress, people):
    c = small_congress
    woman_young, man_old, third, other = people
    before = Delegate.objects.count()
    client.force_login(c.chair)
    r = client.post(reverse("congress:delegates", args=[c.congress.pk]), {"file": _xlsx([
        ["李娟", woman_young.id_number, "一组", "否", "是"],
        ["外区人", other.id_number, "一组", "否", "是"],
        ["张强", man_old.id_number, "一组", "也许", "否"],
        ["代表0", c.delegates[0].member.id_number, "一组", "否", "是"],
        ["李娟", woman_young.id_number, "二组", "否", "是"],
        ["赵磊", third.id_number, "", "否", "是"]])})
    assert r.status_code == 422
    page = r.content.decode()
    assert "整份文件未导入" in page
    for line, words in [(3, "不是本工会范围内"), (4, "请填“是”或“否”"), (5, "已经是本届代表"), (6, "同一个人"),
                        (7, "请填写代表团")]:
        assert f"第 {line} 行：" in page and words in page
    assert Delegate.objects.count() == before


def test_another_district_cannot_import(client, small_congress, people):
    c = small_congress
    client.force_login(c.outsider_staff)
    r = client.post(reverse("congress:delegates", args=[c.congress.pk]),
                    {"file": _xlsx([["李娟", people[0].id_number, "一组", "否", "是"]])})
    assert r.status_code == 404
    assert client.get(reverse("congress:delegates_template", args=[c.congress.pk])).status_code == 404
    assert not Delegate.objects.filter(name="李娟").exists()
