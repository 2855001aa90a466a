"""A claim whose diagnosis looks like ciphertext is encrypted like any other and keeps the review queue working."""

import datetime as dt

from django.db import connection
from django.urls import reverse

from niangjia.mutual_aid import services
from niangjia.mutual_aid.models import Claim
from niangjia.mutual_aid.tests.test_services import claim_kwargs


def test_diagnosis_starting_with_v1_is_encrypted_and_the_queue_renders(client, plan, enrolled, staff):
    claim = services.submit_claim(actor=enrolled.user, plan_id=plan.pk,
                                  **claim_kwargs(diagnosis="v1:肺炎", admitted_on=dt.date(2020, 5, 1)))
    with connection.cursor() as cursor:
        cursor.execute("SELECT diagnosis FROM mutual_aid_claim WHERE id = %s", [claim.pk])
        raw = cursor.fetchone()[0]
    assert raw != "v1:肺炎" and "肺炎" not in raw
    assert Claim.objects.get(pk=claim.pk).diagnosis == "v1:肺炎"
    client.force_login(staff)
    response = client.get(reverse("mutual_aid:review"))
    assert response.status_code == 200
