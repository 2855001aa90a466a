"""Serving: error pages, request ids, JSON logs, /healthz, connection reuse, the hypothesis profile."""

import json
import logging

import hypothesis
import pytest
from django.db import close_old_connections, connection
from django.test import Client

from niangjia.core import health


def test_404_is_chinese_with_header_and_way_home(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "页面不存在" in body or "找不到" in body
    assert "娘家" in body and 'href="/"' in body and "回到首页" in body
    assert "Traceback" not in body and "urlpatterns" not in body


def test_403_from_a_refused_page_is_chinese(client, tree, make_user):
    # /admin/ for a non-superuser redirects; a PermissionDenied page is exercised through the handler.
    from django.test import RequestFactory

    from niangjia.core.errorpages import permission_denied

    request = RequestFactory().get("/x/")
    request.user = make_user()
    response = permission_denied(request)
    assert response.status_code == 403
    body = response.content.decode()
    assert "无权" in body and "回到首页" in body and "娘家" in body


def test_csrf_failure_is_a_chinese_page(db):
    client = Client(enforce_csrf_checks=True)
    response = client.post("/login/", {"phone": "13800000001", "password": "x"})
    assert response.status_code == 403
    body = response.content.decode()
    assert "表单已过期" in body and "回到首页" in body
    assert "CSRF verification failed" not in body and "Forbidden" not in body


def test_500_is_chinese_logged_with_request_id(db, settings, caplog):
    settings.ROOT_URLCONF = "niangjia.core.tests.urls_failing"
    client = Client(raise_request_exception=False)
    with caplog.at_level(logging.ERROR, logger="django.request"):
        response = client.get("/boom/")
    assert response.status_code == 500
    rid = response["X-Request-ID"]
    body = response.content.decode()
    assert "出错了" in body and rid in body and "回到首页" in body
    assert "planted failure" not in body
    records = [r for r in caplog.records if r.name == "django.request" and r.levelno == logging.ERROR]
    assert records and records[-1].request_id == rid
    assert "planted failure" in caplog.text


def test_every_response_has_a_request_id_and_a_proxy_id_is_kept(client, db):
    first = client.get("/login/")["X-Request-ID"]
    second = client.get("/login/")["X-Request-ID"]
    assert len(first) == 32 and first != second
    assert client.get("/login/", HTTP_X_REQUEST_ID="nginx-abc123")["X-Request-ID"] == "nginx-abc123"
    # Anything that is not a plain token is replaced, so clients cannot write into the log.
    assert client.get("/login/", HTTP_X_REQUEST_ID="a\nb c<script>")["X-Request-ID"] != "a\nb c<script>"


def test_log_lines_are_json_with_the_request_id(settings):
    from logging.config import dictConfig

    config = settings.LOGGING
    dictConfig(config)
    handler = logging.getLogger("niangjia").handlers[0]
    record = logging.LogRecord("niangjia.x", logging.WARNING, __file__, 1, "与 %s 有关", ("会员",), None)
    record.request_id = "abc123abc123"
    line = handler.format(record)
    data = json.loads(line)
    assert data["message"] == "与 会员 有关" and data["request_id"] == "abc123abc123"
    assert data["level"] == "WARNING" and data["logger"] == "niangjia.x"
    assert config["handlers"]["stdout"]["stream"] == "ext://sys.stdout"
    assert "会员" in line  # readable Chinese, not \\u escapes


def test_healthz_reports_database_and_queue(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "queue": "ok"}
    assert "no-store" in response["Cache-Control"]


def test_healthz_answers_any_host_over_plain_http(client, db, settings):
    # Load balancers probe app servers by IP over HTTP; production redirects everything else to HTTPS.
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz", HTTP_HOST="10.0.0.7:8000").status_code == 200
    assert client.get("/login/").status_code == 301


def test_healthz_fails_when_the_queue_is_unreachable(client, db, monkeypatch):
    def broken():
        raise ConnectionError("redis down")

    monkeypatch.setitem(health.CHECKS, "queue", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "ok", "queue": "error"}
    assert "redis down" not in response.content.decode()


@pytest.mark.django_db(transaction=True)
def test_database_connections_are_reused_between_requests(settings):
    assert settings.DATABASES["default"]["CONN_MAX_AGE"] >= 60
    assert settings.DATABASES["default"]["CONN_HEALTH_CHECKS"] is True
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    raw = connection.connection
    close_old_connections()  # what Django runs at the end of every request
    assert connection.connection is raw


def test_property_tests_have_no_deadline():
    assert hypothesis.settings.default.deadline is None


def test_warnings_logged_after_the_response_carry_the_request_id(client, db, caplog):
    from niangjia.core.logs import RequestIdFilter

    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = client.get("/no-such-page/")
    record = [r for r in caplog.records if r.name == "django.request"][-1]
    RequestIdFilter().filter(record)
    assert record.request_id == response["X-Request-ID"]


def test_search_middleware_leaves_uploads_and_api_bodies_alone(client, db):
    # A multipart post without a boundary must reach the request guard / API unread (it used to be parsed
    # here, and the API view reading request.body then failed with 500).
    response = client.generic("POST", "/api/v1/rights/call-events", b"x", content_type="multipart/form-data")
    assert response.status_code < 500
