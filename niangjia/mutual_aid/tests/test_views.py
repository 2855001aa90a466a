import datetime as dt
from decimal import Decimal as D

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from niangjia.conftest import VALID_CARD
from niangjia.core.tests.evidence import post_from_page
from niangjia.mutual_aid import services
from niangjia.mutual_aid.models import Claim

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def invoice_photo():
    return SimpleUploadedFile("invoice.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, content_type="image/png")


def test_home_and_workbench_resolve_and_show_chinese(client, plan, enrolled, staff):
    client.force_login(enrolled.user)
    r = client.get(reverse("mutual_aid:home"))
    assert r.status_code == 200
    html = r.content.decode()
    assert "医疗互助" in html
    assert "我的参保凭证" in html
    assert "我要参保" not in html
    client.force_login(staff)
    assert client.get(reverse("mutual_aid:workbench")).status_code == 200


def test_worker_cannot_open_workbench(client, enrolled):
    client.force_login(enrolled.user)
    assert client.get(reverse("mutual_aid:workbench")).status_code == 404


def test_certificate_qr_and_check(client, plan, enrolled):
    from niangjia.mutual_aid.models import Enrolment

    e = Enrolment.objects.get(member=enrolled)
    client.force_login(enrolled.user)
    r = client.get(reverse("mutual_aid:certificate", args=[e.pk]))
    assert r.status_code == 200
    assert "<svg" in r.content.decode()
    import re

    token = re.search(r"certificates/check/([^/\"]+)/", r.content.decode()).group(1)
    client.logout()
    assert "凭证有效" in client.get(reverse("mutual_aid:certificate_check", args=[token])).content.decode()
    assert "无效" in client.get(reverse("mutual_aid:certificate_check", args=["forged"])).content.decode()


def test_submit_claim_page_then_paid_status(client, plan, enrolled, approver, approver2, tree, pay_through_bank):
    client.force_login(enrolled.user)
    data = {"plan": plan.pk, "kind": "inpatient", "hospital": "医院", "admitted_on": "2020-06-01",
            "discharged_on": "2020-06-05", "invoice_no": "W-1", "total_cost": "1000", "insurance_paid": "0",
            "self_paid": "2000", "photos": [SimpleUploadedFile("inv.png", PNG)]}
    r = client.post(reverse("mutual_aid:claim_new"), data)
    assert r.status_code == 422
    assert "个人自付金额不能大于" in r.content.decode()
    assert Claim.objects.count() == 0
    data.update(self_paid="1000", photos=[SimpleUploadedFile("inv.png", PNG)])
    r = client.post(reverse("mutual_aid:claim_new"), data)
    claim = Claim.objects.get()
    assert r.status_code == 302
    assert claim.computed_amount == D("250.00")
    page = client.get(reverse("mutual_aid:claim_detail", args=[claim.pk])).content.decode()
    assert "250.00" in page
    assert "起付线" in page
    assert "已提交" in page
    assert f"医疗互助申请 第{claim.pk}号" in page and "待办理" in page and 'data-testid="contact"' in page
    client.force_login(approver)
    decide = reverse("mutual_aid:decide", args=[claim.pk])
    client.post(decide, {"action": "approve"})  # not from the page with the evidence: nothing is recorded
    claim.refresh_from_db()
    assert claim.status == "submitted"
    post_from_page(client, decide, {"action": "approve"}, page=reverse("mutual_aid:claim_review", args=[claim.pk]))
    assert client.get(reverse("mutual_aid:payouts"))["Location"] == reverse("core:payouts") + "?source=mutual_aid"
    batch = pay_through_bank(source="mutual_aid", org=tree.district_a, people=[enrolled])
    csv = client.get(reverse("core:payout_file", args=[batch.pk, "csv"])).content.decode("utf-8-sig")
    assert "W-1" in csv and "250.00" in csv and VALID_CARD in csv
    client.force_login(enrolled.user)
    assert "已发放" in client.get(reverse("mutual_aid:claim_detail", args=[claim.pk])).content.decode()


def test_other_members_claim_is_404(client, plan, enrolled, make_member, tree):
    claim = services.submit_claim(actor=enrolled.user, plan_id=plan.pk, kind="serious_illness", hospital="医院",
                                  admitted_on=dt.date(2020, 6, 1), discharged_on=None, invoice_no="X1",
                                  total_cost="0", insurance_paid="0", self_paid="0", today=dt.date(2020, 12, 31), photos=[invoice_photo()])
    client.force_login(make_member(tree.union_a).user)
    assert client.get(reverse("mutual_aid:claim_detail", args=[claim.pk])).status_code == 404


def test_review_list_fixed_queries(client, plan, staff, make_member, tree, django_assert_num_queries):
    """The review list costs the same number of queries for 1 claim and for 9, each with 3 photos."""
    counter = iter(range(100))

    def add_claims(n):
        members = [make_member(tree.union_a, name=f"会员{next(counter)}") for _ in range(n)]
        services.enrol_members(actor=staff, plan_id=plan.pk, org_id=tree.union_a.pk,
                               member_ids=[m.pk for m in members], on=dt.date(2020, 1, 1))
        for m in members:
            services.submit_claim(actor=m.user, plan_id=plan.pk, kind="inpatient", hospital="医院",
                                  admitted_on=dt.date(2020, 6, 1), discharged_on=None, invoice_no=f"Q{m.pk}",
                                  total_cost="9000", insurance_paid="0", self_paid="9000",
                                  today=dt.date(2020, 12, 31), photos=[invoice_photo() for _ in range(3)])

    def measure(expected_rows):
        client.get(reverse("mutual_aid:review"))  # warm caches (session, ContentTypes)
        with CaptureQueriesContext(connection) as ctx:
            r = client.get(reverse("mutual_aid:review"))
        html = r.content.decode()
        assert html.count('data-testid="claim-row"') == expected_rows
        assert html.count('/attachments/') == 2 * 3 * expected_rows  # every photo: a link and its thumbnail
        return len(ctx.captured_queries)

    client.force_login(staff)
    add_claims(1)
    one = measure(1)
    add_claims(8)
    nine = measure(9)
    assert one == nine
    # session, user, roles (and the page's other fixed reads), the claims list (one JOINed query), the photos
    # of all those claims (one prefetch query), the grid's row count (one): 7 whatever the number of claims and
    # photos (the batch approval is a bulk action on the selected rows, so its plan and union lists are gone)
    with django_assert_num_queries(7):
        client.get(reverse("mutual_aid:review"))


def test_stats_page_and_export(client, plan, enrolled, staff):
    client.force_login(staff)
    r = client.get(reverse("mutual_aid:stats"))
    assert r.status_code == 200
    assert "echarts" in r.content.decode()
    r = client.get(reverse("mutual_aid:stats") + "?export=xlsx")
    assert r["Content-Type"].startswith("application/vnd.openxmlformats")


def test_batch_enrol_page(client, plan, staff, make_member, tree):
    m = make_member(tree.union_a, name="页面会员")
    client.force_login(staff)
    r = client.get(reverse("mutual_aid:enrol_batch") + f"?org={tree.union_a.pk}&plan={plan.pk}")
    assert "页面会员" in r.content.decode()
    from niangjia.mutual_aid.models import EnrolmentBatch
    # the plan ended in 2020; enrolment is refused with the reason and nothing written
    r = client.post(reverse("mutual_aid:enrol_batch"), {"org": tree.union_a.pk, "plan": plan.pk, "member": [m.pk]})
    assert r.status_code == 422
    assert "结束" in r.content.decode()
    r = client.post(reverse("mutual_aid:enrol_batch"), {"org": tree.union_a.pk, "plan": plan.pk, "member": [m.pk],
                                                        "on": "2020-01-01"})
    assert r.status_code == 302
    assert EnrolmentBatch.objects.get().premium_total == D("30.00")


def test_payout_file_needs_approver_in_scope(client, plan, enrolled, approver, make_user, tree, staff,
                                             pay_through_bank):
    claim = services.submit_claim(actor=enrolled.user, plan_id=plan.pk, kind="inpatient", hospital="医院",
                                  admitted_on=dt.date(2020, 6, 1), discharged_on=None, invoice_no="PF1",
                                  total_cost="1000", insurance_paid="0", self_paid="1000", today=dt.date(2020, 12, 31), photos=[invoice_photo()])
    services.approve_claim(actor=approver, claim_id=claim.pk)
    batch = pay_through_bank(source="mutual_aid", org=tree.district_a, people=[enrolled])
    url = reverse("core:payout_file", args=[batch.pk, "csv"])
    client.force_login(make_user(roles=[(tree.district_b, "approver")]))
    assert client.get(url).status_code == 404
    client.force_login(staff)  # in scope but not allowed to see full account numbers
    assert client.get(url).status_code == 302
    client.force_login(approver)
    assert client.get(url).status_code == 200


def test_claim_page_without_photo_says_so_in_chinese(client, plan, enrolled):
    client.force_login(enrolled.user)
    data = {"plan": plan.pk, "kind": "inpatient", "hospital": "医院", "admitted_on": "2020-06-01",
            "discharged_on": "2020-06-05", "invoice_no": "NP-1", "total_cost": "1000", "insurance_paid": "0",
            "self_paid": "1000"}
    r = client.post(reverse("mutual_aid:claim_new"), data)
    assert r.status_code == 422
    assert "请上传发票照片" in r.content.decode()
    assert Claim.objects.count() == 0


def test_review_grid_searches_by_name_claim_and_invoice_number(client, plan, staff, make_member, tree):
    members = [make_member(tree.union_a, name=n) for n in ("赵一", "钱二")]
    services.enrol_members(actor=staff, plan_id=plan.pk, org_id=tree.union_a.pk, member_ids=[m.pk for m in members],
                           on=dt.date(2020, 1, 1))
    claims = [services.submit_claim(actor=m.user, plan_id=plan.pk, kind="inpatient", hospital="医院",
                                    admitted_on=dt.date(2020, 6, 1), discharged_on=None, invoice_no=f"FP-{i}",
                                    total_cost="9000", insurance_paid="0", self_paid="9000",
                                    today=dt.date(2020, 12, 31), photos=[invoice_photo()])
              for i, m in enumerate(members)]
    client.force_login(staff)
    for q, shown, hidden in (("赵", "赵一", "钱二"), ("FP-1", "钱二", "赵一"), (str(claims[0].pk), "赵一", "钱二")):
        html = client.get(reverse("mutual_aid:review"), {"q": q}).content.decode()
        assert shown in html and hidden not in html, q


def test_rejected_claim_page_says_what_to_do(client, plan, enrolled, approver):
    claim = services.submit_claim(actor=enrolled.user, plan_id=plan.pk, kind="serious_illness", hospital="医院",
                                  admitted_on=dt.date(2020, 6, 1), discharged_on=None, invoice_no="RJ1",
                                  total_cost="0", insurance_paid="0", self_paid="0", today=dt.date(2020, 12, 31),
                                  photos=[invoice_photo()])
    services.reject_claim(actor=approver, claim_id=claim.pk, reason="诊断证明不清楚")
    client.force_login(enrolled.user)
    page = client.get(reverse("mutual_aid:claim_detail", args=[claim.pk])).content.decode()
    assert "诊断证明不清楚" in page and "重新申请" in page and 'href="tel:12351"' in page
    assert 'data-testid="steps"' not in page
