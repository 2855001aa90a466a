"""bench/market.py runs end to end against a live server (tiny numbers): the stock sells exactly, nobody twice."""

import importlib.util
from pathlib import Path

import pytest

from niangjia.market import loadtest

BENCH = Path(__file__).resolve().parents[3] / "bench" / "market.py"


@pytest.mark.django_db(transaction=True)
def test_bench_smoke(live_server):
    spec = importlib.util.spec_from_file_location("bench_market", BENCH)
    bench = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(bench)
    accounts = loadtest.create_accounts(12)
    staff = loadtest.staff_account()
    report = bench.run(url=live_server.url, accounts=accounts, staff=staff, stock=5, concurrency=4, doubles=4)
    assert report["successful"] == 5 and report["server_sold"] == 5
    assert report["oversell"] == 0 and report["over_limit"] == 0 and report["reconciliation_diff"] == 0
    assert set(report["answers"]) <= {"201", "409 sold_out", "409 over_limit"}
