"""Congress vote benchmark: N delegates check in and vote at the same moment over HTTP through the token API,
against the production server (scripts/serve: granian), then the chair closes and the tally is checked.

What it reports: ballots per second, p50/p95 latency of a ballot, time to close and tally, and the checks that
matter — every delegate's first ballot counted exactly once (0 lost), every duplicate refused with 409 (0 double).
The simple approach measured in the same run is the same ballots sent one after another by one client.

    .venv/bin/python bench/congress.py --delegates 295 --duplicates 0.2
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_congress .venv/bin/python bench/congress.py

Without DATABASE_URL it uses var/bench_congress.sqlite3. Refuses a database whose name lacks "bench".
`--in-process` uses Django's test client instead of a server (the smoke test in the suite does).
"""

import argparse
import concurrent.futures
import json
import os
import platform
import random
import socket
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "niangjia.settings")
if not os.environ.get("DATABASE_URL"):
    os.environ["DATABASE_URL"] = f"sqlite:///{ROOT / 'var' / 'bench_congress.sqlite3'}"

import django  # noqa: E402

django.setup()

from django.contrib.auth.hashers import make_password  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

_ROUND = iter(range(1, 10))


def build(n: int) -> dict:
    """A union with a congress of n delegates, a sitting in progress, a chair; one API token each."""
    from niangjia.congress.models import Congress, Delegate, DelegateGroup, Sitting
    from niangjia.core import pii
    from niangjia.core.demo import synthetic_id, synthetic_uscc
    from niangjia.core.models import Member, Org, OrgRole, User
    from niangjia.core.services.tokens import issue_token

    rng = random.Random(time.time_ns())
    stamp = f"{time.time_ns() % 10**8:08d}"
    hashed = make_password("Bench-pass-2026")
    with transaction.atomic():
        city = Org.objects.create(name=f"基准市总工会{stamp}", level="city", region_code="330100", path="", depth=1)
        city.path = f"{city.pk:08d}"
        city.save(update_fields=["path"])
        union = Org.objects.create(name=f"基准公司工会{stamp}", level="grassroots", parent=city, region_code="330100",
                                   path="", depth=2, uscc=synthetic_uscc(rng, "330100"), employer_name="基准公司")
        union.path = city.path + f"{union.pk:08d}"
        union.save(update_fields=["path"])
        prefix = next(_ROUND) * 1000 + int(stamp) % 1000   # a fresh number block for each build of a run
        phones = [f"16{prefix % 10000:04d}{i:05d}" for i in range(n + 1)]
        users = User.objects.bulk_create([User(phone=p, phone_index=pii.blind_index(p, purpose="phone"), password=hashed,
                                               real_name=f"代表{i}") for i, p in enumerate(phones)])
        chair, voters = users[0], users[1:]
        OrgRole.objects.create(user=chair, org=union, role="staff")
        members = []
        for i, u in enumerate(voters):
            id_number = synthetic_id(rng, "330102", i)
            members.append(Member(org=union, user=u, name=u.real_name, id_number=id_number,
                                  id_index=pii.blind_index(id_number, purpose="id"), gender="M",
                                  birth_date="1980-01-01", member_no=f"B{stamp}{i:05d}", join_date="2020-01-01"))
        members = Member.objects.bulk_create(members)
        congress = Congress.objects.create(org=union, title="基准职代会")
        groups = [DelegateGroup.objects.create(congress=congress, name=f"第{g + 1}组") for g in range(6)]
        Delegate.objects.bulk_create([Delegate(congress=congress, group=groups[i % 6], member=m, user=u, name=u.real_name)
                                      for i, (m, u) in enumerate(zip(members, voters, strict=True))])
        sitting = Sitting.objects.create(congress=congress, title="基准会议", status=Sitting.Status.IN_PROGRESS)
    tokens = [issue_token(actor=None, user=u, name="bench")[0] for u in voters]
    chair_token = issue_token(actor=None, user=chair, name="bench")[0]
    return {"sitting": sitting.pk, "tokens": tokens, "chair": chair_token}


