"""Mediation forms refuse bad amounts in Chinese (issue 9): never a 500, nothing written."""

import pytest
from django.urls import reverse

from niangjia.core.tests.amounts import BAD_AMOUNTS
from niangjia.rights.models import Mediation, PaymentInstalment
from niangjia.rights.services import mediation


@pytest.mark.parametrize(("text", "reason"), BAD_AMOUNTS)
def test_open_mediation_form(client, people, text, reason):
    client.force_login(people.staff)
    t = people.tree
    r = client.post(reverse("rights:mediations"), {
        "org": t.district_a.pk, "worker_name": "王师傅", "employer_name": "湖滨商贸有限公司",
        "employer_uscc": t.union_a.uscc, "claim_label_1": "拖欠工资", "claim_amount_1": text}, follow=True)
    assert r.status_code == 200
    assert reason in r.content.decode()
    assert not Mediation.objects.exists()


@pytest.mark.parametrize(("text", "reason"), BAD_AMOUNTS)
def test_agreement_form(client, people, text, reason):
    t = people.tree
    m = mediation.open_mediation(people.staff, org=t.district_a, worker=people.worker, worker_name="王师傅",
                                 employer_name="湖滨商贸有限公司", employer_uscc=t.union_a.uscc,
                                 claims=[("拖欠工资", "12000")])
    (c1,) = m.claims.all()
    client.force_login(people.staff)
    url = reverse("rights:mediation", args=[m.pk])
    for data in ({"op": "agreement", "terms": "一次付清", f"agreed_{c1.pk}": text, "instalments": "2026-12-31 100"},
                 {"op": "agreement", "terms": "一次付清", f"agreed_{c1.pk}": "100", "instalments": f"2026-12-31 {text}"}):
        r = client.post(url, data, follow=True)
        assert r.status_code == 200
        assert reason in r.content.decode()
    c1.refresh_from_db()
    assert c1.agreed_amount is None and not PaymentInstalment.objects.exists()
