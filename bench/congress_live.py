"""云听会 benchmark: N listeners follow one sitting over server-sent events; the chair closes a vote; how long until
every listener has the published result, and what the live server costs in memory.

Servers: the production ones, as scripts/serve runs them — the WSGI site (granian, workers × threads) for the chair
and the polling baseline, and the live-listener ASGI app (granian, one process) for the streams.

Reported, in the same run:
- SSE: connected listeners, RSS of the live server with all of them connected, p50/p95/max delay from the moment
  the chair's close request is sent until each listener has the result, results lost.
- The simple approach: the same listeners poll the JSON snapshot on the WSGI site every `--poll-interval` seconds;
  the same delay figures, requests per second served, and the database work (snapshots computed per second) of both.
- Before the warm-up fix (niangjia/wsgi.py), in the same run: the SSE figures once more against fresh servers
  started with NIANGJIA_WARMUP=0, whose workers load the URL configuration on the first request (the chair's close).

    .venv/bin/python bench/congress_live.py --listeners 4000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_congress_live .venv/bin/python bench/congress_live.py

Without DATABASE_URL it uses var/bench_congress_live.sqlite3. Refuses a database whose name lacks "bench".
"""

import argparse
import asyncio
import json
import os
import platform
import resource
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "niangjia.settings")
if not os.environ.get("DATABASE_URL"):
    os.environ["DATABASE_URL"] = f"sqlite:///{ROOT / 'var' / 'bench_congress_live.sqlite3'}"

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402


def build(listeners: int) -> dict:
    """A union with a 7-delegate congress whose sitting is in progress with an open vote, and `listeners` members
    of the union logged in (one session each, like phones that opened the live page)."""
    import random

    from django.conf import settings
    from django.contrib.auth.hashers import make_password
    from django.contrib.sessions.backends.db import SessionStore

    from niangjia.congress import services
    from niangjia.congress.models import Congress, Delegate, DelegateGroup, Sitting
    from niangjia.core import pii
    from niangjia.core.demo import synthetic_uscc
    from niangjia.core.models import Member, Org, OrgRole, User
    from niangjia.core.services.tokens import issue_token

    stamp = f"{time.time_ns() % 10**8:08d}"
    rng = random.Random(stamp)
    hashed = make_password("Bench-pass-2026")
    with transaction.atomic():
        city = Org.objects.create(name=f"听会市总工会{stamp}", level="city", region_code="330100", path="", depth=1)
        city.path = f"{city.pk:08d}"
        city.save(update_fields=["path"])
        union = Org.objects.create(name=f"听会公司工会{stamp}", level="grassroots", parent=city, region_code="330100",
                                   path="", depth=2, uscc=synthetic_uscc(rng, "330100"), employer_name="听会公司")
        union.path = city.path + f"{union.pk:08d}"
        union.save(update_fields=["path"])
        phones = [f"15{int(stamp) % 1000:03d}{i:06d}" for i in range(listeners + 8)]
        users = User.objects.bulk_create([User(phone=p, phone_index=pii.blind_index(p, purpose="phone"),
                                               password=hashed, real_name=f"职工{i}") for i, p in enumerate(phones)])
        chair, people = users[0], users[1:]
        OrgRole.objects.create(user=chair, org=union, role="staff")
        members = Member.objects.bulk_create([
            Member(org=union, user=u, name=u.real_name, id_number=(idn := _unique_id(stamp, i)),
                   id_index=pii.blind_index(idn, purpose="id"), gender="M", birth_date="1980-01-01",
                   member_no=f"L{stamp}{i:05d}", join_date="2020-01-01") for i, u in enumerate(people)])
        congress = Congress.objects.create(org=union, title="听会基准职代会")
        group = DelegateGroup.objects.create(congress=congress, name="一组")
        delegates = Delegate.objects.bulk_create([Delegate(congress=congress, group=group, member=m, user=m.user,
                                                           name=m.name) for m in members[:7]])
        sitting = Sitting.objects.create(congress=congress, title="听会基准会议", status=Sitting.Status.IN_PROGRESS)
    for d in delegates[:5]:
        services.check_in(actor=d.user, sitting_id=sitting.pk)

    def motion(title):
        m = services.create_motion(actor=chair, sitting_id=sitting.pk, title=title, kind="resolution", secret=False)
        services.open_motion(actor=chair, motion_id=m.pk)
        for d in delegates[:4]:
            services.cast_ballot(actor=d.user, motion_id=m.pk, choice="yes")
        return m.pk

    sessions = []
    for u in people[7:7 + listeners]:
        s = SessionStore()
        s["_auth_user_id"], s["_auth_user_backend"] = str(u.pk), settings.AUTHENTICATION_BACKENDS[0]
        s["_auth_user_hash"] = u.get_session_auth_hash()
        s.create()
        sessions.append(s.session_key)
    return {"sitting": sitting.pk, "motions": [motion("听会基准决议一"), motion("听会基准决议二"), motion("听会基准决议三")],
            "sessions": sessions, "chair": issue_token(actor=None, user=chair, name="bench")[0], "chair_id": chair.pk,
            "cookie": settings.SESSION_COOKIE_NAME}


