"""`GET /api/v1/jobs/posts?q=&limit=` exactly as issue 16 specifies it, called as a real client (bearer token,
CSRF enforced)."""

import pytest
from django.test import Client

from niangjia.jobs import services

URL = "/api/v1/jobs/posts"
pytestmark = pytest.mark.django_db


@pytest.fixture
def client():
    return Client(enforce_csrf_checks=True)


def test_search_answers_the_contract_shape(client, people, posts, bearer):
    r = client.get(URL, {"q": "保洁", "limit": 5}, **bearer(people.worker))
    assert r.status_code == 200
    body = r.json()
    assert list(body) == ["results"]
    first = body["results"][0]
    assert set(first) == {"id", "title", "employer", "location", "salary_min", "salary_max", "score"}
    assert first["title"] == "保洁员"  # the title match ranks above the public-welfare post that has 保洁 too
    assert (first["employer"], first["location"], first["salary_min"], first["salary_max"]) == (
        "上城恒安物业服务有限公司", "上城区湖滨街道", "3000.00", "4200.00")
    assert isinstance(first["score"], float) and first["score"] > 0
    ids = [row["id"] for row in body["results"]]
    assert posts[3].pk in ids and posts[1].pk not in ids  # 社区保洁公益岗 found; 仓库管理员 is not about cleaning


def test_limit_is_honoured_and_bounded(client, people, posts, bearer):
    auth = bearer(people.worker)
    assert len(client.get(URL, {"q": "", "limit": 2}, **auth).json()["results"]) == 2
    assert client.get(URL, {"q": "保洁", "limit": 0}, **auth).status_code == 422
    assert client.get(URL, {"q": "保洁", "limit": 51}, **auth).status_code == 422
    assert client.get(URL, {"q": "x" * 101}, **auth).status_code == 422


def test_closed_posts_are_not_returned(client, people, posts, bearer):
    services.close_position(actor=people.employer_user, position_id=posts[0].pk)
    ids = [row["id"] for row in client.get(URL, {"q": "保洁"}, **bearer(people.worker)).json()["results"]]
    assert posts[0].pk not in ids


def test_without_a_token_it_is_refused(client, people, posts):
    assert client.get(URL, {"q": "保洁"}).status_code == 401


def test_nonsense_and_punctuation_answer_empty_not_500(client, people, posts, bearer):
    auth = bearer(people.worker)
    for q in ["！？。", "' OR 1=1 --", '"保洁', "NEAR(保洁)", "*"]:
        r = client.get(URL, {"q": q}, **auth)
        assert r.status_code == 200, q
