"""bench/congress.py at a tiny size in the test database: every first ballot counted once, duplicates refused."""

import json

import pytest

from niangjia.core.tests.bench_smoke import run_benchmark


@pytest.mark.django_db
def test_congress_benchmark_runs_and_counts_every_ballot_once(monkeypatch, capsys):
    run_benchmark(monkeypatch, "congress", ["--delegates", "9", "--duplicates", "0.5"])
    out = json.loads(capsys.readouterr().out)
    for key in ("concurrent", "sequential"):
        assert out[key]["accepted"] == 9 and out[key]["lost"] == 0 and out[key]["refused_409"] == 4
