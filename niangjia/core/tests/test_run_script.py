"""scripts/serve — the server that scripts/run starts — answers /healthz and pages with a production server.

The server runs in its own process on a free port, with its own var folder (a copy of the test database's
schema, its own queue file and collected static files), so it touches nothing of the developer's.
"""

import os
import re
import signal
import socket
import sqlite3
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[3]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


# Only a guard against a hung server: on the shared 2-core machine at load 20, four fresh Python processes
# (two WSGI workers, the live server, huey) take well over a minute to import Django, and a first page can
# take more than ten seconds to render. The test waits for the server to answer, not for a time.
HANG_GUARD = 300


def fetch(url: str, timeout: float = 120):
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 (our own local server)
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers, exc.read().decode()


@pytest.fixture
def server_env(db, tmp_path):
    env = {**os.environ, "NIANGJIA_VAR_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "niangjia.settings",
           "WEB_CONCURRENCY": "2", "NIANGJIA_THREADS": "2", "NIANGJIA_HUEY_WORKERS": "1"}
    env.pop("NIANGJIA_DEBUG", None)
    if connection.vendor == "sqlite":
        # A consistent copy of the migrated test database (the online backup API also reads the WAL).
        source = sqlite3.connect(connection.settings_dict["NAME"])
        target = sqlite3.connect(tmp_path / "niangjia.sqlite3")
        source.backup(target)
        source.close()
        target.close()
        env.pop("DATABASE_URL", None)
    else:
        s = connection.settings_dict
        env["DATABASE_URL"] = f"postgres://{s['USER']}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"
    subprocess.run([str(ROOT / ".venv/bin/python"), "manage.py", "collectstatic", "--noinput", "-v0"],
                   cwd=ROOT, env=env, check=True, timeout=HANG_GUARD)
    return env


def test_serve_answers_healthz_and_pages(server_env):
    port = free_port()
    env = {**server_env, "PORT": str(port)}
    # The server's output goes to a file, not a pipe nobody reads until the end: logged failures would fill
    # the pipe and block the server mid-request.
    log_path = Path(server_env["NIANGJIA_VAR_DIR"]) / "serve.log"
    log = log_path.open("w")
    process = subprocess.Popen([str(ROOT / "scripts/serve")], cwd=ROOT, env=env, stdout=log,
                               stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + HANG_GUARD
        status, body = None, ""
        # Until healthy, as a load balancer does: a 503 while the workers and huey open their databases on
        # a loaded machine is "not ready yet"; one that lasts until the guard fails the test.
        while time.monotonic() < deadline and process.poll() is None:
            try:
                status, _, body = fetch(base + "/healthz")
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                status = None
            if status == 200:
                break
            time.sleep(0.2)  # polling a process we started until it answers
        assert status == 200, f"server not healthy: exit {process.poll()}, last answer {status} {body[:200]}"
        assert '"database": "ok"' in body and '"queue": "ok"' in body

        status, headers, body = fetch(base + "/login/")
        assert status == 200 and "登录" in body
        assert headers["Content-Security-Policy"] and headers["X-Request-ID"]

        status, headers, body = fetch(base + "/static/vendor/htmx/htmx.min.js")
        assert status == 200 and "htmx" in body

        # Pages link content-hashed static names, which browsers may keep for a year (issue 10).
        status, _, body = fetch(base + "/login/")
        hashed = re.findall(r'/static/[\w/.-]+\.[0-9a-f]{12}\.(?:js|css)', body)
        assert hashed, "the login page links no hashed static file"
        for path in hashed:
            status, headers, asset = fetch(base + path)
            assert status == 200 and asset
            assert "immutable" in headers["Cache-Control"] and "max-age=315360000" in headers["Cache-Control"]

        status, _, body = fetch(base + "/no-such-page/")
        assert status == 404 and "回到首页" in body and "Traceback" not in body
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=HANG_GUARD)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        log.close()
    output = log_path.read_text()
    assert "granian" in output
    assert "runserver" not in (ROOT / "scripts/run").read_text() + (ROOT / "scripts/serve").read_text().replace(
        "Never `manage.py runserver`", "")


def test_every_static_reference_is_in_the_manifest(server_env):
    """With hashed names a `{% static %}` of a file that is not collected is a 500 in production, not a 404:
    every reference in every template must be in collectstatic's manifest."""
    import json

    manifest = json.loads((Path(server_env["NIANGJIA_VAR_DIR"]) / "static" / "staticfiles.json").read_text())
    paths = manifest["paths"]
    referenced = set()
    for template in (ROOT / "niangjia").rglob("*.html"):
        referenced |= set(re.findall(r"""\{%\s*static\s+['"]([^'"]+)['"]""", template.read_text()))
    assert len(referenced) > 10
    missing = sorted(r for r in referenced if r not in paths)
    assert not missing, missing
    for name in referenced:
        assert (Path(server_env["NIANGJIA_VAR_DIR"]) / "static" / paths[name]).is_file()
