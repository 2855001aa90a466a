"""bench/todo.py at a tiny size: it loads the tree, roster and to-do rows and the page shows them
(see bench_smoke)."""

import pytest

from niangjia.core.tests.bench_smoke import run_benchmark


@pytest.mark.django_db
def test_todo_benchmark_runs(monkeypatch, capsys):
    run_benchmark(monkeypatch, "todo", ["--orgs", "60", "--members", "400", "--repeat", "2"])
    out = capsys.readouterr().out
    assert out.count("GET /workbench/") == 6  # two districts; previous per-kind, UNION ALL uncached and cached
    assert out.count("uncached: GET") == 4 and out.count("previous/this") == 6 and "MISMATCH" not in out
