"""Flash-sale load over HTTP (issue 15): N buyers with API tokens contend for a small stock through
POST /api/v1/market/sales/{id}/orders against a RUNNING server; reports successful orders/s, p95 latency,
oversell, over-limit and the server's reconciliation difference (all three must be 0).

    .venv/bin/python manage.py loadtest_accounts --count 10000 --out var/accounts.jsonl --staff-out var/staff.json
    .venv/bin/python bench/market.py --url http://127.0.0.1:8000 --accounts var/accounts.jsonl \
        --staff var/staff.json --stock 800 --concurrency 64

Every buyer orders once; `--doubles` of them order a second time (limit 1: those must be refused).
Standard library only (threads + http.client), so it runs from any machine with Python 3.11.
`--pgbench postgres://…` also measures the same machine's ceiling for one hot-row UPDATE (pgbench, a scratch
table, same client count, 10 s) and reports the ratio of successful orders/s to it.
"""

import argparse
import datetime as dt
import http.client
import json
import statistics
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit


class Http:
    """One keep-alive connection per thread."""

    def __init__(self, base: str):
        parts = urlsplit(base)
        self.host, self.port, self.https = parts.hostname, parts.port, parts.scheme == "https"
        self.local = threading.local()

    def _conn(self):
        conn = getattr(self.local, "conn", None)
        if conn is None:
            cls = http.client.HTTPSConnection if self.https else http.client.HTTPConnection
            conn = self.local.conn = cls(self.host, self.port, timeout=60)
        return conn

    def call(self, method: str, path: str, token: str, body: dict | None = None) -> tuple[int, dict]:
        headers = {"Authorization": f"Bearer {token}", "Accept": "application/json"}
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        for attempt in range(2):
            conn = self._conn()
            try:
                conn.request(method, path, body=data, headers=headers)
                resp = conn.getresponse()
                raw = resp.read()
                return resp.status, (json.loads(raw) if raw else {})
            except (http.client.HTTPException, OSError):
                conn.close()
                self.local.conn = None
                if attempt:
                    raise
        raise RuntimeError("unreachable")


def run(*, url: str, accounts: list[dict], staff: dict, stock: int, concurrency: int, doubles: int = 0) -> dict:
    http_ = Http(url)
    now = dt.datetime.now(dt.UTC)
    status, body = http_.call("POST", "/api/v1/market/sales", staff["token"], {
        "product_id": staff["product_id"], "stock": stock, "per_member_limit": 1, "price": "39.90",
        "starts_at": (now - dt.timedelta(minutes=1)).isoformat(), "ends_at": (now + dt.timedelta(hours=1)).isoformat()})
    if status != 201:
        raise SystemExit(f"creating the sale failed: {status} {body}")
    sale_id = body["id"]
    path = f"/api/v1/market/sales/{sale_id}/orders"
    tokens = [a["token"] for a in accounts] + [a["token"] for a in accounts[:doubles]]
    results: list[tuple[int, str, float, str]] = []
    lock = threading.Lock()

    start = time.perf_counter()
    done_at: list[float] = []

    def buy(token: str) -> None:
        t0 = time.perf_counter()
        code, answer = http_.call("POST", path, token, {"quantity": 1})
        t1 = time.perf_counter()
        with lock:
            results.append((code, answer.get("code", ""), t1 - t0, token))
            if code == 201:
                done_at.append(t1 - start)

    with ThreadPoolExecutor(max_workers=concurrency) as pool:
        list(pool.map(buy, tokens))
    wall = time.perf_counter() - start
    ok = [r for r in results if r[0] == 201]
    sold_out_s = max(done_at, default=0.0)  # from the first request to the last successful answer
    per_token: dict[str, int] = {}
    for r in ok:
        per_token[r[3]] = per_token.get(r[3], 0) + 1
    _s, detail = http_.call("GET", f"/api/v1/market/sales/{sale_id}", staff["token"])
    lat = sorted(r[2] for r in results)
    codes: dict[str, int] = {}
    for r in results:
        key = f"{r[0]} {r[1]}".strip()
        codes[key] = codes.get(key, 0) + 1
    return {
        "sale_id": sale_id, "buyers": len(accounts), "requests": len(results), "stock": stock,
        "successful": len(ok), "wall_s": round(wall, 3),
        "successful_per_s": round(len(ok) / sold_out_s, 1) if sold_out_s else 0.0,
        "sold_out_after_s": round(sold_out_s, 3),
        "requests_per_s": round(len(results) / wall, 1) if wall else 0.0,
        "p50_ms": round(statistics.median(lat) * 1000, 1) if lat else 0.0,
        "p95_ms": round(lat[int(0.95 * (len(lat) - 1))] * 1000, 1) if lat else 0.0,
        "oversell": max(0, len(ok) - stock) + max(0, detail.get("sold", 0) - detail.get("stock_total", stock)),
        "over_limit": sum(1 for n in per_token.values() if n > 1),
        "reconciliation_diff": detail.get("reconciliation_diff"),
        "server_sold": detail.get("sold"), "answers": codes,
    }


