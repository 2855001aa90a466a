"""Submit once: a form that creates something, posted twice with its one-time token, creates one record."""

import re
import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from niangjia.conftest import requires_postgres
from niangjia.core.models import JoinRequest, SubmissionReceipt

pytestmark = pytest.mark.django_db


def _token(html: str) -> str:
    match = re.search(r'name="submission_token" value="([^"]+)"', html)
    assert match, "the form carries no submission token"
    return match.group(1)


@pytest.fixture
def newcomer(make_user):
    from django.utils import timezone

    user = make_user(name="新来的")
    user.verified_at = timezone.now()
    user.save()
    return user


def test_join_form_carries_a_fresh_token_each_time(client, tree, newcomer):
    client.force_login(newcomer)
    first = _token(client.get(reverse("core:join")).content.decode())
    second = _token(client.get(reverse("core:join")).content.decode())
    assert first != second


def test_resubmitting_the_same_token_returns_the_first_result(tree, newcomer):
    client = Client(enforce_csrf_checks=False)
    client.force_login(newcomer)
    token = _token(client.get(reverse("core:join")).content.decode())
    data = {"org_id": tree.union_a.pk, "submission_token": token}
    first = client.post(reverse("core:join"), data)
    assert first.status_code == 302
    again = client.post(reverse("core:join"), data)
    assert again.status_code == 302
    assert again["Location"] == first["Location"]
    assert JoinRequest.objects.filter(user=newcomer).count() == 1
    page = client.get(again["Location"]).content.decode()
    assert "您已提交过" in page


def test_a_refused_submission_keeps_the_token_usable(tree, newcomer, client):
    client.force_login(newcomer)
    token = _token(client.get(reverse("core:join")).content.decode())
    refused = client.post(reverse("core:join"), {"org_id": "", "submission_token": token})
    assert refused.status_code == 200
    assert SubmissionReceipt.objects.count() == 0
    fixed = client.post(reverse("core:join"), {"org_id": tree.union_a.pk, "submission_token": token})
    assert fixed.status_code == 302
    assert JoinRequest.objects.filter(user=newcomer).count() == 1


def test_a_new_token_is_a_new_submission(tree, newcomer, client):
    """The guard is the token, not a blanket refusal: the domain rule (one pending request) speaks for itself."""
    client.force_login(newcomer)
    client.post(reverse("core:join"), {"org_id": tree.union_a.pk, "submission_token": "a" * 32})
    client.post(reverse("core:join"), {"org_id": tree.union_a.pk, "submission_token": "b" * 32})
    assert SubmissionReceipt.objects.filter(user=newcomer).count() <= 2
    assert JoinRequest.objects.filter(user=newcomer).count() == 1


def test_tokens_are_per_user(tree, newcomer, make_user, client):
    from django.utils import timezone

    other = make_user(name="另一位")
    other.verified_at = timezone.now()
    other.save()
    for user in (newcomer, other):
        c = Client()
        c.force_login(user)
        assert c.post(reverse("core:join"), {"org_id": tree.union_a.pk, "submission_token": "s" * 32}).status_code == 302
    assert JoinRequest.objects.count() == 2


@requires_postgres
@pytest.mark.concurrency
@pytest.mark.django_db(transaction=True)
def test_racing_double_tap_creates_one_record(tree, newcomer):
    token = "r" * 32
    results, barrier = [], threading.Barrier(6)

    def post():
        c = Client()
        c.force_login(newcomer)
        barrier.wait()
        results.append(c.post(reverse("core:join"), {"org_id": tree.union_a.pk, "submission_token": token}).status_code)
        connection.close()

    threads = [threading.Thread(target=post) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [302] * 6
    assert JoinRequest.objects.filter(user=newcomer).count() == 1
    assert SubmissionReceipt.objects.filter(user=newcomer).count() == 1
