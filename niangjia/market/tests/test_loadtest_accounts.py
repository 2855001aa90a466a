import json

import pytest
from django.core.management import CommandError, call_command
from django.test import Client

from niangjia.core.models import Member, User


@pytest.mark.django_db
def test_accounts_log_in_with_their_tokens(tmp_path, monkeypatch):
    out, staff = tmp_path / "a.jsonl", tmp_path / "s.json"
    call_command("loadtest_accounts", "--count", "3", "--out", str(out), "--staff-out", str(staff))
    call_command("loadtest_accounts", "--count", "2", "--out", str(tmp_path / "b.jsonl"))  # runs again: new ones
    rows = [json.loads(line) for line in out.read_text().splitlines()]
    assert len(rows) == 3 and all(set(r) == {"phone", "token"} for r in rows)
    assert Member.objects.filter(status="active", user__verified_at__isnull=False).count() == 5
    assert User.objects.filter(memberships__isnull=False).values("password").distinct().count() == 2  # one hash per run, reused
    client = Client(enforce_csrf_checks=True)
    r = client.get("/api/v1/market/sales", HTTP_AUTHORIZATION=f"Bearer {rows[0]['token']}")
    assert r.status_code == 200
    assert json.loads(staff.read_text())["product_id"]


@pytest.mark.django_db
def test_refuses_in_production(tmp_path, monkeypatch):
    monkeypatch.setenv("NIANGJIA_ENV", "production")
    with pytest.raises(CommandError):
        call_command("loadtest_accounts", "--count", "1", "--out", str(tmp_path / "a.jsonl"))
    assert not User.objects.exists()
