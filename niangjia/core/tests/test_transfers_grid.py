"""转会 queue in the list grid: search, sort, page sizes, bulk approve/return through the single-transfer service,
scope, and a fixed number of queries at two page sizes."""

import itertools

import pytest

from niangjia.core.models import AuditEvent, Member, TransferRequest
from niangjia.core.tests.querycount import assert_constant_queries

seq = itertools.count(1)
URL = "/workbench/approvals/transfers/"


@pytest.fixture
def staff(tree, make_user):
    return make_user(roles=[(tree.district_a, "staff")], name="区干部")


def _transfer(make_member, src, dst, name):
    member = make_member(src, name=name)
    return TransferRequest.objects.create(member=member, from_org=src, to_org=dst, requested_by=member.user)


@pytest.mark.parametrize("size", [20, 50])
def test_transfers_grid_fixed_queries_at_two_page_sizes(client, tree, staff, make_member, size,
                                                         django_assert_num_queries):
    def add_rows(n):
        for _ in range(n):
            _transfer(make_member, tree.union_a2, tree.union_a, f"转出会员{next(seq)}")

    client.force_login(staff)
    # session, user, roles (sidebar), COUNT, page (member, from, to joined), unread messages
    assert_constant_queries(django_assert_num_queries, 6, lambda: client.get(f"{URL}?size={size}"), add_rows,
                            markers=lambda r: r.content.decode().count('data-testid="transfer-request"'))


def test_search_sort_and_scope(client, tree, staff, make_member):
    _transfer(make_member, tree.union_a2, tree.union_a, "张三")
    _transfer(make_member, tree.union_a2, tree.union_a, "李四")
    foreign = _transfer(make_member, tree.union_a, tree.union_b, "外区王五")
    client.force_login(staff)
    page = client.get(URL).content.decode()
    assert "张三" in page and "李四" in page and "外区王五" not in page
    assert "2 条" in page or "2 rows" in page
    page = client.get(URL, {"q": "李"}).content.decode()
    assert "李四" in page and "张三" not in page
    # By code point 张 (U+5F20) comes before 李 (U+674E).
    page = client.get(URL, {"sort": "name"}).content.decode()
    assert page.index("张三") < page.index("李四")
    page = client.get(URL, {"sort": "-name"}).content.decode()
    assert page.index("李四") < page.index("张三")
    # A forged id of another district's transfer is not decided by the bulk action.
    response = client.post(f"{URL}bulk/", {"bulk": "approve", "ids": [foreign.pk], "confirm": "1", "next": URL})
    assert response.status_code == 302
    foreign.refresh_from_db()
    assert foreign.status == TransferRequest.Status.PENDING


def test_bulk_approve_confirms_then_runs_the_single_service(client, tree, staff, make_member):
    rows = [_transfer(make_member, tree.union_a2, tree.union_a, f"批量{i}") for i in range(3)]
    client.force_login(staff)
    ids = [t.pk for t in rows]
    confirm = client.post(f"{URL}bulk/", {"bulk": "approve", "ids": ids, "next": URL})
    assert confirm.status_code == 200
    body = confirm.content.decode()
    assert "3" in body and "批量0" in body
    assert TransferRequest.objects.filter(status="pending").count() == 3  # nothing ran before confirming
    done = client.post(f"{URL}bulk/", {"bulk": "approve", "ids": ids, "confirm": "1", "next": URL})
    assert done.status_code == 302
    assert TransferRequest.objects.filter(status="approved").count() == 3
    # Same effects as the single action: old rows transferred, new rows active at the receiving union, audited.
    assert Member.objects.filter(org=tree.union_a, status="active", name__startswith="批量").count() == 3
    assert Member.objects.filter(org=tree.union_a2, status="transferred").count() == 3
    assert AuditEvent.objects.filter(action="member.transfer_approve").count() == 3


def test_bulk_return_needs_one_reason(client, tree, staff, make_member):
    rows = [_transfer(make_member, tree.union_a2, tree.union_a, f"退回{i}") for i in range(2)]
    client.force_login(staff)
    ids = [t.pk for t in rows]
    client.post(f"{URL}bulk/", {"bulk": "reject", "ids": ids, "confirm": "1", "next": URL})
    assert TransferRequest.objects.filter(status="pending").count() == 2  # no reason: nothing returned
    client.post(f"{URL}bulk/", {"bulk": "reject", "ids": ids, "confirm": "1", "reason": "材料不全", "next": URL})
    assert list(TransferRequest.objects.order_by().values_list("status", "reason").distinct()) == [("rejected", "材料不全")]


def test_single_approve_from_the_grid_row(client, tree, staff, make_member):
    t = _transfer(make_member, tree.union_a2, tree.union_a, "单个")
    client.force_login(staff)
    client.post(URL, {"action": "approve", "id": t.pk})
    t.refresh_from_db()
    assert t.status == "approved"


def test_export_selected_transfers_only_in_scope(client, tree, staff, make_member):
    import io

    from openpyxl import load_workbook

    mine = [_transfer(make_member, tree.union_a2, tree.union_a, f"导出{i}") for i in range(2)]
    foreign = _transfer(make_member, tree.union_a, tree.union_b, "外区转入")
    client.force_login(staff)
    assert 'data-testid="bulk-export"' in client.get(URL).content.decode()
    ids = [t.pk for t in mine] + [foreign.pk]
    confirm = client.post(f"{URL}bulk/", {"bulk": "export", "ids": ids, "next": URL}).content.decode()
    assert 'data-testid="bulk-confirm"' in confirm and "导出1" in confirm and "外区转入" not in confirm
    done = client.post(f"{URL}bulk/", {"bulk": "export", "ids": ids, "confirm": "1", "next": URL})
    assert "spreadsheetml" in done["Content-Type"]
    rows = [r for r in load_workbook(io.BytesIO(done.content)).active.iter_rows(values_only=True)
            if isinstance(r[0], int)]
    assert sorted(r[0] for r in rows) == sorted(t.pk for t in mine)
    assert AuditEvent.objects.filter(action="export.download").count() == 1
    assert TransferRequest.objects.filter(status="pending").count() == 3  # exporting decides nothing
