"""Skill-contest start storm over HTTP (issue 16): N members with API tokens start the same contest at once
through POST /api/v1/contests/{id}/attempts against a RUNNING server (scripts/serve: granian, production
settings). Target: p95 <= 1 s and 0 errors for 3,000 starts.

    .venv/bin/python manage.py loadtest_accounts --count 3000 --out var/accounts.jsonl --staff-out var/staff.json
    scripts/serve &      # PORT=8000
    .venv/bin/python bench/contests.py --url http://127.0.0.1:8000 --accounts var/accounts.jsonl \
        --staff var/staff.json --concurrency 200 --retries 300

What it checks besides time: every member got exactly one attempt with a full paper; `--retries` members start
a second time while their first start may still be in flight, and must get the SAME attempt back (idempotent,
safe to retry). The "simple approach" measured in the same run is the same starts sent one after another by one
client (a second contest, `--simple` members): the ratio is concurrent starts/s over sequential starts/s.
Standard library only (threads + http.client), so it runs from any machine with Python 3.11.
"""

import argparse
import http.client
import importlib.util
import json
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

# The keep-alive client of bench/market.py (one connection per thread), shared rather than copied; loaded by path
# so this file still runs on its own from any machine with the repository.
_spec = importlib.util.spec_from_file_location("bench_market", Path(__file__).with_name("market.py"))
_market = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_market)


class Http(_market.Http):
    """market.py's client; a connection that fails twice counts as an error (599) instead of stopping the run."""

    def call(self, method: str, path: str, token: str, body: dict | None = None) -> tuple[int, dict]:
        try:
            return super().call(method, path, token, body)
        except (http.client.HTTPException, OSError):
            return 599, {"code": "connection"}


def _create_contest(http_: Http, staff: dict, question_count: int, title: str) -> int:
    status, body = http_.call("POST", "/api/v1/contests", staff["token"], {
        "title": title, "question_count": question_count, "time_limit_seconds": 1800})
    if status != 201:
        raise SystemExit(f"creating the contest failed: {status} {body}")
    return body["id"]


def _pct(values: list[float], p: float) -> float:
    return round(values[int(p * (len(values) - 1))] * 1000, 1) if values else 0.0


def storm(http_: Http, contest_id: int, tokens: list[str], *, concurrency: int, question_count: int) -> dict:
    """Every token starts once; all threads are released together (a barrier), as when a contest opens."""
    path = f"/api/v1/contests/{contest_id}/attempts"
    results: list[tuple[str, int, str, float, int | None, int]] = []
    lock = threading.Lock()
    chunks = [tokens[i::concurrency] for i in range(concurrency)]
    barrier = threading.Barrier(len([c for c in chunks if c]))

    def worker(chunk: list[str]) -> None:
        http_.call("GET", "/healthz", "")  # open the connection before the barrier, as a waiting phone would
        barrier.wait()
        for token in chunk:
            t0 = time.perf_counter()
            code, answer = http_.call("POST", path, token)
            lat = time.perf_counter() - t0
            with lock:
                results.append((token, code, answer.get("code", ""), lat, answer.get("attempt_id"),
                                len(answer.get("questions", []))))

    start = time.perf_counter()
    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        list(pool.map(worker, [c for c in chunks if c]))
    wall = time.perf_counter() - start
    lat = sorted(r[3] for r in results)
    ids: dict[str, set] = {}
    for r in results:
        if r[1] == 200:
            ids.setdefault(r[0], set()).add(r[4])
    codes: dict[str, int] = {}
    for r in results:
        key = f"{r[1]} {r[2]}".strip()
        codes[key] = codes.get(key, 0) + 1
    return {
        "requests": len(results), "clients": concurrency, "wall_s": round(wall, 3),
        "starts_per_s": round(len(results) / wall, 1) if wall else 0.0,
        "p50_ms": _pct(lat, 0.5), "p95_ms": _pct(lat, 0.95), "p99_ms": _pct(lat, 0.99),
        "max_ms": round(lat[-1] * 1000, 1) if lat else 0.0,
        "errors": sum(1 for r in results if r[1] != 200),
        "members_with_two_attempts": sum(1 for s in ids.values() if len(s) > 1),
        "members_without_attempt": len(set(tokens) - set(ids)),
        "short_papers": sum(1 for r in results if r[1] == 200 and r[5] != question_count),
        "answers": codes,
    }


def run(*, url: str, accounts: list[dict], staff: dict, concurrency: int, retries: int = 0, simple: int = 0,
        question_count: int = 20) -> dict:
    http_ = Http(url)
    tokens = [a["token"] for a in accounts]
    contest_id = _create_contest(http_, staff, question_count, f"压测竞赛 {time.strftime('%H:%M:%S')}")
    # the retried starts go in the same storm, interleaved, so a retry can race its own first start
    storm_tokens = tokens + tokens[:retries]
    report = storm(http_, contest_id, storm_tokens, concurrency=concurrency, question_count=question_count)
    report.update({"contest_id": contest_id, "members": len(tokens), "retried": retries,
                   "questions_per_paper": question_count})
    if simple:
        simple_id = _create_contest(http_, staff, question_count, f"压测竞赛（顺序）{time.strftime('%H:%M:%S')}")
        seq = storm(http_, simple_id, tokens[:simple], concurrency=1, question_count=question_count)
        report["sequential"] = {k: seq[k] for k in ("requests", "starts_per_s", "p50_ms", "p95_ms", "errors")}
        report["ratio_concurrent_vs_sequential"] = (round(report["starts_per_s"] / seq["starts_per_s"], 2)
                                                    if seq["starts_per_s"] else None)
    return report


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--accounts", required=True, help="JSON lines from manage.py loadtest_accounts")
    parser.add_argument("--staff", required=True, help="the --staff-out file of loadtest_accounts")
    parser.add_argument("--concurrency", type=int, default=200, help="clients released at once")
    parser.add_argument("--retries", type=int, default=0, help="members who start a second time")
    parser.add_argument("--simple", type=int, default=300, help="members for the sequential baseline (0: none)")
    parser.add_argument("--questions", type=int, default=20)
    parser.add_argument("--limit", type=int, default=0, help="use only the first N accounts")
    args = parser.parse_args(argv)
    with open(args.accounts, encoding="utf-8") as fh:
        accounts = [json.loads(line) for line in fh if line.strip()]
    if args.limit:
        accounts = accounts[: args.limit]
    with open(args.staff, encoding="utf-8") as fh:
        staff = json.load(fh)
    simple = min(args.simple, len(accounts))
    report = run(url=args.url, accounts=accounts, staff=staff, concurrency=args.concurrency, retries=args.retries,
                 simple=simple, question_count=args.questions)
    report["target_met"] = report["p95_ms"] <= 1000 and report["errors"] == 0
    print(json.dumps(report, ensure_ascii=False, indent=2))
    ok = (report["errors"] == 0 and report["members_with_two_attempts"] == 0 and report["members_without_attempt"] == 0
          and report["short_papers"] == 0)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
