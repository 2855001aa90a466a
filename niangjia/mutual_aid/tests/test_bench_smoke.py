"""bench/mutual_aid.py at a tiny size: it runs, measures paying claims and checks that the batch, the
per-row loop and approve_claim decide the same (see niangjia/core/tests/bench_smoke.py)."""

import pytest

from niangjia.core.tests.bench_smoke import run_benchmark


@pytest.mark.django_db
def test_mutual_aid_benchmark_runs_and_agrees(monkeypatch, capsys):
    run_benchmark(monkeypatch, "mutual_aid", ["--members", "60", "--claims", "60", "--sample", "20"])
    out = capsys.readouterr().out
    assert out.count("same decisions: checked") == 2 and "same members enrolled: checked" in out
