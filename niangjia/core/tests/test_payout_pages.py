"""Payout pages as a client walks them: preview → confirm → prepared; the preparer sees no release button;
a second approver releases with confirmation; bank file; results; the worker's payee page."""

from decimal import Decimal

import pytest
from django.urls import reverse

from niangjia.core.models import PayeeAccount, Payout, PayoutBatch
from niangjia.core.tests.test_banking import UNIONPAY_19
from niangjia.core.tests.test_payouts import approver, approver2, clerk, fake, people  # noqa: F401


def test_batch_walkthrough_with_confirmations(client, people, clerk, approver, approver2, tree):  # noqa: F811
    client.force_login(clerk)
    page = client.get(reverse("core:payout_new"), {"source": "test", "org": tree.district_a.pk}).content.decode()
    assert "测试预算" in page and "1,650.49" in page and "未登记收款账户" in page and "赵*" in page
    # without the tick box nothing is created
    r = client.post(reverse("core:payout_new"), {"source": "test", "org": tree.district_a.pk, "count": 3,
                                                 "total": "1650.49"})
    assert r.status_code == 200 and not PayoutBatch.objects.exists()
    r = client.post(reverse("core:payout_new"), {"source": "test", "org": tree.district_a.pk, "count": 3,
                                                 "total": "1650.49", "confirm": "yes"})
    batch = PayoutBatch.objects.get()
    assert r["Location"] == reverse("core:payout", args=[batch.pk])
    client.force_login(approver)
    page = client.get(reverse("core:payout", args=[batch.pk])).content.decode()
    assert 'data-testid="release-form"' in page and 'data-testid="export-xlsx"' not in page
    assert UNIONPAY_19 not in page and "**** " + UNIONPAY_19[-4:] in page  # masked on screen
    client.post(reverse("core:payout_action", args=[batch.pk]), {"action": "release", "count": 3, "total": "1650.49",
                                                                 "confirm": "yes"})
    batch.refresh_from_db()
    assert batch.status == "released" and batch.released_by == approver
    page = client.get(reverse("core:payout", args=[batch.pk])).content.decode()
    assert 'data-testid="release-form"' not in page and 'data-testid="import-form"' not in page  # export first
    assert UNIONPAY_19 in client.get(reverse("core:payout_file", args=[batch.pk, "csv"])).content.decode("utf-8-sig")
    page = client.get(reverse("core:payout", args=[batch.pk])).content.decode()
    assert 'data-testid="import-form"' in page
    rows = list(Payout.objects.filter(batch=batch).values_list("pk", flat=True))
    client.post(reverse("core:payout_action", args=[batch.pk]), {"action": "paid", "row": rows})
    batch.refresh_from_db()
    assert batch.status == "settled"
    rec = client.get(reverse("core:payout_reconciliation", args=[batch.pk]))
    assert rec.status_code == 200 and rec["Content-Type"].startswith("application/vnd.openxmlformats")


def test_preparer_sees_why_they_cannot_release(client, people, approver, tree):  # noqa: F811
    from niangjia.core.payouts import batches

    p = batches.preview_batch(actor=approver, source_key="test", org_id=tree.district_a.pk)
    batch, _ = batches.create_batch(actor=approver, source_key="test", org_id=tree.district_a.pk,
                                    confirm_count=p.count, confirm_total=p.total)
    client.force_login(approver)
    page = client.get(reverse("core:payout", args=[batch.pk])).content.decode()
    assert 'data-testid="release-form"' not in page and "双人复核" in page
    client.post(reverse("core:payout_action", args=[batch.pk]), {"action": "release", "count": 3,
                                                                 "total": "1650.49", "confirm": "yes"})
    batch.refresh_from_db()
    assert batch.status == "draft"


def test_batch_pages_of_another_district_are_404(client, people, clerk, make_user, tree):  # noqa: F811
    from niangjia.core.payouts import batches

    p = batches.preview_batch(actor=clerk, source_key="test", org_id=tree.district_a.pk)
    batch, _ = batches.create_batch(actor=clerk, source_key="test", org_id=tree.district_a.pk,
                                    confirm_count=p.count, confirm_total=p.total)
    client.force_login(make_user(roles=[(tree.district_b, "approver")]))
    for url in [reverse("core:payout", args=[batch.pk]), reverse("core:payout_file", args=[batch.pk, "csv"]),
                reverse("core:payout_reconciliation", args=[batch.pk])]:
        assert client.get(url).status_code == 404
    assert client.get(reverse("core:payout_new"), {"source": "test", "org": tree.district_a.pk}).status_code == 404


def test_batch_page_query_count_does_not_grow_with_rows(client, people, fake, clerk, approver, tree,  # noqa: F811
                                                        make_member, django_assert_max_num_queries):
    from niangjia.core.payouts import accounts, batches, sources

    def page_queries():
        p = batches.preview_batch(actor=clerk, source_key="test", org_id=tree.district_a.pk)
        batch, _ = batches.create_batch(actor=clerk, source_key="test", org_id=tree.district_a.pk,
                                        confirm_count=p.count, confirm_total=p.total)
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse("core:payout", args=[batch.pk])).status_code == 200
        return len(ctx)

    client.force_login(approver)
    small = page_queries()
    more = [make_member(tree.union_a, name=f"成员{i}") for i in range(8)]
    for m in more:
        accounts.save_own_account(actor=m.user, holder=m.name, account_number=UNIONPAY_19, bank_name="工行")
    fake.items = [sources.PayoutItem(100 + i, m.org_id, m.id_index, m.name, Decimal("1.00"), "x")
                  for i, m in enumerate(more)]
    assert page_queries() == small


