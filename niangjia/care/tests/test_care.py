import datetime as dt
import io
from decimal import Decimal as D

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from openpyxl import Workbook

from niangjia.care import rules, selectors, services
from niangjia.care.models import Allocation, Campaign, Recipient
from niangjia.core.errors import Conflict, Invalid, NotFound
from niangjia.core.models import AuditEvent, Message
from niangjia.core.spreadsheets import ImportRejected

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def xlsx(rows, header=("姓名", "身份证号")):
    wb = Workbook()
    wb.active.append(list(header))
    for r in rows:
        wb.active.append(list(r))
    buf = io.BytesIO()
    wb.save(buf)
    return SimpleUploadedFile("r.xlsx", buf.getvalue())


@pytest.mark.parametrize(("money", "times", "text"), [
    (D("2977200"), 15600, "已拨付慰问款297.72万余元，累计慰问15600人次"),
    (D("3688000"), 52, "已拨付慰问款368.8万余元，累计慰问52人次"),
    (D("0"), 0, "已拨付慰问款0万余元，累计慰问0人次"),
])
def test_report_sentence(money, times, text):
    assert rules.report_sentence(money, times) == text


@pytest.mark.parametrize(("paid", "paid_times", "planned", "planned_times", "text"), [
    (D("0"), 0, D("1000"), 2, "拟慰问2人次、慰问款0.1万元（尚未拨付）；已拨付慰问款0万余元，累计慰问0人次"),
    (D("500"), 1, D("1000"), 2, "拟慰问1人次、慰问款0.05万元（尚未拨付）；已拨付慰问款0.05万余元，累计慰问1人次"),
    (D("2977200"), 15600, D("2977200"), 15600, "已拨付慰问款297.72万余元，累计慰问15600人次"),
])
def test_only_paid_greetings_count_as_paid(paid, paid_times, planned, planned_times, text):
    assert rules.report_sentence(paid, paid_times, planned, planned_times) == text


@pytest.mark.parametrize("bad", ["-1", "abc", "1.234", ""])
def test_bad_amounts(bad):
    with pytest.raises(rules.RuleError):
        rules.parse_amount(bad, "金额")


def test_create_campaign_validates(city_staff, tree):
    with pytest.raises(Invalid, match="负数"):
        services.create_campaign(actor=city_staff, org_id=tree.city.pk, name="x", kind="warmth", form="cash",
                                 start=dt.date(2020, 1, 1), end=dt.date(2020, 2, 1), total_budget="-5",
                                 per_person="1")
    assert Campaign.objects.count() == 0


def test_allocation_never_beyond_parent(campaign, city_staff, district_staff, tree):
    a = services.allocate(actor=city_staff, campaign_id=campaign.pk, from_org_id=tree.city.pk,
                          to_org_id=tree.district_a.pk, amount="6000")
    with pytest.raises(Invalid, match="超过"):
        services.allocate(actor=city_staff, campaign_id=campaign.pk, from_org_id=tree.city.pk,
                          to_org_id=tree.district_b.pk, amount="4000.01")
    services.allocate(actor=district_staff, campaign_id=campaign.pk, from_org_id=tree.district_a.pk,
                      to_org_id=tree.union_a.pk, amount="5000")
    before = AuditEvent.objects.count()
    with pytest.raises(Invalid, match="可用预算 1000.00"):
        services.allocate(actor=district_staff, campaign_id=campaign.pk, from_org_id=tree.district_a.pk,
                          to_org_id=tree.union_a2.pk, amount="1500")
    assert AuditEvent.objects.count() == before
    a.refresh_from_db()
    assert a.allocated_out == D("5000.00")
    # district B staff cannot take from district A; the DB refuses overspending even if code errs
    with pytest.raises(NotFound):
        services.allocate(actor=district_staff, campaign_id=campaign.pk, from_org_id=tree.district_b.pk,
                          to_org_id=tree.union_b.pk, amount="1")
    with pytest.raises(IntegrityError), transaction.atomic():
        Allocation.objects.filter(pk=a.pk).update(allocated_out=D("6000.01"))


