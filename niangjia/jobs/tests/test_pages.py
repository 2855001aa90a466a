"""Pages: each role's view, CSRF on writes, scope by page and guessed id, query counts of lists, Chinese text."""

import re

import pytest
from django.test import Client

from niangjia.core.tests.querycount import assert_constant_queries
from niangjia.jobs import services
from niangjia.jobs.models import Application
from niangjia.jobs.tests.conftest import post, uscc

pytestmark = pytest.mark.django_db
TAGS = re.compile(r"<(script|style)[^>]*>.*?</\1>|<[^>]+>", re.S)
WORD = re.compile(r"[A-Za-z][A-Za-z_]{2,}")
ALLOWED = {"CNC"}


def english(html: str) -> set[str]:
    main = html.split("<main", 1)[-1].split(">", 1)[-1].split("</main>", 1)[0]
    main = re.sub(r"\b[0-9A-Z]{18}\b", " ", main)  # credit codes are data
    return {w for w in WORD.findall(re.sub(r"&[a-z#0-9]+;", " ", TAGS.sub(" ", main))) if w not in ALLOWED}


def zh(client, url, **kw):
    return client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans", **kw)


def test_worker_searches_reads_applies_and_follows_the_application(client, people, posts):
    client.force_login(people.worker)
    r = zh(client, "/jobs/", data={"q": "保洁"})
    assert r.status_code == 200 and not english(r.content.decode())
    html = r.content.decode()
    assert html.index("保洁员") < html.index("社区保洁公益岗")
    assert "仓库管理员" not in html
    r = zh(client, f"/jobs/posts/{posts[0].pk}/")
    assert r.status_code == 200 and "投递这个岗位" in r.content.decode() and not english(r.content.decode())
    r = client.post(f"/jobs/posts/{posts[0].pk}/apply/", {"profile": "做过三年保洁。", "share_contact": "1"})
    a = Application.objects.get()
    assert r.status_code == 302 and r["Location"] == f"/jobs/applications/{a.pk}/"
    r = zh(client, f"/jobs/applications/{a.pk}/")
    assert "已投递" in r.content.decode() and not english(r.content.decode())


def test_apply_needs_csrf(people, posts):
    c = Client(enforce_csrf_checks=True)
    c.force_login(people.worker)
    assert c.post(f"/jobs/posts/{posts[0].pk}/apply/", {"profile": "x"}).status_code == 403
    assert Application.objects.count() == 0


def test_employer_sees_masked_phone_and_moves_the_stage(client, people, posts):
    a = services.apply(actor=people.worker, position_id=posts[0].pk, profile="做过三年保洁。")
    client.force_login(people.employer_user)
    r = zh(client, "/jobs/employer/")
    assert r.status_code == 200 and not english(r.content.decode())
    r = zh(client, f"/jobs/employer/posts/{posts[0].pk}/applicants/")
    html = r.content.decode()
    assert people.worker.phone not in html and people.worker.phone[:3] + "****" in html
    assert not english(html)
    client.post(f"/jobs/applications/{a.pk}/move/", {"stage": "interview"})
    a.refresh_from_db()
    assert a.stage == "interview"


@pytest.mark.parametrize("who", ["other_worker", "staff_b", "stranger_employer"])
def test_outsiders_get_404_on_applicants_and_applications(client, people, posts, make_user, who):
    a = services.apply(actor=people.worker, position_id=posts[0].pk, profile="x")
    actor = make_user(roles=[(people.tree.union_b, "employer")]) if who == "stranger_employer" else getattr(people, who)
    client.force_login(actor)
    assert client.get(f"/jobs/employer/posts/{posts[0].pk}/applicants/").status_code == 404
    assert client.get(f"/jobs/applications/{a.pk}/").status_code == 404
    assert client.post(f"/jobs/applications/{a.pk}/move/", {"stage": "viewed"}).status_code == 404
    a.refresh_from_db()
    assert a.stage == "submitted"


def test_workbench_lists_and_verifies_employers_in_scope_only(client, people, employer):
    e2 = services.register_employer(actor=people.staff_a, name="待审核公司", uscc=uscc("91330102MA2GGGGG1"),
                                    region_code="330102", org_id=people.tree.district_a.pk)
    client.force_login(people.staff_b)
    r = zh(client, "/jobs/workbench/")
    assert r.status_code == 200 and "待审核公司" not in r.content.decode()
    assert client.post(f"/jobs/workbench/employers/{e2.pk}/verify/", {"decision": "approve"}).status_code == 302
    e2.refresh_from_db()
    assert e2.status == "pending"  # refused (message), nothing changed
    client.force_login(people.staff_a)
    r = zh(client, "/jobs/workbench/")
    assert "待审核公司" in r.content.decode() and not english(r.content.decode())
    client.post(f"/jobs/workbench/employers/{e2.pk}/verify/", {"decision": "approve"})
    e2.refresh_from_db()
    assert e2.status == "verified"


def test_anonymous_is_sent_to_log_in(client, posts):
    assert client.get(f"/jobs/posts/{posts[0].pk}/").status_code == 302
    assert "登录" in zh(client, "/jobs/").content.decode()


def test_search_page_costs_a_fixed_number_of_queries(client, people, employer, django_assert_num_queries):
    client.force_login(people.worker)
    n = iter(range(100))

    def add(k):
        for _ in range(k):
            post(employer, people.employer_user, f"保洁员{next(n)}")

    from niangjia.conftest import is_postgres

    # core.search reads the candidates as plain rows: one query on PostgreSQL, two on SQLite (FTS, then the rows)
    expected = 8 if is_postgres() else 9
    assert_constant_queries(django_assert_num_queries, expected, lambda: client.get("/jobs/", {"q": "保洁"}), add,
                            markers=lambda r: r.content.decode().count('data-testid="post"'))


def test_applicants_page_costs_a_fixed_number_of_queries(client, people, posts, make_member,
                                                         django_assert_num_queries):
    client.force_login(people.employer_user)

    def add(k):
        for _ in range(k):
            services.apply(actor=make_member(people.tree.union_a).user, position_id=posts[0].pk, profile="x")

    assert_constant_queries(django_assert_num_queries, 6,
                            lambda: client.get(f"/jobs/employer/posts/{posts[0].pk}/applicants/"), add,
                            markers=lambda r: r.content.decode().count('data-testid="applicant"'))


def test_employer_grid_costs_a_fixed_number_of_queries(client, people, django_assert_num_queries):
    client.force_login(people.staff_a)
    n = iter(range(1, 100))

    def add(k):
        for _ in range(k):
            i = next(n)
            services.register_employer(actor=people.staff_a, name=f"公司{i}", uscc=uscc(f"91330102MA2H{i:04d}1"),
                                       region_code="330102", org_id=people.tree.district_a.pk)

    assert_constant_queries(django_assert_num_queries, 7, lambda: client.get("/jobs/workbench/"), add,
                            markers=lambda r: r.content.decode().count('data-testid="employer-row"'))
