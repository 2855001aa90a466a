"""A mediation agreement PDF requested before an agreement exists answers 409 with a message, not 500."""

import datetime as dt

from django.test import Client
from django.urls import reverse

from niangjia.rights.services import mediation


def test_mediation_pdf_before_agreement_is_409(tree, make_user, make_member):
    quiet_client = Client(raise_request_exception=False)
    staff = make_user(roles=[(tree.district_a, "staff")])
    worker = make_member(tree.union_a).user
    m = mediation.open_mediation(staff, org=tree.district_a, worker=worker, worker_name="王师傅",
                                 employer_name="湖滨商贸有限公司", employer_uscc=tree.union_a.uscc,
                                 claims=[("拖欠工资", "12000")])
    mediation.add_session(staff, mediation_id=m.pk, held_on=dt.date(2026, 11, 20), mode="online",
                          participants="王师傅", minutes="未达成")
    quiet_client.force_login(staff)
    response = quiet_client.get(reverse("rights:mediation_pdf", args=[m.pk]))
    assert response.status_code == 409
    assert "还没有调解协议" in response.content.decode()
