"""Consent and purpose per record (个人信息保护法 第七条、第十三条、第十七条; issue 10): every kind of personal record
says what it holds, what for, on which basis and for how long — where the data is collected and, record by
record, on 我的个人信息 and in its download."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from niangjia.conftest import VALID_CARD
from niangjia.core import my_business, purposes
from niangjia.core.payouts import accounts

pytestmark = pytest.mark.django_db
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def notice_codes(html: str) -> set[str]:
    import re

    return set(re.findall(r'data-testid="purpose-notice" data-code="([a-z_]+)"', html))


def test_every_kind_of_record_has_a_purpose_basis_and_retention():
    codes = {p.code for p in purposes.all_purposes()}
    # every 我的办事 kind, core's own records, and each domain app's records
    assert {"join", "transfer", "relief", "mutual_aid", "help", "booking"} <= codes
    assert {"profile", "membership", "payee", "messages", "care", "congress", "market"} <= codes
    for p in purposes.all_purposes():
        assert p.record and p.data and p.purpose and p.basis and p.retention_text, p.code
    # the retention shown follows the configured periods (data, not a copied sentence)
    assert "3 年后删除" in purposes.get("relief").retention_text
    # sensitive data (health, bank accounts, ID numbers) is flagged as such (第二十八条)
    assert {p.code for p in purposes.all_purposes() if p.sensitive} >= {"relief", "mutual_aid", "payee", "profile"}


def test_every_business_item_code_has_a_purpose(tree, make_member, ref, client):
    member = make_member(tree.union_a)
    client.force_login(member.user)
    client.post(reverse("relief:apply"), {
        "kind": "hospitalization", "total_cost": "50000", "self_paid": "38000", "invoice_number": "PUR-1",
        "invoice_date": f"{timezone.localdate().year}-01-01", "own_income": "3000", "others": "1",
        "others_income": "2000", "photos": SimpleUploadedFile("i.png", PNG, content_type="image/png")})
    items = my_business.items_for(member.user)
    assert items and all(purposes.get(i.code) for i in items)


@pytest.mark.parametrize(("url_name", "code"), [
    ("core:register", "profile"), ("core:join", "join"), ("relief:apply", "relief"), ("core:my_payee", "payee"),
    ("rights:ask", "help"),
])
def test_the_notice_is_shown_where_the_data_is_collected(client, tree, make_member, make_user, ref, url_name, code):
    if url_name == "core:join":  # a verified worker who is not a member yet
        from niangjia.conftest import id_number_for
        from niangjia.core import pii

        user = make_user()
        user.id_number = id_number_for(901)
        user.id_index = pii.blind_index(user.id_number, purpose="id")
        user.verified_at = timezone.now()
        user.save()
        client.force_login(user)
    elif url_name != "core:register":
        client.force_login(make_member(tree.union_a).user)
    html = client.get(reverse(url_name)).content.decode()
    assert code in notice_codes(html)
    p = purposes.get(code)
    assert p.purpose in html and p.retention_text in html


def test_claim_form_shows_the_claim_and_payee_notices(client, tree, make_member, make_user):
    import datetime as dt

    from niangjia.mutual_aid import services
    from niangjia.mutual_aid.demo import ensure_plan

    plan = ensure_plan(tree.city)
    member = make_member(tree.union_a)
    services.enrol_members(actor=make_user(roles=[(tree.district_a, "staff")]), plan_id=plan.pk,
                           org_id=tree.union_a.pk, member_ids=[member.pk], on=dt.date(2020, 1, 1))
    client.force_login(member.user)
    html = client.get(reverse("mutual_aid:claim_new")).content.decode()
    assert {"mutual_aid", "payee"} <= notice_codes(html)


def test_my_personal_information_shows_each_record_with_its_purpose(client, tree, make_member, ref):
    member = make_member(tree.union_a, name="李小梅")
    accounts.save_own_account(actor=member.user, holder="李小梅", account_number=VALID_CARD, bank_name="中国工商银行")
    client.force_login(member.user)
    client.post(reverse("relief:apply"), {
        "kind": "hospitalization", "total_cost": "50000", "self_paid": "38000", "invoice_number": "PUR-2",
        "invoice_date": f"{timezone.localdate().year}-01-01", "own_income": "3000", "others": "1",
        "others_income": "2000", "photos": SimpleUploadedFile("i.png", PNG, content_type="image/png")})
    html = client.get(reverse("core:personal_data")).content.decode()
    # the application, the profile, the membership and the payee account each carry their purpose line
    for code in ("relief", "profile", "membership", "payee", "messages"):
        assert f'data-testid="purpose-line" data-code="{code}"' in html, code
    assert purposes.get("relief").purpose in html
    assert 'data-testid="purposes"' in html and html.count("<tr data-code=") == len(purposes.all_purposes())
    assert VALID_CARD not in html and VALID_CARD[-4:] in html
    sheet = load_workbook(io.BytesIO(client.get(reverse("core:personal_data_export")).content)).active
    kinds = [row[0] for row in sheet.iter_rows(values_only=True)]
    assert kinds.count("用途与依据") == len(purposes.all_purposes())
