"""云听会: who may listen, the snapshot (secret counts hidden until closed), the SSE stream through the ASGI app
(a published result reaches a listener), and the polling fallback.

| listener | expected |
|---|---|
| member of the union (not a delegate) | may follow; page 200; stream 200 |
| delegate | may follow |
| staff of the union's district | may follow |
| member of another district / anonymous / bad session | 404, no stream |
"""

import asyncio
import json
import threading

import pytest
from django.urls import reverse

from niangjia.congress import selectors_live, services
from niangjia.congress.live import application

pytestmark = pytest.mark.django_db(transaction=True)


def test_who_may_follow(small_congress, tree, make_member):
    c = small_congress
    listener = make_member(tree.union_a, name="听众")
    stranger = make_member(tree.union_b, name="外区")
    assert selectors_live.followable_sitting(user=listener.user, sitting_id=c.sitting.pk)
    assert selectors_live.followable_sitting(user=c.delegates[0].user, sitting_id=c.sitting.pk)
    assert selectors_live.followable_sitting(user=c.chair, sitting_id=c.sitting.pk)
    assert selectors_live.followable_sitting(user=stranger.user, sitting_id=c.sitting.pk) is None
    assert selectors_live.followable_sitting(user=c.outsider_staff, sitting_id=c.sitting.pk) is None


def test_snapshot_hides_secret_counts_until_closed(small_congress):
    c = small_congress
    for d in c.delegates[:5]:
        services.check_in(actor=d.user, sitting_id=c.sitting.pk)
    m = services.create_motion(actor=c.chair, sitting_id=c.sitting.pk, title="决议", kind="resolution", secret=True)
    services.open_motion(actor=c.chair, motion_id=m.pk)
    for d in c.delegates[:4]:
        services.cast_ballot(actor=d.user, motion_id=m.pk, choice="yes")
    snap = selectors_live.snapshot(c.sitting.pk)
    assert snap["attendance"] == {"delegates_total": 7, "present": 5, "by_proxy": 0, "quorum": 5, "quorate": True}
    assert "result" not in snap["agenda"][0]
    services.close_motion(actor=c.chair, motion_id=m.pk)
    snap = selectors_live.snapshot(c.sitting.pk)
    assert snap["agenda"][0]["result"]["passed"] is True


def test_page_and_polling_fallback(client, small_congress, tree, make_member):
    c = small_congress
    listener = make_member(tree.union_a, name="听众")
    client.force_login(listener.user)
    home = client.get(reverse("congress:home")).content.decode()
    assert reverse("congress:live", args=[c.sitting.pk]) in home
    assert "应到 7 人，实到 0 人，法定 5 人" in client.get(reverse("congress:live", args=[c.sitting.pk])).content.decode()
    assert client.get(reverse("congress:live_snapshot", args=[c.sitting.pk])).json()["attendance"]["quorum"] == 5
    client.force_login(make_member(tree.union_b, name="外区").user)
    assert client.get(reverse("congress:live", args=[c.sitting.pk])).status_code == 404
    assert client.get(reverse("congress:live_snapshot", args=[c.sitting.pk])).status_code == 404


def _run(coro):
    """asyncio.run in its own thread: Playwright's sync API may have left an event loop running in this one."""
    out = {}

    def target():
        try:
            out["value"] = asyncio.run(coro)
        except BaseException as exc:  # noqa: BLE001 - re-raised in the test thread
            out["error"] = exc

    t = threading.Thread(target=target)
    t.start()
    t.join()
    if "error" in out:
        raise out["error"]
    return out["value"]


async def _call(path, headers, on_event=None, stop_after=1, timeout=10.0):
    """Drive the ASGI app like a server: collect the status and the first `stop_after` snapshot events."""
    sent, events, done = [], [], asyncio.Event()
    disconnect = asyncio.Event()

    async def receive():
        await disconnect.wait()
        return {"type": "http.disconnect"}

    async def send(message):
        sent.append(message)
        body = message.get("body", b"").decode()
        for block in body.split("\n\n"):
            if block.startswith("id:"):
                data = json.loads(block.split("data: ", 1)[1])
                events.append(data)
                if on_event:
                    await on_event(data)
                if len(events) >= stop_after:
                    disconnect.set()
        if not message.get("more_body") and message["type"] == "http.response.body":
            done.set()

    scope = {"type": "http", "method": "GET", "path": path, "headers": headers}
    task = asyncio.ensure_future(application(scope, receive, send))
    try:
        await asyncio.wait_for(asyncio.shield(task), timeout)
    except TimeoutError:
        disconnect.set()
        await asyncio.wait_for(task, 5)
    return sent[0]["status"], events


def test_the_stream_delivers_a_published_result(small_congress, tree, make_member, client, settings):
    from asgiref.sync import sync_to_async

    from niangjia.congress import live

    live.INTERVAL = 0.05
    c = small_congress
    listener = make_member(tree.union_a, name="听众")
    client.force_login(listener.user)
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}".encode()
    for d in c.delegates[:5]:
        services.check_in(actor=d.user, sitting_id=c.sitting.pk)
    m = services.create_motion(actor=c.chair, sitting_id=c.sitting.pk, title="关于食堂的决议", kind="resolution",
                               secret=False)
    services.open_motion(actor=c.chair, motion_id=m.pk)
    for d in c.delegates[:4]:
        services.cast_ballot(actor=d.user, motion_id=m.pk, choice="yes")

    async def close_after_first(data):
        if len(data["agenda"]) and data["agenda"][0]["status"] == "open":
            await sync_to_async(services.close_motion)(actor=c.chair, motion_id=m.pk)

    path = f"/live/congress/sittings/{c.sitting.pk}/events"
    status, events = _run(_call(path, [(b"cookie", cookie)], close_after_first, stop_after=2))
    assert status == 200
    assert events[0]["agenda"][0]["status"] == "open" and "result" not in events[0]["agenda"][0]
    assert events[1]["agenda"][0]["result"]["passed"] is True
    assert "赞成 4 票，超过全体代表半数 4 票，通过" in events[1]["agenda"][0]["result"]["explanation"]


def test_the_stream_refuses_strangers(small_congress, tree, make_member, client, settings):
    c = small_congress
    client.force_login(make_member(tree.union_b, name="外区").user)
    cookie = f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}".encode()
    path = f"/live/congress/sittings/{c.sitting.pk}/events"
    for headers in ([(b"cookie", cookie)], [], [(b"cookie", b"sessionid=forged")], [(b"authorization", b"Bearer x")]):
        status, events = _run(_call(path, headers, timeout=5))
        assert status == 404 and events == []
