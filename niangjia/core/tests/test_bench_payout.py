"""bench/payout.py at a tiny size: it builds, exports and imports, and checks service == naive (see bench_smoke)."""

import pytest

from niangjia.core.tests.bench_smoke import run_benchmark


@pytest.mark.django_db
def test_payout_benchmark_runs_and_agrees(monkeypatch, capsys):
    run_benchmark(monkeypatch, "payout", ["--rows", "60", "--naive", "20"])
    out = capsys.readouterr().out
    assert "same accounts as naive: checked" in out and "same outcome as naive: checked" in out
    assert "| build the batch (preview + create) |" in out
