"""bench/events.py runs end to end against a live server (tiny numbers): exactly the capacity is confirmed, the
waiting list has no gap, no request fails."""

import importlib.util
import json
from pathlib import Path

import pytest
from django.core.management import call_command

BENCH = Path(__file__).resolve().parents[3] / "bench" / "events.py"


@pytest.mark.django_db(transaction=True)
def test_bench_smoke(live_server, tmp_path):
    spec = importlib.util.spec_from_file_location("bench_events", BENCH)
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    # The accounts come from the market's loadtest_accounts command, as an external load test gets them.
    call_command("loadtest_accounts", count=10, out=str(tmp_path / "a.jsonl"), staff_out=str(tmp_path / "s.json"))
    accounts = [json.loads(line) for line in (tmp_path / "a.jsonl").read_text().splitlines() if line.strip()]
    staff = json.loads((tmp_path / "s.json").read_text())
    report = bench.run(url=live_server.url, accounts=accounts, staff=staff, capacity=4, concurrency=4)
    assert report["confirmed"] == 4 and report["server_counts"] == {"capacity": 4, "confirmed": 4, "waitlisted": 6}
    assert report["waitlisted"] == 6 and report["waiting_positions_gap_free"] and report["errors"] == {}
