"""bench/rights.py at a tiny size: it loads the seed and generated articles, the index covers them all and
the search finds at least what the LIKE scan finds (see niangjia/core/tests/bench_smoke.py)."""

import json

import pytest

from niangjia.core.tests.bench_smoke import run_benchmark


@pytest.mark.django_db
def test_rights_benchmark_runs_and_agrees(monkeypatch, capsys):
    run_benchmark(monkeypatch, "rights", ["--articles", "40", "--repeats", "1"])
    out = json.loads(capsys.readouterr().out)
    for split in ("tune", "heldout"):
        assert out["fts"][split]["recall_at_3"] >= out["like"][split]["recall_at_3"]
        assert out["fts"][split]["recall_at_3"] >= 0.8  # 40 distractors barely dent the knowledge base
