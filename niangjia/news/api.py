"""Notices API, mounted at /api/v1/news/: the reader's notices (bearer token or session) and the public feed."""

import datetime as dt

from django.urls import reverse
from ninja import Router, Schema

from niangjia.core.throttling import ClientThrottle
from niangjia.news import selectors, services

router = Router(tags=["通知公告"])


class NewsAttachmentOut(Schema):
    id: int
    name: str
    url: str


class NewsNoticeOut(Schema):
    id: int
    title: str
    kind: str
    kind_label: str
    org: str
    summary: str
    published_at: dt.datetime | None
    is_public: bool
    unread: bool


class NewsNoticeDetailOut(NewsNoticeOut):
    body: str
    attachments: list[NewsAttachmentOut]


def _out(n, *, unread: bool) -> dict:
    return {"id": n.pk, "title": n.title, "kind": n.kind, "kind_label": str(n.get_kind_display()),
            "org": n.org.name, "summary": n.summary, "published_at": n.published_at, "is_public": n.is_public,
            "unread": unread}


@router.get("/notices", response=list[NewsNoticeOut], summary="我的通知公告（发给我的和公开的），未读的标出")
def notices(request, limit: int = 20, offset: int = 0):
    limit, offset = max(1, min(limit, 100)), max(0, offset)
    rows = selectors.inbox(user=request.auth)[offset:offset + limit]
    return [_out(n, unread=n.unread) for n in rows]


@router.get("/notices/{notice_id}", response=NewsNoticeDetailOut, summary="通知全文（首次打开记为已读）")
def notice(request, notice_id: int):
    n = selectors.notice_for_reader(user=request.auth, notice_id=notice_id)
    if n.status == "published":
        services.mark_read(request.auth, notice_id=n.pk)
    files = [{"id": a.pk, "name": a.original_name, "url": reverse("news:attachment", args=[n.pk, a.pk])}
             for a in n.attachments.all()]
    return {**_out(n, unread=False), "body": n.body, "attachments": files}


@router.get("/public", response=list[NewsNoticeOut], auth=None, throttle=[ClientThrottle("public")],
            summary="公开的通知公告（无需登录）")
def public(request, limit: int = 20):
    return [_out(n, unread=False) for n in selectors.public_notices()[:max(1, min(limit, 100))]]