def test_select_frontline_once_per_person(campaign, city_staff, district_staff, tree, make_member):
    services.allocate(actor=city_staff, campaign_id=campaign.pk, from_org_id=tree.city.pk,
                      to_org_id=tree.district_a.pk, amount="2000")
    f1 = make_member(tree.union_a, name="一线甲", frontline=True)
    make_member(tree.union_a2, name="一线乙", frontline=True)
    make_member(tree.union_a, name="普通丙")
    make_member(tree.union_b, name="外区丁", frontline=True)
    rows = services.select_recipients(actor=district_staff, campaign_id=campaign.pk, org_id=tree.district_a.pk,
                                      rule="frontline")
    assert {r.member.name for r in rows} == {"一线甲", "一线乙"}
    assert Message.objects.filter(recipient=f1.user, kind="care.delivery").exists()
    with pytest.raises(Conflict, match="一线甲"):
        services.select_recipients(actor=district_staff, campaign_id=campaign.pk, org_id=tree.district_a.pk,
                                   rule="manual", member_ids=[f1.pk])
    with pytest.raises(IntegrityError), transaction.atomic():
        Recipient.objects.create(campaign=campaign, org=tree.union_a, funding_org=tree.district_a, member=f1,
                                 person_index=f1.id_index, amount=1, source="manual")
    alloc = Allocation.objects.get(org=tree.district_a)
    assert alloc.spent == D("1000.00")


def test_recipients_beyond_budget_refused(campaign, city_staff, district_staff, tree, make_member):
    services.allocate(actor=city_staff, campaign_id=campaign.pk, from_org_id=tree.city.pk,
                      to_org_id=tree.district_a.pk, amount="600")
    ms = [make_member(tree.union_a, name=f"m{i}") for i in range(2)]
    with pytest.raises(Invalid, match="超过"):
        services.select_recipients(actor=district_staff, campaign_id=campaign.pk, org_id=tree.district_a.pk,
                                   rule="manual", member_ids=[m.pk for m in ms])
    assert Recipient.objects.count() == 0


def test_no_budget_and_out_of_scope(campaign, district_staff, tree, make_member):
    m = make_member(tree.union_a)
    with pytest.raises(Invalid, match="还没有收到"):
        services.select_recipients(actor=district_staff, campaign_id=campaign.pk, org_id=tree.district_a.pk,
                                   rule="manual", member_ids=[m.pk])
    with pytest.raises(NotFound):
        services.select_recipients(actor=district_staff, campaign_id=campaign.pk, org_id=tree.district_b.pk,
                                   rule="frontline")


def test_import_all_or_nothing(campaign, city_staff, tree, make_member):
    a = make_member(tree.union_a, name="张三")
    b = make_member(tree.union_b, name="李四")
    with pytest.raises(ImportRejected) as exc:
        services.import_recipients(actor=city_staff, campaign_id=campaign.pk, org_id=tree.city.pk,
                                   upload=xlsx([("张三", a.id_number), ("张三", a.id_number), ("", "x"),
                                                ("王五", "110101199003070000")]))
    assert [e["line"] for e in exc.value.details["errors"]] == [3, 4, 5]
    assert Recipient.objects.count() == 0
    with pytest.raises(Invalid, match="表头"):
        services.import_recipients(actor=city_staff, campaign_id=campaign.pk, org_id=tree.city.pk,
                                   upload=xlsx([("张三", a.id_number)], header=("name", "id")))
    rows = services.import_recipients(actor=city_staff, campaign_id=campaign.pk, org_id=tree.city.pk,
                                      upload=xlsx([("张三", a.id_number), ("李四", b.id_number)]), amount="300")
    assert len(rows) == 2
    campaign.refresh_from_db()
    assert campaign.spent == D("600.00")


def test_receipts_and_report(campaign, city_staff, tree, make_member, client):
    a = make_member(tree.union_a, name="张三")
    b = make_member(tree.union_b, name="李四")
    services.select_recipients(actor=city_staff, campaign_id=campaign.pk, org_id=tree.city.pk, rule="manual",
                               member_ids=[a.pk, b.pk])
    ra = Recipient.objects.get(member=a)
    with pytest.raises(NotFound):
        services.confirm_receipt(actor=b.user, recipient_id=ra.pk)
    client.force_login(a.user)
    page = client.get(reverse("care:home")).content.decode()
    assert "2020年送温暖" in page
    assert "确认签收" in page
    client.post(reverse("care:confirm", args=[ra.pk]))
    ra.refresh_from_db()
    assert ra.status == "confirmed"
    assert ra.confirmed_via == "phone"
    rb = Recipient.objects.get(member=b)
    with pytest.raises(Invalid):
        services.record_paper_receipt(actor=city_staff, recipient_id=rb.pk, photo=None)
    services.record_paper_receipt(actor=city_staff, recipient_id=rb.pk,
                                  photo=SimpleUploadedFile("sign.png", PNG))
    rb.refresh_from_db()
    assert rb.confirmed_via == "paper"
    assert rb.receipt_photo_id
    campaign.refresh_from_db()
    rep = selectors.report(actor=city_staff, campaign=campaign)
    assert rep["sentence"] == "拟慰问2人次、慰问款0.1万元（尚未拨付）；已拨付慰问款0万余元，累计慰问0人次"
    assert rep["budget"][0]["used"] == D("1000.00")


