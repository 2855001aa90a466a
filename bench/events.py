"""Event registration under load over HTTP (issue 17): N members with API tokens register at once for an event with
a few places, through POST /api/v1/events/{id}/registrations against a RUNNING server. Reports confirmed (must equal
the capacity), the waiting list (positions 1..N-capacity without a gap), errors (must be 0) and latency; for scale it
also measures, in the same run and at the same concurrency, the cheapest authenticated read (GET /api/v1/events/{id})
and gives the ratio of the two p95s.

    .venv/bin/python manage.py loadtest_accounts --count 1000 --out var/accounts.jsonl --staff-out var/staff.json
    .venv/bin/python bench/events.py --url http://127.0.0.1:8000 --accounts var/accounts.jsonl \
        --staff var/staff.json --capacity 60 --concurrency 64

Standard library only (threads + http.client; the connection helper is bench/market.py's).
"""

import argparse
import datetime as dt
import importlib.util
import json
import statistics
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

_spec = importlib.util.spec_from_file_location("bench_market", Path(__file__).with_name("market.py"))
_market = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_market)
Http = _market.Http


def _p(values: list[float], q: float) -> float:
    return round(values[int(q * (len(values) - 1))] * 1000, 1) if values else 0.0


def _timed(pool_size: int, calls: list) -> tuple[list[tuple[int, dict, float]], float]:
    out: list[tuple[int, dict, float]] = []
    lock = threading.Lock()

    def one(call):
        t0 = time.perf_counter()
        code, body = call()
        with lock:
            out.append((code, body, time.perf_counter() - t0))

    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=pool_size) as pool:
        list(pool.map(one, calls))
    return out, time.perf_counter() - start


def run(*, url: str, accounts: list[dict], staff: dict, capacity: int, concurrency: int) -> dict:
    http_ = Http(url)
    now = dt.datetime.now(dt.UTC)
    status, body = http_.call("POST", "/api/v1/events", staff["token"], {
        "title": f"压测讲座 {now:%H%M%S%f}", "kind": "lecture", "capacity": capacity,
        "starts_at": (now + dt.timedelta(days=2)).isoformat(), "ends_at": (now + dt.timedelta(days=2, hours=2)).isoformat(),
        "registration_closes_at": (now + dt.timedelta(days=1)).isoformat()})
    if status != 201:
        raise SystemExit(f"creating the event failed: {status} {body}")
    event_id = body["id"]
    path = f"/api/v1/events/{event_id}/registrations"
    results, wall = _timed(concurrency, [lambda t=a["token"]: http_.call("POST", path, t) for a in accounts])
    baseline, _ = _timed(concurrency, [lambda t=a["token"]: http_.call("GET", f"/api/v1/events/{event_id}", t)
                                       for a in accounts])
    confirmed = [r for r in results if r[0] == 201 and r[1].get("status") == "confirmed"]
    waiting = sorted(r[1]["position"] for r in results if r[0] == 201 and r[1].get("status") == "waitlisted")
    errors: dict[str, int] = {}
    for code, answer, _t in results:
        if code != 201:
            key = f"{code} {answer.get('code', '')}".strip()
            errors[key] = errors.get(key, 0) + 1
    _s, counts = http_.call("GET", f"/api/v1/events/{event_id}", staff["token"])
    lat = sorted(r[2] for r in results)
    base = sorted(r[2] for r in baseline)
    return {
        "event_id": event_id, "registrations": len(results), "capacity": capacity, "concurrency": concurrency,
        "confirmed": len(confirmed), "waitlisted": len(waiting),
        "waiting_positions_gap_free": waiting == list(range(1, len(waiting) + 1)),
        "server_counts": {k: counts.get(k) for k in ("capacity", "confirmed", "waitlisted")},
        "errors": errors, "wall_s": round(wall, 3), "requests_per_s": round(len(results) / wall, 1) if wall else 0.0,
        "p50_ms": round(statistics.median(lat) * 1000, 1) if lat else 0.0, "p95_ms": _p(lat, 0.95),
        "read_p95_ms": _p(base, 0.95), "p95_ratio_to_read": round(_p(lat, 0.95) / _p(base, 0.95), 2) if base else None,
    }


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--accounts", required=True, help="JSON lines from manage.py loadtest_accounts")
    parser.add_argument("--staff", required=True, help="the --staff-out file of loadtest_accounts")
    parser.add_argument("--capacity", type=int, default=60)
    parser.add_argument("--concurrency", type=int, default=64)
    parser.add_argument("--limit", type=int, default=1000, help="use only the first N accounts")
    args = parser.parse_args(argv)
    with open(args.accounts, encoding="utf-8") as fh:
        accounts = [json.loads(line) for line in fh if line.strip()][: args.limit]
    with open(args.staff, encoding="utf-8") as fh:
        staff = json.load(fh)
    report = run(url=args.url, accounts=accounts, staff=staff, capacity=args.capacity, concurrency=args.concurrency)
    print(json.dumps(report, ensure_ascii=False, indent=2))
    ok = (report["confirmed"] == args.capacity == report["server_counts"]["confirmed"] and not report["errors"]
          and report["waiting_positions_gap_free"])
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
