"""Security headers, no inline script anywhere, private pages never cached, idle sessions end."""

import re
import time
from pathlib import Path

import pytest

from niangjia.core.middleware import IDLE_KEY, SEEN_KEY

ROOT = Path(__file__).resolve().parents[2]
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.I)
INLINE_HANDLER = re.compile(r"\son[a-z]+\s*=\s*[\"']", re.I)


def templates():
    return sorted(ROOT.glob("**/templates/**/*.html"))


def test_no_template_has_an_inline_script_or_handler():
    assert len(templates()) > 50
    offenders = []
    for path in templates():
        text = path.read_text(encoding="utf-8")
        for pattern in (INLINE_SCRIPT, INLINE_HANDLER):
            offenders += [f"{path.relative_to(ROOT)}: {m.group(0)}" for m in pattern.finditer(text)]
        if "javascript:" in text:
            offenders.append(f"{path.relative_to(ROOT)}: javascript: URL")
    assert offenders == []


def test_csp_forbids_inline_scripts_and_other_headers_are_set(client, db):
    response = client.get("/login/")
    csp = response["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in csp.split(";") if d.strip())
    assert directives["script-src"] == "'self'"
    assert "unsafe-inline" not in directives["script-src"] and "unsafe-eval" not in csp
    assert directives["default-src"] == "'self'" and directives["frame-ancestors"] == "'none'"
    assert directives["object-src"] == "'none'"
    assert response["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"] and "geolocation=()" in response["Permissions-Policy"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize("url", ["/me/", "/me/card/", "/me/messages/"])
def test_personal_pages_are_not_stored(client, tree, make_member, url):
    member = make_member(tree.union_a)
    client.force_login(member.user)
    response = client.get(url)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]


def test_workbench_pages_are_not_stored(client, tree, make_user):
    client.force_login(make_user(roles=[(tree.district_a, "staff")]))
    for url in ("/workbench/", "/workbench/members/"):
        assert "no-store" in client.get(url)["Cache-Control"]


def age_session(client, seconds):
    session = client.session
    session[SEEN_KEY] = int(time.time()) - seconds
    session.save()


def test_staff_session_ends_after_30_idle_minutes(client, tree, make_user):
    client.force_login(make_user(roles=[(tree.district_a, "staff")]))
    assert client.get("/workbench/").status_code == 200
    assert client.session[IDLE_KEY] == 30 * 60
    age_session(client, 29 * 60)
    assert client.get("/workbench/").status_code == 200
    age_session(client, 31 * 60)
    response = client.get("/workbench/")
    assert response.status_code == 302 and response["Location"].startswith("/login/?next=/workbench/")
    assert "_auth_user_id" not in client.session
    assert client.get("/workbench/").status_code == 302


def test_member_session_lasts_longer_but_not_forever(client, tree, make_member):
    member = make_member(tree.union_a)
    client.force_login(member.user)
    assert client.get("/me/").status_code == 200
    age_session(client, 3 * 3600)
    assert client.get("/me/").status_code == 200
    age_session(client, 8 * 24 * 3600)
    response = client.get("/me/")
    assert response.status_code == 302 and "/login/" in response["Location"]