def test_pages(campaign, city_staff, tree, make_member, client):
    m = make_member(tree.union_a, name="页面会员", frontline=True)
    client.force_login(city_staff)
    assert client.get(reverse("care:workbench")).status_code == 200
    url = reverse("care:campaign", args=[campaign.pk])
    r = client.post(url, {"action": "allocate", "from_org": tree.city.pk, "to_org": tree.district_a.pk,
                          "amount": "99999"})
    assert r.status_code == 302
    assert Allocation.objects.count() == 0
    client.post(url, {"action": "allocate", "from_org": tree.city.pk, "to_org": tree.district_a.pk, "amount": "3000"})
    assert Allocation.objects.get().amount == D("3000.00")
    client.post(url, {"action": "select", "org": tree.district_a.pk, "rule": "frontline"})
    assert Recipient.objects.get().member == m
    page = client.get(url).content.decode()
    assert "拟慰问1人次、慰问款0.05万元（尚未拨付）；已拨付慰问款0万余元" in page
    assert "湖滨商贸有限公司工会" in page
    x = client.get(url + "?export=xlsx")
    assert x["Content-Type"].startswith("application/vnd.openxmlformats")
    r = client.post(reverse("care:workbench"), {"org": tree.city.pk, "name": "送清凉", "kind": "coolness",
                                                "form": "goods", "start": "2020-07-01", "end": "2020-08-01",
                                                "total_budget": "abc", "per_person": "10"})
    assert r.status_code == 422
    assert "必须是数字" in r.content.decode()


def test_demo_seed_idempotent(tree, make_member):
    from niangjia.care import demo

    make_member(tree.union_a)
    out = io.StringIO()
    demo.seed(out)
    demo.seed(out)
    assert Campaign.objects.count() == 1
    assert Recipient.objects.count() == 1
    assert Allocation.objects.get().spent == D("500.00")


def test_campaign_page_out_of_scope_404(campaign, make_user, tree, client):
    outsider = make_user(roles=[(tree.district_b, "staff")])
    client.force_login(outsider)
    assert client.get(reverse("care:campaign", args=[campaign.pk])).status_code == 404
    with pytest.raises(NotFound):
        services.allocate(actor=outsider, campaign_id=campaign.pk, from_org_id=tree.city.pk,
                          to_org_id=tree.district_b.pk, amount="1")
    assert Allocation.objects.count() == 0


def test_paid_greetings_move_from_planned_to_paid_and_the_list_maker_cannot_release(
        campaign, city_staff, tree, make_member, make_user, pay_through_bank):
    from niangjia.core.errors import Forbidden

    a = make_member(tree.union_a, name="张三")
    b = make_member(tree.union_b, name="李四")
    services.select_recipients(actor=city_staff, campaign_id=campaign.pk, org_id=tree.city.pk, rule="manual",
                               member_ids=[a.pk, b.pk])
    # city_staff made the list: as an approver they still may not release its payout (双人复核)
    from niangjia.core import scoping
    from niangjia.core.models import OrgRole

    OrgRole.objects.create(user=city_staff, org=tree.city, role="approver")
    scoping.forget_roles(city_staff)
    with pytest.raises(Forbidden, match="双人复核"):
        pay_through_bank(source="care", org=tree.city, people=[a, b], releaser=city_staff)
    from niangjia.core.payouts import batches
    from niangjia.core.payouts import selectors as payout_selectors

    batch = payout_selectors.batches_visible_to(actor=city_staff).get()
    assert batch.status == "draft"
    other = make_user(roles=[(tree.city, "approver")])
    batches.release_batch(actor=other, batch_id=batch.pk, confirm_count=2, confirm_total="1000.00")
    batches.export_batch(actor=other, batch_id=batch.pk, fmt="xlsx")
    batches.mark_rows(actor=other, batch_id=batch.pk, row_ids=list(batch.rows.values_list("pk", flat=True)),
                      paid=True)
    rep = selectors.report(actor=city_staff, campaign=campaign)
    assert rep["sentence"] == "已拨付慰问款0.1万余元，累计慰问2人次"
    assert Recipient.objects.filter(paid_at__isnull=False).count() == 2