def test_worker_sets_and_changes_own_account(client, make_member, tree):
    m = make_member(tree.union_a)
    client.force_login(m.user)
    r = client.post(reverse("core:my_payee"), {"holder": "王师傅", "account_number": UNIONPAY_19[:-1] + "x",
                                               "bank_name": "工行"})
    assert r.status_code == 422 and "只能填写数字" in r.content.decode() and not PayeeAccount.objects.exists()
    client.post(reverse("core:my_payee"), {"holder": "王师傅", "account_number": UNIONPAY_19, "bank_name": "工行",
                                           "branch": "湖滨支行"})
    page = client.get(reverse("core:my_payee")).content.decode()
    assert UNIONPAY_19 not in page and UNIONPAY_19[-4:] in page and "湖滨支行" in page


@pytest.mark.parametrize("url", ["core:payouts"])
def test_member_without_role_gets_404(client, make_member, tree, url):
    client.force_login(make_member(tree.union_a).user)
    assert client.get(reverse(url)).status_code == 404


def test_batch_list_and_token_list_cost_a_fixed_number_of_queries(client, people, fake, clerk, approver, tree,  # noqa: F811
                                                                   make_user, django_assert_num_queries):
    """conventions §6 / issue 10: the payout batch list and the API token list, measured with 3 then 6 rows."""
    from niangjia.core.payouts import batches, sources
    from niangjia.core.services import tokens
    from niangjia.core.tests.querycount import assert_constant_queries

    member = people[0]
    made = iter(range(1000, 2000))

    def add_batches(n):
        for _ in range(n):
            fake.items = [sources.PayoutItem(next(made), member.org_id, member.id_index, member.name,
                                             Decimal("10.00"), "x", user_id=member.user_id)]
            p = batches.preview_batch(actor=clerk, source_key="test", org_id=tree.district_a.pk)
            batch, _ = batches.create_batch(actor=clerk, source_key="test", org_id=tree.district_a.pk,
                                            confirm_count=p.count, confirm_total=p.total)
            batches.release_batch(actor=approver, batch_id=batch.pk, confirm_count=batch.count,
                                  confirm_total=batch.total)

    client.force_login(approver)
    def batches_shown(response):
        html = response.content.decode()
        return sum(1 for pk in PayoutBatch.objects.values_list("pk", flat=True)
                   if f'href="{reverse("core:payout", args=[pk])}"' in html)

    assert_constant_queries(django_assert_num_queries, 7, lambda: client.get(reverse("core:payouts")), add_batches,
                            markers=batches_shown)

    owner = make_user()

    def add_tokens(n):
        for _ in range(n):
            tokens.issue_token(actor=owner, user=owner, name=f"t{next(made)}")

    raw, _ = tokens.issue_token(actor=owner, user=owner, name="caller")
    from django.test import Client

    api = Client(HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert_constant_queries(django_assert_num_queries, 2, lambda: api.get("/api/v1/auth/tokens"), add_tokens,
                            markers=lambda r: len(r.json()))


def test_staff_enter_an_account_from_a_paper_form_on_the_member_page(client, tree, make_member, make_user):
    """Issue 11: accounts are also taken by staff (from the member's record), used only with the worker's confirmation
    — on the phone, or the signed paper form the staff member attests; masked, audited, scoped."""
    from niangjia.core.models import AuditEvent, Message

    member = make_member(tree.union_a, name="钱师傅")
    staff = make_user(roles=[(tree.district_a, "staff")])
    url = reverse("core:member_detail", args=[member.pk])
    client.force_login(staff)
    assert 'data-testid="member-payee"' in client.get(url).content.decode()
    form = {"action": "payee", "payee_holder": "钱师傅", "payee_bank": "中国工商银行"}
    r = client.post(url, {**form, "payee_account": UNIONPAY_19[:-1] + str((int(UNIONPAY_19[-1]) + 1) % 10)},
                    follow=True)
    assert "校验不通过" in r.content.decode() and not PayeeAccount.objects.exists()
    client.post(url, {**form, "payee_account": UNIONPAY_19})
    account = PayeeAccount.objects.get()
    assert account.account_number == UNIONPAY_19 and account.confirmed_at is None  # the worker must confirm
    assert Message.objects.filter(recipient=member.user, kind="payee.entered").count() == 1
    assert AuditEvent.objects.filter(action="payee.account_change").count() == 1
    page = client.get(url).content.decode()
    assert UNIONPAY_19 not in page and UNIONPAY_19[-4:] in page and "尚未经本人确认" in page
    client.post(url, {**form, "payee_account": UNIONPAY_19, "signed_on_paper": "1"})
    account.refresh_from_db()
    assert account.confirmed_at is not None
    client.force_login(make_user(roles=[(tree.district_b, "staff")]))  # another district: not even the page
    assert client.post(url, {**form, "payee_account": UNIONPAY_19}).status_code == 404
