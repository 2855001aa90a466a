"""bench/scope.py at a tiny size: it loads, measures and checks path == naive (see bench_smoke)."""

import pytest

from niangjia.core.tests.bench_smoke import run_benchmark


@pytest.mark.django_db
def test_scope_benchmark_runs_and_agrees(monkeypatch, capsys):
    run_benchmark(monkeypatch, "scope", ["--orgs", "60", "--members", "300", "--repeat", "3"])
    out = capsys.readouterr().out
    assert "tree consistency after" in out and "| count |" in out
