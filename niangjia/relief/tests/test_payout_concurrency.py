"""Three clerks prepare a payout batch for the same approved relief payment at the same moment: the payment
lands in exactly one batch (row locks on the payable rows, and the one-live-row unique index behind them)."""

import threading

import pytest
from django.db import close_old_connections, connection
from django.utils import timezone

from niangjia.conftest import VALID_CARD, requires_postgres
from niangjia.core.errors import Conflict, Invalid
from niangjia.core.models import Payout, PayoutBatch
from niangjia.core.payouts import accounts, batches

YEAR = timezone.localdate().year
pytestmark = [pytest.mark.concurrency, requires_postgres, pytest.mark.django_db(transaction=True)]


def test_parallel_batches_pay_an_item_once(tree, make_user, make_member):
    from niangjia.relief import services
    from niangjia.relief.reference import seed_reference

    seed_reference()
    staff = make_user(roles=[(tree.union_a, "staff")])
    approver = make_user(roles=[(tree.district_a, "approver")])
    member = make_member(tree.union_a)
    household = services.create_household(actor=staff, org_id=tree.union_a.pk, head_name=member.name,
                                          region_code="330102", head_member_id=member.pk,
                                          members=[{"name": member.name, "relation": "self", "age": 45,
                                                    "work_status": "employed", "monthly_income": "3000"},
                                                   {"name": "家属", "relation": "spouse", "age": 40,
                                                    "work_status": "employed", "monthly_income": "2000"}])
    app = services.submit_application(actor=staff, household_id=household.pk, kind="hospitalization", year=YEAR,
                                      total_cost="50000", self_paid="38000",
                                      invoices=[{"number": "RACE-1", "amount": "50000", "issued_on": f"{YEAR}-01-01"}])
    services.decide(actor=staff, application_id=app.pk, approve=True)
    services.decide(actor=approver, application_id=app.pk, approve=True)
    accounts.save_own_account(actor=member.user, holder=member.name, account_number=VALID_CARD, bank_name="工行")
    clerks = [make_user(roles=[(tree.district_a, "staff")]) for _ in range(3)]
    preview = batches.preview_batch(actor=clerks[0], source_key="relief", org_id=tree.district_a.pk)
    assert preview.count == 1
    barrier, results = threading.Barrier(3), []

    def run(i):
        close_old_connections()
        try:
            barrier.wait()
            batches.create_batch(actor=clerks[i], source_key="relief", org_id=tree.district_a.pk,
                                 confirm_count=preview.count, confirm_total=preview.total)
            results.append("ok")
        except (Conflict, Invalid) as exc:
            results.append(exc.code)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results.count("ok") == 1, results
    assert Payout.objects.count() == 1 and PayoutBatch.objects.count() == 1
