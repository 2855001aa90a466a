"""Throttling keys on the client address from the configured proxy header, in the shared cache.

Cases: behind one proxy (X-Forwarded-For appended by nginx) two clients get separate buckets; a client
cannot escape its bucket by writing its own X-Forwarded-For entries; without the setting the header is
ignored (a direct client could forge it); the login page answers 429 in Chinese once its rate is used up.
"""

from django.test import RequestFactory

from niangjia.core.context import request_ip

rf = RequestFactory()


def _req(xff=None, remote="10.0.0.1"):
    extra = {"REMOTE_ADDR": remote}
    if xff is not None:
        extra["HTTP_X_FORWARDED_FOR"] = xff
    return rf.get("/", **extra)


def test_client_ip_from_the_configured_header(settings):
    settings.NIANGJIA_CLIENT_IP_HEADER = ""
    assert request_ip(_req("1.2.3.4")) == "10.0.0.1"  # header ignored unless configured
    settings.NIANGJIA_CLIENT_IP_HEADER = "X-Forwarded-For"
    settings.NIANGJIA_TRUSTED_PROXY_COUNT = 1
    assert request_ip(_req("203.0.113.7")) == "203.0.113.7"
    assert request_ip(_req("6.6.6.6, 203.0.113.7")) == "203.0.113.7"  # the forged left entry is ignored
    assert request_ip(_req("garbage")) == "10.0.0.1"
    assert request_ip(_req(None)) == "10.0.0.1"
    settings.NIANGJIA_TRUSTED_PROXY_COUNT = 2  # CDN + nginx
    assert request_ip(_req("6.6.6.6, 203.0.113.7, 198.51.100.2")) == "203.0.113.7"


def test_login_page_is_throttled_per_client_behind_the_proxy(client, db, settings):
    settings.NIANGJIA_CLIENT_IP_HEADER = "X-Forwarded-For"
    settings.NIANGJIA_TRUSTED_PROXY_COUNT = 1
    settings.NIANGJIA_THROTTLE_RATES = {**settings.NIANGJIA_THROTTLE_RATES, "login": "2/min"}
    form = {"phone": "13800000000", "password": "wrong-password"}

    def post(xff):
        return client.post("/login/", form, HTTP_X_FORWARDED_FOR=xff).status_code

    assert [post("203.0.113.7") for _ in range(3)] == [200, 200, 429]
    assert post("9.9.9.9, 203.0.113.7") == 429  # writing another address in front does not help
    assert post("203.0.113.8") == 200  # another client behind the same proxy has its own bucket
    page = client.post("/login/", form, HTTP_X_FORWARDED_FOR="203.0.113.7")
    assert "太频繁" in page.content.decode()
