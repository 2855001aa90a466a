"""The payee account inside the relief application and the mutual-aid claim forms (issue 11): validated (length
and Luhn, with a clear Chinese message), refused together with the application (nothing stored), encrypted at
rest, masked on every screen, audited, and the one the payout batch and the bank file use."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from niangjia.conftest import VALID_CARD
from niangjia.core.models import AuditEvent, PayeeAccount
from niangjia.core.payouts import accounts
from niangjia.mutual_aid import services as ma_services
from niangjia.mutual_aid.demo import ensure_plan
from niangjia.mutual_aid.models import Claim
from niangjia.relief.models import Application

pytestmark = pytest.mark.django_db
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
YEAR = timezone.localdate().year
BAD_LUHN = VALID_CARD[:-1] + "0"

# (card number typed, Chinese message expected) — the table of refusals, from the bank-card rules
REFUSED = [
    (BAD_LUHN, "校验不通过"),
    ("62220202", "16–19"),
    ("6222 0202 0011 2233 4A6", "数字"),
]


def payee(number=VALID_CARD, holder="李小梅", bank="中国工商银行"):
    return {"payee_holder": holder, "payee_account": number, "payee_bank": bank, "payee_branch": "西湖支行"}


def relief_form(**extra):
    return {"kind": "hospitalization", "total_cost": "50000", "self_paid": "38000", "invoice_number": "PAYEE-1",
            "invoice_date": f"{YEAR}-01-01", "own_income": "3000", "others": "1", "others_income": "2000",
            "photos": SimpleUploadedFile("invoice.png", PNG, content_type="image/png"), **extra}


def raw_account_column() -> str:
    with connection.cursor() as c:
        c.execute("SELECT account_number FROM core_payeeaccount")
        return c.fetchone()[0]


@pytest.fixture
def worker(tree, make_member, ref):
    return make_member(tree.union_a, name="李小梅")


@pytest.mark.parametrize(("number", "message"), REFUSED)
def test_relief_form_refuses_a_bad_card_and_stores_nothing(client, worker, number, message):
    client.force_login(worker.user)
    r = client.post(reverse("relief:apply"), relief_form(**payee(number)))
    assert r.status_code in (200, 422) and message in r.content.decode()
    assert not Application.objects.exists() and not PayeeAccount.objects.exists()


def test_relief_form_takes_the_account_encrypted_masked_and_audited(client, worker):
    client.force_login(worker.user)
    page = client.get(reverse("relief:apply")).content.decode()
    assert 'data-testid="payee-fields"' in page and 'data-testid="payee-missing"' in page
    r = client.post(reverse("relief:apply"), relief_form(**payee()))
    assert r.status_code == 302, r.content.decode()[:500]
    account = accounts.own_account(worker.user)
    assert account.account_number == VALID_CARD and account.confirmed_at is not None
    assert VALID_CARD not in raw_account_column()  # encrypted at rest
    assert AuditEvent.objects.filter(action="payee.account_change").count() == 1
    page = client.get(reverse("relief:apply")).content.decode()
    assert VALID_CARD not in page and VALID_CARD[-4:] in page  # masked
    assert 'data-testid="payee-current"' in page
    # Leaving the fields empty keeps the account; filling them changes it (audited again).
    client.post(reverse("relief:apply"), relief_form(invoice_number="PAYEE-2"))
    assert accounts.own_account(worker.user).account_number == VALID_CARD
    assert AuditEvent.objects.filter(action="payee.account_change").count() == 1


@pytest.fixture
def enrolled_worker(tree, make_member, make_user):
    plan = ensure_plan(tree.city)
    staff = make_user(roles=[(tree.district_a, "staff")])
    member = make_member(tree.union_a, name="赵护士")
    ma_services.enrol_members(actor=staff, plan_id=plan.pk, org_id=tree.union_a.pk, member_ids=[member.pk],
                              on=dt.date(2020, 1, 1))
    return plan, member


def claim_form(plan, **extra):
    return {"plan": plan.pk, "kind": "inpatient", "hospital": "医院", "admitted_on": "2020-06-01",
            "invoice_no": "PAYEE-C1", "total_cost": "3000", "insurance_paid": "0", "self_paid": "3000",
            "photos": SimpleUploadedFile("inv.png", PNG, content_type="image/png"), **extra}


@pytest.mark.parametrize(("number", "message"), REFUSED)
def test_claim_form_refuses_a_bad_card_and_stores_nothing(client, enrolled_worker, number, message):
    plan, member = enrolled_worker
    client.force_login(member.user)
    r = client.post(reverse("mutual_aid:claim_new"), claim_form(plan, **payee(number, holder="赵护士")))
    assert r.status_code == 422 and message in r.content.decode()
    assert not Claim.objects.exists() and not PayeeAccount.objects.exists()


def test_claim_form_account_is_the_one_the_bank_file_pays(client, enrolled_worker, tree, make_user, pay_through_bank):
    plan, member = enrolled_worker
    client.force_login(member.user)
    assert 'data-testid="payee-fields"' in client.get(reverse("mutual_aid:claim_new")).content.decode()
    r = client.post(reverse("mutual_aid:claim_new"), claim_form(plan, **payee(holder="赵护士")))
    assert r.status_code == 302
    claim = Claim.objects.get()
    approver = make_user(roles=[(tree.district_a, "approver")])
    ma_services.approve_claim(actor=approver, claim_id=claim.pk)
    from niangjia.core.models import Payout

    pay_through_bank(source="mutual_aid", org=tree.district_a, people=[])
    row = Payout.objects.get(source="mutual_aid", source_id=claim.pk)
    assert row.account_number == VALID_CARD and row.holder == "赵护士" and row.status == "paid"
