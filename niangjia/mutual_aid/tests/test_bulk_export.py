"""Export selected claims from the review grid (issue 12): confirmation with count and total, then one Excel file
through core's helper with numeric money; a guessed id of another district is left out."""

import datetime as dt
import io
from decimal import Decimal

from django.urls import reverse
from openpyxl import load_workbook

from niangjia.mutual_aid import services
from niangjia.mutual_aid.tests.test_views import invoice_photo

URL = reverse("mutual_aid:claims_bulk")


def _claim(member, plan, no):
    return services.submit_claim(actor=member.user, plan_id=plan.pk, kind="inpatient", hospital="市一医院",
                                 admitted_on=dt.date(2020, 6, 1), discharged_on=None, invoice_no=no,
                                 total_cost="9000", insurance_paid="0", self_paid="9000",
                                 today=dt.date(2020, 12, 31), photos=[invoice_photo()])


def test_export_selected_claims(client, tree, plan, staff, enrolled, make_member, make_user):
    other_staff = make_user(roles=[(tree.district_b, "staff")])
    foreign_member = make_member(tree.union_b, name="外区会员")
    services.enrol_members(actor=other_staff, plan_id=plan.pk, org_id=tree.union_b.pk,
                           member_ids=[foreign_member.pk], on=dt.date(2020, 1, 1))
    mine = [_claim(enrolled, plan, "EXP-1"), _claim(enrolled, plan, "EXP-2")]
    foreign = _claim(foreign_member, plan, "EXP-F")
    ids = [c.pk for c in mine] + [foreign.pk]
    client.force_login(staff)
    assert 'data-testid="bulk-export"' in client.get(reverse("mutual_aid:review")).content.decode()

    confirm = client.post(URL, {"bulk": "export", "ids": ids, "next": reverse("mutual_aid:review")}).content.decode()
    total = sum((c.payout for c in mine), Decimal("0"))
    assert 'data-testid="bulk-confirm"' in confirm and f"¥{total:,.2f}" in confirm and "EXP-F" not in confirm

    done = client.post(URL, {"bulk": "export", "ids": ids, "confirm": "1", "next": reverse("mutual_aid:review")})
    assert "spreadsheetml" in done["Content-Type"]
    rows = [r for r in load_workbook(io.BytesIO(done.content)).active.iter_rows(values_only=True)
            if isinstance(r[0], int)]
    assert sorted(r[0] for r in rows) == sorted(c.pk for c in mine)
    assert "EXP-F" not in {r[4] for r in rows}
    assert Decimal(str(sum(r[9] for r in rows))).quantize(Decimal("0.01")) == total
