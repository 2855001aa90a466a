"""The model-worker registry: a registered member keeps core's 劳模 tag in step, care amounts through core.money,
a difficult model worker linked to a hardship file the actor can see, scope by page, export and guessed id."""

import io

import openpyxl
import pytest
from django.test import Client

from niangjia.core.errors import Conflict, Invalid, NotFound
from niangjia.core.models import Member
from niangjia.honors import services_registry
from niangjia.honors.models import ModelWorkerCare


@pytest.fixture
def staff_a(tree, make_user):
    return make_user(roles=[(tree.district_a, "staff")])


def test_register_tags_the_member_and_records_care(tree, make_member, staff_a):
    member = make_member(tree.union_a, name="陈建国")
    worker = services_registry.register(staff_a, org_id=tree.union_a.pk, name="陈建国", title="省劳动模范",
                                        level="provincial", year=2020, awarding_body="浙江省人民政府",
                                        member_id=member.pk)
    m = Member.objects.get(pk=member.pk)
    assert m.model_worker and m.model_worker_title == "省劳动模范"
    with pytest.raises(Conflict):
        services_registry.register(staff_a, org_id=tree.union_a.pk, name="陈建国", title="x", level="city",
                                   year=2021, awarding_body="y", member_id=member.pk)
    services_registry.record_care(staff_a, worker_id=worker.pk, year=2026, kind="节日慰问", amount="800.00")
    for bad in ("1e3", "1,000", "-5", "12.345"):
        with pytest.raises(Invalid):
            services_registry.record_care(staff_a, worker_id=worker.pk, year=2026, kind="节日慰问", amount=bad)
    assert [str(c.amount) for c in ModelWorkerCare.objects.all()] == ["800.00"]


def test_difficult_link_needs_a_visible_hardship_file(tree, make_member, staff_a, make_user):
    worker = services_registry.register(staff_a, org_id=tree.union_a.pk, name="刘桂芳", title="市劳动模范",
                                        level="city", year=2015, awarding_body="杭州市人民政府")
    with pytest.raises(NotFound):
        services_registry.link_hardship_file(staff_a, worker_id=worker.pk, file_id=999_999)
    with pytest.raises(NotFound):  # another district's staff cannot touch the record
        services_registry.record_care(make_user(roles=[(tree.district_b, "staff")]), worker_id=worker.pk,
                                      year=2026, kind="节日慰问", amount="1")


def test_pages_export_and_scope(tree, make_member, staff_a, make_user):
    worker = services_registry.register(staff_a, org_id=tree.union_a.pk, name="张志强", title="全国劳动模范",
                                        level="national", year=2020, awarding_body="国务院")
    services_registry.record_care(staff_a, worker_id=worker.pk, year=2026, kind="健康体检", amount="600")
    c = Client()
    c.force_login(staff_a)
    html = c.get("/honors/workbench/model-workers/").content.decode()
    assert "张志强" in html and "全国劳动模范" in html and "劳模名册" in html
    r = c.get("/honors/workbench/model-workers/export/")
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(r.streaming_content) if r.streaming else r.content)).active
    rows = [[cell.value for cell in row] for row in sheet.iter_rows(min_row=3)]
    assert rows[0][0] == "张志强" and rows[0][6] == 600
    other = Client()
    other.force_login(make_user(roles=[(tree.district_b, "staff")]))
    assert "张志强" not in other.get("/honors/workbench/model-workers/").content.decode()
    assert other.get(f"/honors/workbench/model-workers/{worker.pk}/").status_code == 404
    r = other.get("/honors/workbench/model-workers/export/")
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(r.streaming_content) if r.streaming else r.content)).active
    assert [row for row in sheet.iter_rows(min_row=3, values_only=True) if any(row)] == []


@pytest.mark.parametrize("size", [20, 50])
def test_registry_grid_fixed_queries_search_and_scope(tree, staff_a, make_user, size, django_assert_num_queries):
    from niangjia.core.tests.querycount import assert_constant_queries

    seq = iter(range(1000))

    def add_rows(n):
        for _ in range(n):
            i = next(seq)
            w = services_registry.register(staff_a, org_id=tree.union_a.pk, name=f"劳模{i}", title="市劳动模范",
                                           level="city", year=2015, awarding_body="杭州市人民政府")
            services_registry.record_care(staff_a, worker_id=w.pk, year=2026, kind="节日慰问", amount="100")

    services_registry.register(make_user(roles=[(tree.district_b, "staff")]), org_id=tree.union_b.pk,
                               name="西湖劳模", title="省劳动模范", level="provincial", year=2018,
                               awarding_body="浙江省人民政府")
    c = Client()
    c.force_login(staff_a)
    url = "/honors/workbench/model-workers/"
    # session, user, roles, orgs for the form, COUNT, page, titles (prefetch), unread messages
    assert_constant_queries(django_assert_num_queries, 8, lambda: c.get(url, {"size": size}), add_rows,
                            markers=lambda r: r.content.decode().count('data-testid="registry-row"'))
    assert "西湖劳模" not in c.get(url, {"q": "西湖"}).content.decode()
    page = c.get(url, {"q": "劳模1"}).content.decode()
    assert page.count('data-testid="registry-row"') == 1
    assert 'data-testid="grid-empty"' in c.get(url, {"difficult": "1"}).content.decode()
