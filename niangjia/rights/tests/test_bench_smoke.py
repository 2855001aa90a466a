"""bench/rights.py at a tiny size: it loads the seed and generated articles, the index covers them all and
the search finds at least what the LIKE scan finds (see niangjia/core/tests/bench_smoke.py)."""

import json

import pytest

from niangjia.core.tests.bench_smoke import run_benchmark


@pytest.mark.django_db
def test_rights_benchmark_runs_and_agrees(monkeypatch, capsys):
    run_benchmark(monkeypatch, "rights", ["--articles", "40", "--repeats", "1"])
    out = json.loads(capsys.readouterr().out)
    assert out["fts"]["recall_at_3"] >= out["like"]["recall_at_3"]
