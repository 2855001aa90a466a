"""Production mode from the environment alone: safe by default, and a bad key stops the start.

Each case runs `manage.py check` in a fresh process, because settings are read once at start-up.
"""

import base64
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]


def good_env(**extra):
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "HOME": os.environ.get("HOME", "/tmp"),
        "DJANGO_SETTINGS_MODULE": "niangjia.settings",
        "NIANGJIA_ENV": "production",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "NIANGJIA_PII_KEY": base64.b64encode(secrets.token_bytes(32)).decode(),
        "NIANGJIA_INDEX_KEY": secrets.token_bytes(32).hex(),
        "DJANGO_ALLOWED_HOSTS": "union.example.org",
    }
    env.update(extra)
    return {k: v for k, v in env.items() if v is not None}


def manage(env, *args):
    return subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120)


def test_check_deploy_passes_with_no_warnings():
    result = manage(good_env(), "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_settings_are_safe():
    code = ("from django.conf import settings as s; print(s.DEBUG, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE,"
            " s.SECURE_HSTS_SECONDS >= 31536000, s.SECURE_PROXY_SSL_HEADER, s.SECURE_SSL_REDIRECT)")
    result = manage(good_env(), "shell", "--no-imports", "-c", code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False True True True ('HTTP_X_FORWARDED_PROTO', 'https') True"


def test_debug_is_off_unless_asked_for_and_never_in_production():
    dev = {k: v for k, v in good_env().items() if k != "NIANGJIA_ENV"}
    code = "from django.conf import settings as s; print(s.DEBUG)"
    assert manage(dev, "shell", "--no-imports", "-c", code).stdout.strip() == "False"
    # The old switch no longer turns debug pages on.
    assert manage({**dev, "DJANGO_DEBUG": "1"}, "shell", "--no-imports", "-c", code).stdout.strip() == "False"
    assert manage({**dev, "NIANGJIA_DEBUG": "1"}, "shell", "--no-imports", "-c", code).stdout.strip() == "True"
    result = manage(good_env(NIANGJIA_DEBUG="1"), "check")
    assert result.returncode != 0 and "NIANGJIA_DEBUG=1 is not allowed" in result.stderr


@pytest.mark.parametrize(("override", "message"), [
    ({"NIANGJIA_PII_KEY": None}, "Missing required settings in production: NIANGJIA_PII_KEY"),
    ({"NIANGJIA_INDEX_KEY": ""}, "Missing required settings in production: NIANGJIA_INDEX_KEY"),
    ({"DJANGO_SECRET_KEY": None}, "DJANGO_SECRET_KEY"),
    ({"DJANGO_ALLOWED_HOSTS": None}, "DJANGO_ALLOWED_HOSTS"),
    ({"NIANGJIA_PII_KEY": base64.b64encode(b"k" * 16).decode()}, "NIANGJIA_PII_KEY must be 32 random bytes"),
    ({"NIANGJIA_INDEX_KEY": "secret-passphrase"}, "NIANGJIA_INDEX_KEY must be 32 random bytes"),
    ({"NIANGJIA_PII_KEY": base64.b64encode(bytes(32)).decode()}, "NIANGJIA_PII_KEY does not look random"),
    ({"NIANGJIA_INDEX_KEY": "ab" * 32}, "NIANGJIA_INDEX_KEY does not look random"),
    ({"DJANGO_SECRET_KEY": "short"}, "DJANGO_SECRET_KEY must be at least 50"),
])
def test_start_fails_on_missing_or_weak_keys(override, message):
    result = manage(good_env(**override), "check")
    assert result.returncode != 0
    assert message in result.stderr


def test_same_key_for_encryption_and_index_is_refused():
    key = base64.b64encode(secrets.token_bytes(32)).decode()
    result = manage(good_env(NIANGJIA_PII_KEY=key, NIANGJIA_INDEX_KEY=key), "check")
    assert result.returncode != 0 and "must be different keys" in result.stderr


def test_a_dot_env_file_does_not_supply_production_keys(tmp_path):
    # The worktree's .env holds development keys; production must not pick them up silently.
    assert (ROOT / ".env").exists()
    result = manage(good_env(NIANGJIA_PII_KEY=None), "check")
    assert result.returncode != 0 and "NIANGJIA_PII_KEY" in result.stderr
