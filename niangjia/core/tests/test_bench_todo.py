"""bench/todo.py at a tiny size: it loads the tree, roster and to-do rows and the page shows them
(see bench_smoke)."""

import pytest

from niangjia.core.tests.bench_smoke import run_benchmark


@pytest.mark.django_db
def test_todo_benchmark_runs(monkeypatch, capsys):
    run_benchmark(monkeypatch, "todo", ["--orgs", "60", "--members", "400", "--repeat", "2"])
    out = capsys.readouterr().out
    # two districts × four modes: previous per-kind; UNION ALL uncached with plans built / kept; cached
    assert out.count("GET /workbench/") == 8 and out.count("previous/this") == 8 and "MISMATCH" not in out
    assert out.count("plans built: GET") == 2 and out.count("plans kept: GET") == 2
