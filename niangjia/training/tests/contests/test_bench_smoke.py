"""bench/contests.py runs end to end against a live server (tiny numbers): everyone gets one attempt with a
full paper, retried starts get the same attempt back, no errors; the sequential baseline runs too."""

import importlib.util
import json
from pathlib import Path

import pytest
from django.core.management import call_command

BENCH = Path(__file__).resolve().parents[4] / "bench" / "contests.py"


@pytest.mark.django_db(transaction=True)
def test_bench_smoke(live_server, tmp_path):
    spec = importlib.util.spec_from_file_location("bench_contests", BENCH)
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    # the accounts come from the same command an operator runs before the real benchmark
    call_command("loadtest_accounts", count=10, out=str(tmp_path / "a.jsonl"), staff_out=str(tmp_path / "s.json"))
    accounts = [json.loads(line) for line in (tmp_path / "a.jsonl").read_text().splitlines()]
    staff = json.loads((tmp_path / "s.json").read_text())
    report = bench.run(url=live_server.url, accounts=accounts, staff=staff, concurrency=4, retries=5, simple=3,
                       question_count=6)
    assert report["requests"] == 15 and report["errors"] == 0, report["answers"]
    assert report["members_with_two_attempts"] == 0 and report["members_without_attempt"] == 0
    assert report["short_papers"] == 0
    assert report["sequential"]["requests"] == 3 and report["sequential"]["errors"] == 0
