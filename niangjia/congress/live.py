"""云听会 over server-sent events: a small ASGI application for `/live/congress/sittings/<id>/events`, run by its own
granian process (scripts/serve starts it on LIVE_PORT; nginx sends /live/ there).

Why a separate ASGI process: the main site runs under WSGI with a few threads per worker (scripts/serve: one worker
per core × 4 threads). An SSE stream holds its connection for the whole sitting, so under WSGI 8 listeners would
take every thread and the site would stop answering. Here one event loop holds thousands of idle connections.

Fan-out: per process and per sitting, one task computes the snapshot (a few queries) every `INTERVAL` seconds while
anyone listens, and wakes every listener only when it changed. The database work does not grow with the number of
listeners; a listener costs a coroutine and a socket. Heartbeat comments keep proxies from closing idle streams.
"""

import asyncio
import logging
import os
import re
from http.cookies import SimpleCookie

from asgiref.sync import sync_to_async

log = logging.getLogger("niangjia.congress.live")
INTERVAL = float(os.environ.get("NIANGJIA_LIVE_INTERVAL", "0.5"))
HEARTBEAT = 15.0
PATH = re.compile(r"^/live/congress/sittings/(\d{1,12})/events/?$")


class Channel:
    """One sitting's stream in this process: the latest snapshot and an event that is set when it changes."""

    def __init__(self, sitting_id: int):
        self.sitting_id = sitting_id
        self.listeners = 0
        self.version = 0
        self.payload = b""
        self.changed = asyncio.Event()
        self.task: asyncio.Task | None = None

    async def run(self) -> None:
        from niangjia.congress.selectors_live import snapshot_json

        last = None
        while self.listeners > 0:
            try:
                data = await sync_to_async(_fresh(snapshot_json), thread_sensitive=True)(self.sitting_id)
            except Exception:  # a database hiccup must not end every listener's stream
                log.exception("live snapshot failed for sitting %s", self.sitting_id)
                data = None
            if data is not None and data != last:
                last = data
                self.version += 1
                self.payload = f"id: {self.version}\nevent: snapshot\ndata: {data}\n\n".encode()
                woken, self.changed = self.changed, asyncio.Event()
                woken.set()
            await asyncio.sleep(INTERVAL)
        self.task = None


def _fresh(fn):
    """Run with a usable database connection (long-lived process: drop connections that are too old or broken)."""
    def call(*args):
        from django.db import close_old_connections

        close_old_connections()
        return fn(*args)
    return call


class Hub:
    def __init__(self):
        self.channels: dict[int, Channel] = {}

    def join(self, sitting_id: int) -> Channel:
        ch = self.channels.get(sitting_id)
        if ch is None:
            ch = self.channels[sitting_id] = Channel(sitting_id)
        ch.listeners += 1
        if ch.task is None:
            ch.task = asyncio.get_running_loop().create_task(ch.run())
        return ch

    def leave(self, ch: Channel) -> None:
        ch.listeners -= 1
        if ch.listeners <= 0 and ch.task is None:
            self.channels.pop(ch.sitting_id, None)

    def listener_count(self) -> int:
        return sum(ch.listeners for ch in self.channels.values())


HUB = Hub()


def _credentials(scope) -> tuple[str, str]:
    from django.conf import settings

    session_key = bearer = ""
    for name, value in scope.get("headers", []):
        if name == b"cookie":
            cookie = SimpleCookie()
            try:
                cookie.load(value.decode("latin-1"))
            except Exception:  # noqa: BLE001 - a malformed cookie header is an anonymous request
                continue
            if settings.SESSION_COOKIE_NAME in cookie:
                session_key = cookie[settings.SESSION_COOKIE_NAME].value
        elif name == b"authorization":
            text = value.decode("latin-1")
            if text[:7].lower() == "bearer ":
                bearer = text[7:].strip()
    return session_key, bearer


async def _refuse(send, status: int, message: str) -> None:
    import json

    body = json.dumps({"code": "congress.live", "message": message}, ensure_ascii=False).encode()
    await send({"type": "http.response.start", "status": status,
                "headers": [(b"content-type", b"application/json; charset=utf-8")]})
    await send({"type": "http.response.body", "body": body})


async def _allowed(scope, sitting_id: int) -> bool:
    from niangjia.congress.selectors_live import followable_sitting, user_from_credentials

    session_key, bearer = _credentials(scope)

    def check():
        user = user_from_credentials(session_key=session_key, bearer=bearer)
        return followable_sitting(user=user, sitting_id=sitting_id) is not None

    return await sync_to_async(_fresh(check), thread_sensitive=False)()


async def stream(scope, receive, send, sitting_id: int) -> None:
    if not await _allowed(scope, sitting_id):
        await _refuse(send, 404, "未找到这次会议，或您不是本单位会员，不能收听。")
        return
    gone = asyncio.Event()

    async def watch():
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                gone.set()
                return

    watcher = asyncio.get_running_loop().create_task(watch())
    ch = HUB.join(sitting_id)
    try:
        await send({"type": "http.response.start", "status": 200, "headers": [
            (b"content-type", b"text/event-stream; charset=utf-8"), (b"cache-control", b"no-cache, no-store"),
            (b"x-accel-buffering", b"no")]})
        await send({"type": "http.response.body", "body": b"retry: 3000\n\n", "more_body": True})
        seen = 0
        while not gone.is_set():
            if ch.version != seen:
                seen = ch.version
                await send({"type": "http.response.body", "body": ch.payload, "more_body": True})
                continue
            changed = asyncio.ensure_future(ch.changed.wait())
            ended = asyncio.ensure_future(gone.wait())
            done, pending = await asyncio.wait({changed, ended}, timeout=HEARTBEAT,
                                               return_when=asyncio.FIRST_COMPLETED)
            for p in pending:
                p.cancel()
            if not done:
                await send({"type": "http.response.body", "body": b": ping\n\n", "more_body": True})
    except OSError:
        pass  # the client went away mid-send
    finally:
        HUB.leave(ch)
        watcher.cancel()


async def application(scope, receive, send) -> None:
    if scope["type"] == "lifespan":
        while True:
            message = await receive()
            if message["type"] == "lifespan.startup":
                await send({"type": "lifespan.startup.complete"})
            elif message["type"] == "lifespan.shutdown":
                await send({"type": "lifespan.shutdown.complete"})
                return
    if scope["type"] != "http":
        return
    path = scope.get("path", "")
    if path == "/live/healthz":
        body = f'{{"status":"ok","listeners":{HUB.listener_count()}}}'.encode()
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"application/json")]})
        await send({"type": "http.response.body", "body": body})
        return
    match = PATH.match(path)
    if match is None or scope.get("method") != "GET":
        await _refuse(send, 404, "未找到。")
        return
    await stream(scope, receive, send, int(match.group(1)))
