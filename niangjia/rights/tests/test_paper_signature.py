"""Staff record paper signatures on a mediation agreement; with both parties it closes as agreed."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from niangjia.core.errors import Invalid, NotFound
from niangjia.core.models import AuditEvent
from niangjia.rights.models import Mediation, MediationAgreement
from niangjia.rights.services import mediation

pytestmark = pytest.mark.django_db


@pytest.fixture
def agreed_terms(people):
    t = people.tree
    m = mediation.open_mediation(people.staff, org=t.district_a, worker=people.worker, worker_name="王师傅",
                                 employer_name="湖滨商贸有限公司", employer_uscc=t.union_a.uscc,
                                 claims=[("拖欠工资", "12000")])
    (c1,) = m.claims.all()
    mediation.record_agreement(people.staff, mediation_id=m.pk, terms="一次性支付", agreed={c1.pk: "10000"},
                               instalments=[(timezone.localdate() + dt.timedelta(days=30), "10000")])
    return m


def test_both_paper_signatures_close_the_mediation_as_agreed(client, people, agreed_terms):
    m, today = agreed_terms, timezone.localdate()
    with pytest.raises(Invalid):
        mediation.record_paper_signature(people.staff, mediation_id=m.pk, party="worker",
                                         signed_on=today + dt.timedelta(days=1))
    with pytest.raises(NotFound):
        mediation.record_paper_signature(people.staff_b, mediation_id=m.pk, party="worker", signed_on=today)
    assert MediationAgreement.objects.get(mediation=m).worker_confirmed_at is None  # refusals changed nothing
    client.force_login(people.staff)
    url = reverse("rights:mediation", args=[m.pk])
    assert 'data-testid="paper-signature"' in client.get(url).content.decode()
    client.post(url, {"op": "paper_signature", "party": "worker", "signed_on": today.isoformat()})
    assert Mediation.objects.get(pk=m.pk).status == "open"
    client.post(url, {"op": "paper_signature", "party": "employer", "signed_on": today.isoformat()})
    assert Mediation.objects.get(pk=m.pk).status == "agreed"
    assert AuditEvent.objects.filter(action="rights.mediation_paper_signature").count() == 2
    with pytest.raises(Invalid):
        mediation.record_paper_signature(people.staff, mediation_id=m.pk, party="worker", signed_on=today)
