"""bench/jobs.py at a tiny size: it loads the demo generator's employers and posts and the workers' intents, and
its checks hold (search at least as on-topic as the LIKE scan; stored-token matching ranks like the simple way)."""

import json

import pytest

from niangjia.core.tests.bench_smoke import run_benchmark


@pytest.mark.django_db
def test_jobs_benchmark_runs_and_agrees(monkeypatch, capsys):
    run_benchmark(monkeypatch, "jobs", ["--employers", "12", "--posts", "80", "--workers", "40", "--samples", "5",
                                        "--simple-samples", "3", "--repeats", "1", "--rematch"])
    out = json.loads(capsys.readouterr().out)
    assert (out["employers"], out["posts"], out["workers"]) == (12, 80, 40)
    assert out["rematch_all"]["intents"] == 40
    assert out["precision_at_3"]["tuned_on"] >= 0.7 and out["precision_at_3"]["heldout"] >= 0.7
