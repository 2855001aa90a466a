"""bench/relief.py at a tiny size with every loop over all rows, so each of campaign, monitoring and
what-if compares the set-based result with the loop's (see niangjia/core/tests/bench_smoke.py)."""

import pytest

from niangjia.core.tests.bench_smoke import run_benchmark


@pytest.mark.django_db
def test_relief_benchmark_runs_and_agrees(monkeypatch, capsys):
    run_benchmark(monkeypatch, "relief", ["--households", "40", "--apps", "40", "--full-loop"])
    out = capsys.readouterr().out
    assert out.count("same result from both paths") == 3, out