def pgbench_hot_row(dsn: str, clients: int, seconds: int = 10) -> float:
    """TPS of `UPDATE … SET n = n + 1 WHERE id = 1` on one row: the database's ceiling for a single hot row."""
    import os
    import tempfile

    subprocess.run(["psql", dsn, "-qc", "DROP TABLE IF EXISTS bench_hot_row; CREATE TABLE bench_hot_row "
                    "(id int primary key, n bigint not null); INSERT INTO bench_hot_row VALUES (1, 0);"], check=True)
    with tempfile.NamedTemporaryFile("w", suffix=".sql", delete=False) as fh:
        fh.write("UPDATE bench_hot_row SET n = n + 1 WHERE id = 1;\n")
    try:
        out = subprocess.run(["pgbench", "-n", "-f", fh.name, "-c", str(clients), "-j", "2", "-T", str(seconds), dsn],
                             check=True, capture_output=True, text=True).stdout
    finally:
        os.unlink(fh.name)
        subprocess.run(["psql", dsn, "-qc", "DROP TABLE IF EXISTS bench_hot_row"], check=False)
    for line in out.splitlines():
        if line.startswith("tps ="):
            return float(line.split()[2])
    raise RuntimeError(out)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", required=True)
    parser.add_argument("--accounts", required=True, help="JSON lines from manage.py loadtest_accounts")
    parser.add_argument("--staff", required=True, help="the --staff-out file of loadtest_accounts")
    parser.add_argument("--stock", type=int, default=800)
    parser.add_argument("--concurrency", type=int, default=64)
    parser.add_argument("--doubles", type=int, default=0)
    parser.add_argument("--limit", type=int, default=0, help="use only the first N accounts")
    parser.add_argument("--pgbench", help="PostgreSQL URL: also measure the hot-row UPDATE ceiling with pgbench")
    args = parser.parse_args(argv)
    with open(args.accounts, encoding="utf-8") as fh:
        accounts = [json.loads(line) for line in fh if line.strip()]
    if args.limit:
        accounts = accounts[: args.limit]
    with open(args.staff, encoding="utf-8") as fh:
        staff = json.load(fh)
    report = run(url=args.url, accounts=accounts, staff=staff, stock=args.stock, concurrency=args.concurrency,
                 doubles=args.doubles)
    if args.pgbench:
        ceiling = pgbench_hot_row(args.pgbench, args.concurrency)
        report["pgbench_hot_row_tps"] = round(ceiling, 1)
        report["ratio_to_pgbench"] = round(report["successful_per_s"] / ceiling, 3) if ceiling else None
    print(json.dumps(report, ensure_ascii=False, indent=2))
    return 0 if report["oversell"] == 0 and report["over_limit"] == 0 and report["reconciliation_diff"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
