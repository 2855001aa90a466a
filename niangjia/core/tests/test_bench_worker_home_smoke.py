"""bench/worker_home.py in the test database: the worker home stays under 100 KB transferred with gzip."""

import json

import pytest

from niangjia.core.tests.bench_smoke import run_benchmark


@pytest.mark.django_db
def test_worker_home_weight_benchmark_runs_and_stays_under_100kb(monkeypatch, capsys):
    run_benchmark(monkeypatch, "worker_home", [])
    out = json.loads(capsys.readouterr().out)
    for result in out["results"].values():
        assert result["transferred_gzip"] < 100 * 1024
        assert "/static/js/submit-once.js" in result["assets"]