def _unique_id(stamp: str, i: int) -> str:
    """A valid-looking ID number, distinct for every listener of this run and (by the stamp) of earlier runs in the
    same database: random birth dates collided for a few thousand rows (birthday problem)."""
    import datetime as dt

    from niangjia.core.validators import id_check_char

    n = int(stamp)
    birth = dt.date(1965, 1, 1) + dt.timedelta(days=(n // 100) % 9000 + i // 1000)
    first17 = f"3301{10 + n % 90:02d}{birth:%Y%m%d}{i % 1000:03d}"
    return first17 + id_check_char(first17)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(url: str, proc) -> None:
    for _ in range(240):
        if proc.poll() is not None:
            raise SystemExit(f"server exited: {url}")
        try:
            with urllib.request.urlopen(url, timeout=2):  # noqa: S310 - our own local server
                return
        except OSError:
            time.sleep(0.5)
    raise SystemExit(f"the server did not come up: {url}")


def start_servers(warm: bool = True) -> tuple[subprocess.Popen, int, int]:
    """`warm=False` starts the WSGI workers as before the fix (URL configuration loaded by the first request)."""
    port, live_port = _free_port(), _free_port()
    env = {**os.environ, "PORT": str(port), "LIVE_PORT": str(live_port), "NIANGJIA_HUEY": "0", "PY": sys.executable,
           "NIANGJIA_WARMUP": "1" if warm else "0"}
    proc = subprocess.Popen(["bash", str(ROOT / "scripts" / "serve")], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, start_new_session=True)
    _wait(f"http://127.0.0.1:{port}/healthz", proc)
    _wait(f"http://127.0.0.1:{live_port}/live/healthz", proc)
    return proc, port, live_port


def stop_servers(proc: subprocess.Popen) -> None:
    os.killpg(proc.pid, signal.SIGTERM)
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)


def live_rss_mb(live_port: int) -> float:
    """RSS of the process listening on the live port and its children (granian's main process and worker)."""
    out = subprocess.run(["ss", "-Hltnp", f"sport = :{live_port}"], capture_output=True, text=True).stdout
    pids = {int(p.split("=")[1]) for p in out.replace(",", " ").split() if p.startswith("pid=")}
    seen, todo = set(), list(pids)
    while todo:
        pid = todo.pop()
        if pid in seen:
            continue
        seen.add(pid)
        try:
            todo += [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
            parent = int(Path(f"/proc/{pid}/stat").read_text().split(") ")[1].split()[1])
            if parent > 1 and "granian" in Path(f"/proc/{parent}/cmdline").read_text():
                todo.append(parent)
        except OSError:
            pass
    total = 0
    for pid in seen:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return round(total / 1024, 1)


CLOSE_FAILURES: list[str] = []


def close_motion(port: int, token: str, motion: int, chair_id: int) -> None:
    """The chair closes over HTTP. When the site does not answer within 30 s (polling can saturate it), that is
    recorded and the vote is closed in-process instead, so the delivery delay can still be measured."""
    req = urllib.request.Request(f"http://127.0.0.1:{port}/api/v1/congress/motions/{motion}/close", data=b"",
                                 method="POST", headers={"Authorization": f"Bearer {token}"})
    try:
        with urllib.request.urlopen(req, timeout=30) as r:  # noqa: S310 - our own local server
            assert r.status == 200
    except OSError as exc:
        CLOSE_FAILURES.append(f"motion {motion}: the site did not answer the chair ({exc.__class__.__name__})")
        from niangjia.congress import services
        from niangjia.core.models import User

        services.close_motion(actor=User.objects.get(pk=chair_id), motion_id=motion)


def _closed(snap: dict, motion: int) -> bool:
    return any(m["id"] == motion and m.get("result") for m in snap.get("agenda", []))


def _pct(values: list[float], p: float) -> float:
    values = sorted(values)
    return round(values[min(len(values) - 1, int(p * (len(values) - 1)))] * 1000, 1) if values else -1.0


async def sse_run(data, live_port: int, port: int, connect_timeout: float, motion: int) -> dict:
    got: dict[int, float] = {}
    ready: set[int] = set()
    t0 = {"t": None}
    writers = []

    async def listen(i: int, key: str):
        reader, writer = await asyncio.open_connection("127.0.0.1", live_port, limit=1 << 20)
        writers.append(writer)
        writer.write((f"GET /live/congress/sittings/{data['sitting']}/events HTTP/1.1\r\nHost: bench\r\n"
                      f"Accept: text/event-stream\r\nCookie: {data['cookie']}={key}\r\n\r\n").encode())
        await writer.drain()
        status = await reader.readline()
        if b" 200 " not in status:
            return
        while True:
            line = await reader.readline()
            if not line:
                return
            if line.startswith(b"data: "):
                snap = json.loads(line[6:])
                if _closed(snap, motion):
                    if i not in got and t0["t"] is not None:
                        got[i] = time.perf_counter() - t0["t"]
                    return
                ready.add(i)

    tasks = [asyncio.ensure_future(listen(i, k)) for i, k in enumerate(data["sessions"])]
    started = time.perf_counter()
    while len(ready) < len(tasks) and time.perf_counter() - started < connect_timeout:
        await asyncio.sleep(0.5)
    connect_s = time.perf_counter() - started
    await asyncio.sleep(2)
    rss = live_rss_mb(live_port)
    t0["t"] = time.perf_counter()
    await asyncio.get_running_loop().run_in_executor(None, close_motion, port, data["chair"], motion, data["chair_id"])
    answered = time.perf_counter() - t0["t"]
    close_ms = round(answered * 1000, 1)
    deadline = time.perf_counter() + 60
    while len(got) < len(ready) and time.perf_counter() < deadline:
        await asyncio.sleep(0.05)
    for t in tasks:
        t.cancel()
    for w in writers:
        w.close()
    delays = list(got.values())
    after = [max(0.0, d - answered) for d in delays]
    return {"listeners": len(tasks), "connected": len(ready), "connect_s": round(connect_s, 1), "live_rss_mb": rss,
            "close_request_ms": close_ms, "delivered": len(got), "lost": len(ready) - len(got),
            "delay_p50_ms": _pct(delays, 0.5), "delay_p95_ms": _pct(delays, 0.95), "delay_max_ms": _pct(delays, 1.0),
            "after_close_answered_p95_ms": _pct(after, 0.95)}


async def poll_run(data, port: int, interval: float, warmup: float) -> dict:
    """The simple approach: every listener polls the JSON snapshot on the WSGI site (keep-alive connections)."""
    motion = data["motions"][2]
    got: dict[int, float] = {}
    t0 = {"t": None}
    served = {"n": 0, "errors": 0}
    latencies: list[float] = []
    stop = asyncio.Event()

    async def poller(i: int, key: str):
        path = f"/congress/live/{data['sitting']}/snapshot.json"
        await asyncio.sleep(interval * (i / max(1, len(data["sessions"]))))  # spread like real phones
        reader = writer = None
        while not stop.is_set():
            try:
                if writer is None:
                    reader, writer = await asyncio.open_connection("127.0.0.1", port, limit=1 << 20)
                sent = time.perf_counter()
                writer.write((f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: {data['cookie']}={key}\r\n"
                              "X-Forwarded-Proto: https\r\n\r\n").encode())
                await writer.drain()
                status = await reader.readline()
                length, close = 0, False
                while (h := await reader.readline()) not in (b"\r\n", b""):
                    name, _, value = h.decode("latin-1").partition(":")
                    if name.lower() == "content-length":
                        length = int(value)
                    elif name.lower() == "connection" and "close" in value.lower():
                        close = True
                body = await reader.readexactly(length)
                latencies.append(time.perf_counter() - sent)
                if b" 200 " in status:
                    served["n"] += 1
                    if t0["t"] is not None and i not in got and _closed(json.loads(body), motion):
                        got[i] = time.perf_counter() - t0["t"]
                else:
                    served["errors"] += 1
                if close:
                    writer.close()
                    writer = None
            except (OSError, asyncio.IncompleteReadError, ValueError):
                served["errors"] += 1
                writer = None
            await asyncio.sleep(interval)

    tasks = [asyncio.ensure_future(poller(i, k)) for i, k in enumerate(data["sessions"])]
    await asyncio.sleep(warmup)
    before, t_start = served["n"], time.perf_counter()
    t0["t"] = time.perf_counter()
    await asyncio.get_running_loop().run_in_executor(None, close_motion, port, data["chair"], motion, data["chair_id"])
    answered = time.perf_counter() - t0["t"]
    deadline = time.perf_counter() + 120
    while len(got) < len(tasks) and time.perf_counter() < deadline:
        await asyncio.sleep(0.1)
    rate = (served["n"] - before) / (time.perf_counter() - t_start)
    stop.set()
    for t in tasks:
        t.cancel()
    delays = list(got.values())
    return {"pollers": len(tasks), "interval_s": interval, "delivered": len(got), "lost": len(tasks) - len(got),
            "delay_p50_ms": _pct(delays, 0.5), "delay_p95_ms": _pct(delays, 0.95), "delay_max_ms": _pct(delays, 1.0),
            "after_close_answered_p95_ms": _pct([max(0.0, d - answered) for d in delays], 0.95),
            "close_request_ms": round(answered * 1000, 1),
            "requests_per_s": round(rate, 1), "request_p95_ms": _pct(latencies, 0.95), "errors": served["errors"]}


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--listeners", type=int, default=4000)
    parser.add_argument("--poll-interval", type=float, default=2.0)
    parser.add_argument("--poll-warmup", type=float, default=10.0)
    parser.add_argument("--connect-timeout", type=float, default=180.0)
    parser.add_argument("--skip-polling", action="store_true")
    parser.add_argument("--skip-cold", action="store_true", help="skip the run against servers without warm-up")
    args = parser.parse_args(argv)
    if "bench" not in connection.settings_dict["NAME"]:
        raise SystemExit("refusing: the database name must contain 'bench'")
    (ROOT / "var").mkdir(exist_ok=True)
    call_command("migrate", verbosity=0)
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, max(soft, 4 * args.listeners + 1000)), hard))
    t = time.perf_counter()
    data = build(args.listeners)
    build_s = round(time.perf_counter() - t, 1)
    connection.close()
    sse_cold = None
    if not args.skip_cold:
        # Before the fix, in the same run: fresh servers whose workers load the URL configuration on first use.
        proc, port, live_port = start_servers(warm=False)
        try:
            sse_cold = asyncio.run(sse_run(data, live_port, port, args.connect_timeout, data["motions"][1]))
            print(json.dumps({"sse_cold_server": sse_cold}, ensure_ascii=False), file=sys.stderr, flush=True)
        finally:
            stop_servers(proc)
    proc, port, live_port = start_servers(warm=True)
    try:
        sse = asyncio.run(sse_run(data, live_port, port, args.connect_timeout, data["motions"][0]))
        print(json.dumps({"sse": sse}, ensure_ascii=False), file=sys.stderr, flush=True)
        poll = None if args.skip_polling else asyncio.run(poll_run(data, port, args.poll_interval, args.poll_warmup))
    finally:
        stop_servers(proc)
    from niangjia.congress import live

    out = {"machine": f"{platform.node()} · {os.cpu_count()} cores · {platform.python_version()}",
           "database": connection.vendor, "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
           "load_avg": os.getloadavg(), "build_s": build_s, "sse": sse, "sse_cold_server": sse_cold, "polling": poll,
           "chair_close_failures": CLOSE_FAILURES, "snapshots_per_s": {"sse": round(1 / live.INTERVAL, 1), "polling": poll and poll["requests_per_s"]}}
    if poll and poll["delay_p95_ms"] > 0 and sse["delay_p95_ms"] > 0:
        out["ratio_p95_polling_over_sse"] = round(poll["delay_p95_ms"] / sse["delay_p95_ms"], 1)
        out["ratio_db_work_polling_over_sse"] = round(poll["requests_per_s"] * live.INTERVAL, 1)
    if sse_cold and sse["delay_p95_ms"] > 0:
        out["ratio_p95_cold_over_warm"] = round(sse_cold["delay_p95_ms"] / sse["delay_p95_ms"], 1)
    print(json.dumps(out, ensure_ascii=False, indent=2))
    return out


if __name__ == "__main__":
    main()
