"""Care forms that take an amount refuse bad text in Chinese (issue 9): never a 500, nothing written."""

import pytest
from django.urls import reverse

from niangjia.care.models import Allocation, Campaign, Recipient
from niangjia.core.tests.amounts import BAD_AMOUNTS


@pytest.mark.parametrize("field", ["total_budget", "per_person"])
@pytest.mark.parametrize(("text", "reason"), BAD_AMOUNTS)
def test_new_campaign_form(client, city_staff, tree, field, text, reason):
    client.force_login(city_staff)
    data = {"org": tree.city.pk, "name": "送清凉", "kind": "coolness", "form": "cash", "start": "2020-07-01",
            "end": "2020-08-01", "total_budget": "10000", "per_person": "100"}
    r = client.post(reverse("care:workbench"), data | {field: text})
    assert r.status_code == 422
    assert reason in r.content.decode()
    assert not Campaign.objects.exists()


@pytest.mark.parametrize(("text", "reason"), BAD_AMOUNTS)
def test_allocation_and_selection_forms(client, campaign, city_staff, tree, make_member, text, reason):
    make_member(tree.union_a, frontline=True)
    client.force_login(city_staff)
    url = reverse("care:campaign", args=[campaign.pk])
    r = client.post(url, {"action": "allocate", "from_org": tree.city.pk, "to_org": tree.district_a.pk,
                          "amount": text}, follow=True)
    assert r.status_code == 200 and reason in r.content.decode()
    r = client.post(url, {"action": "select", "org": tree.city.pk, "rule": "frontline", "amount": text}, follow=True)
    assert r.status_code == 200 and reason in r.content.decode()
    assert not Allocation.objects.exists() and not Recipient.objects.exists()
