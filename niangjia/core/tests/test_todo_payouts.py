# ruff: noqa: F811 - the payout fixtures are imported from test_payouts
"""Payout batches awaiting release and payments the bank returned are in the to-do centre: the preparer does not
see their own batch as theirs to release (双人复核), a returned payment leaves the queue once re-issued, another
district sees none of it."""

import pytest

from niangjia.core import todo
from niangjia.core.payouts import accounts, batches
from niangjia.core.tests.test_banking import luhn_complete
from niangjia.core.tests.test_payouts import _create, approver, clerk, fake, people  # noqa: F401 - fixtures


def _kinds(actor):
    queue = todo.queue_for(actor)
    return {k["kind"]: k["count"] for k in queue.kinds}, queue.rows


@pytest.fixture
def other_district(make_user, tree):
    return make_user(roles=[(tree.district_b, "approver")], name="西湖审批")


def test_batch_awaiting_release_is_for_the_second_person_only(people, clerk, approver, tree, other_district):
    batch, _ = _create(clerk, tree.district_a)
    counts, rows = _kinds(approver)
    assert counts["core.payout_release"] == 1
    row = next(r for r in rows if r["item"].kind == "core.payout_release")
    assert row["item"].url == f"/workbench/payouts/{batch.pk}/" and row["item"].amount == batch.total
    assert "core.payout_release" not in _kinds(clerk)[0]  # staff cannot release at all
    assert _kinds(other_district)[0]["core.payout_release"] == 0
    batches.release_batch(actor=approver, batch_id=batch.pk, confirm_count=batch.count, confirm_total=batch.total)
    assert _kinds(approver)[0]["core.payout_release"] == 0


def test_returned_payment_waits_until_reissued(people, clerk, approver, tree, other_district, fake):
    batch, _ = _create(clerk, tree.district_a)
    batches.release_batch(actor=approver, batch_id=batch.pk, confirm_count=batch.count, confirm_total=batch.total)
    batches.export_batch(actor=approver, batch_id=batch.pk, fmt="xlsx")
    first = batch.rows.order_by("seq").first()
    batches.mark_rows(actor=approver, batch_id=batch.pk, row_ids=[first.pk], paid=False, reason="账号不存在")
    counts, rows = _kinds(clerk)
    assert counts["core.payout_returned"] == 1
    row = next(r for r in rows if r["item"].kind == "core.payout_returned")
    assert "账号不存在" in row["item"].title and row["item"].who == "张*"  # the holder's name masked
    assert _kinds(other_district)[0]["core.payout_returned"] == 0
    zhang = people[0]
    accounts.save_own_account(actor=zhang.user, holder="张三", account_number=luhn_complete("621700123456789012"),
                              bank_name="中国建设银行")  # the worker fixed the account
    _create(clerk, tree.district_a)  # the next batch pays the returned item again
    assert _kinds(clerk)[0]["core.payout_returned"] == 0