class Http:
    def __init__(self, base: str):
        self.base = base

    def call(self, method: str, path: str, token: str, body: dict | None = None) -> tuple[int, dict]:
        data = json.dumps(body).encode() if body is not None else b""
        req = urllib.request.Request(self.base + path, data=data if method == "POST" else None, method=method,
                                     headers={"Authorization": f"Bearer {token}", "Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=60) as resp:
                return resp.status, json.loads(resp.read() or b"{}")
        except urllib.error.HTTPError as err:
            return err.code, json.loads(err.read() or b"{}")


class InProcess:
    def __init__(self):
        from django.test import Client

        self.client = Client

    def call(self, method: str, path: str, token: str, body: dict | None = None) -> tuple[int, dict]:
        c = self.client(HTTP_AUTHORIZATION=f"Bearer {token}")
        if method == "POST":
            r = c.post(path, json.dumps(body or {}), content_type="application/json")
        else:
            r = c.get(path)
        return r.status_code, r.json()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server() -> tuple[subprocess.Popen, str]:
    port = _free_port()
    env = {**os.environ, "PORT": str(port), "NIANGJIA_HUEY": "0", "PY": sys.executable}
    proc = subprocess.Popen(["bash", str(ROOT / "scripts" / "serve")], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    for _ in range(120):
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=2):
                return proc, base
        except OSError:
            time.sleep(0.5)
    proc.kill()
    raise SystemExit("the server did not come up")


def vote_round(api, data: dict, *, duplicates: float, parallel: bool, workers: int) -> dict:
    api_prefix = "/api/v1/congress"
    sitting = data["sitting"]
    status, body = api.call("POST", f"{api_prefix}/sittings/{sitting}/motions", data["chair"],
                            {"title": "基准议题", "kind": "resolution", "secret": False})
    assert status == 201, (status, body)
    motion = body["id"]
    for token in data["tokens"]:
        api.call("POST", f"{api_prefix}/sittings/{sitting}/check-in", token)
    status, body = api.call("POST", f"{api_prefix}/motions/{motion}/open", data["chair"])
    assert status == 200, (status, body)
    rng = random.Random(7)
    sends = [(i, ("yes", "no", "abstain")[i % 3]) for i in range(len(data["tokens"]))]
    sends += [(i, "yes") for i in rng.sample(range(len(data["tokens"])), int(len(data["tokens"]) * duplicates))]
    rng.shuffle(sends)

    def send(item):
        i, choice = item
        t0 = time.perf_counter()
        code, _ = api.call("POST", f"{api_prefix}/motions/{motion}/ballots", data["tokens"][i], {"choice": choice})
        return i, code, time.perf_counter() - t0

    started = time.perf_counter()
    if parallel:
        with concurrent.futures.ThreadPoolExecutor(max_workers=workers) as pool:
            results = list(pool.map(send, sends))
    else:
        results = [send(s) for s in sends]
    elapsed = time.perf_counter() - started
    t0 = time.perf_counter()
    status, _ = api.call("POST", f"{api_prefix}/motions/{motion}/close", data["chair"])
    close_s = time.perf_counter() - t0
    _status, result = api.call("GET", f"{api_prefix}/motions/{motion}/result", data["chair"])
    accepted = {i for i, code, _ in results if code == 201}
    errors = [code for _i, code, _ in results if code not in (201, 409)]
    latencies = sorted(lat for _i, _c, lat in results)
    counted = result["yes"] + result["no"] + result["abstain"]
    return {"ballots_sent": len(sends), "accepted": len(accepted), "refused_409": sum(1 for r in results if r[1] == 409),
            "errors": len(errors), "counted": counted, "lost": len(data["tokens"]) - counted,
            "double": len([r for r in results if r[1] == 201]) - len(accepted),
            "seconds": round(elapsed, 3), "ballots_per_s": round(len(sends) / elapsed, 1),
            "p50_ms": round(statistics.median(latencies) * 1000, 1),
            "p95_ms": round(latencies[int(0.95 * (len(latencies) - 1))] * 1000, 1), "close_ms": round(close_s * 1000, 1)}


def main(argv=None, test_database: bool = False) -> dict:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--delegates", type=int, default=295)
    parser.add_argument("--duplicates", type=float, default=0.2, help="share of delegates who send twice")
    parser.add_argument("--workers", type=int, default=64, help="concurrent HTTP clients")
    parser.add_argument("--in-process", action="store_true")
    args = parser.parse_args(argv)
    if not test_database:
        if "bench" not in connection.settings_dict["NAME"]:
            raise SystemExit("refusing: the database name must contain 'bench'")
        (ROOT / "var").mkdir(exist_ok=True)
        call_command("migrate", verbosity=0)
    server = None
    if args.in_process or test_database:
        api = InProcess()
    else:
        server, base = start_server()
        api = Http(base)
    try:
        fast = vote_round(api, build(args.delegates), duplicates=args.duplicates, parallel=not test_database,
                          workers=args.workers)
        simple = vote_round(api, build(args.delegates), duplicates=args.duplicates, parallel=False, workers=1)
    finally:
        if server is not None:
            os.killpg(server.pid, 15)
            server.wait(timeout=30)
    for name, r in (("concurrent", fast), ("sequential", simple)):
        if r["lost"] or r["double"] or r["errors"] or r["accepted"] != args.delegates:
            raise SystemExit(f"MISMATCH: {name} round lost {r['lost']}, double {r['double']}, errors {r['errors']}")
    out = {"machine": platform.platform(), "cpus": os.cpu_count(), "database": connection.vendor,
           "delegates": args.delegates, "concurrent": fast, "sequential": simple,
           "speedup_ballots_per_s": round(fast["ballots_per_s"] / simple["ballots_per_s"], 2)}
    print(json.dumps(out, ensure_ascii=False, indent=2))
    return out


if __name__ == "__main__":
    main()
