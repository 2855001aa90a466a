"""Reads of notices: the staff list and read-rate table (scoped), the reader's inbox and the public feed."""

from django.db.models import Count, Exists, OuterRef, Q, QuerySet

from niangjia.core import scoping
from niangjia.core.errors import NotFound
from niangjia.core.models import Attachment, Org
from niangjia.news import rules
from niangjia.news.models import Notice, ReadReceipt

LIVE = Q(status=Notice.Status.PUBLISHED)


def staff_notices(*, actor, status: str = "", kind: str = "") -> QuerySet[Notice]:
    qs = Notice.objects.filter(scoping.scope_q(actor)).select_related("org", "audience_org")
    if status in Notice.Status.values:
        qs = qs.filter(status=status)
    if kind in Notice.Kind.values:
        qs = qs.filter(kind=kind)
    return qs


def notice_for_staff(*, actor, notice_id: int) -> Notice:
    notice = (Notice.objects.select_related("org", "audience_org", "created_by")
              .prefetch_related("attachments").filter(scoping.scope_q(actor), pk=notice_id).first())
    if notice is None:
        raise NotFound("没有找到这条通知。")
    return notice


def publisher_orgs(*, actor) -> list[Org]:
    """Unions the actor may publish for: the orgs of their staff roles (the top of their scope first)."""
    return scoping.top_orgs(actor)


def audience_orgs(*, actor, limit: int = 400) -> list[Org]:
    return list(scoping.orgs_visible_to(actor).order_by("path")[:limit])


def read_rates(*, notice: Notice) -> list[dict]:
    """Per union: recipients, read, rate — the least-read unions first (those are the ones to chase)."""
    rows = (ReadReceipt.objects.filter(notice=notice).values("org_id", "org__name", "org__path")
            .annotate(total=Count("id"), read=Count("id", filter=Q(read_at__isnull=False))))
    table = [{"org_id": r["org_id"], "org_name": r["org__name"], "total": r["total"], "read": r["read"],
              "unread": r["total"] - r["read"], "rate": rules.read_rate(r["read"], r["total"])} for r in rows]
    return sorted(table, key=lambda r: (r["rate"], r["org_name"]))


def receipts_of(*, notice: Notice, org_id: int | None = None) -> QuerySet[ReadReceipt]:
    qs = ReadReceipt.objects.filter(notice=notice).select_related("user", "org").order_by("read_at", "id")
    return qs.filter(org_id=org_id) if org_id else qs


def inbox(*, user) -> QuerySet[Notice]:
    """What a signed-in reader sees: notices addressed to them, and public ones, newest first; `read_at` and
    `addressed` are annotated (one query whatever the length)."""
    mine = ReadReceipt.objects.filter(notice=OuterRef("pk"), user=user)
    qs = (Notice.objects.filter(LIVE).filter(Q(Exists(mine)) | Q(is_public=True))
          .select_related("org").annotate(addressed=Exists(mine),
                                          unread=Exists(mine.filter(read_at__isnull=True))))
    return qs.order_by("-published_at", "-id")


def public_notices() -> QuerySet[Notice]:
    return Notice.objects.filter(LIVE, is_public=True).select_related("org").order_by("-published_at", "-id")


def unread_count(*, user) -> int:
    if not user.is_authenticated:
        return 0
    return ReadReceipt.objects.filter(user=user, read_at__isnull=True, notice__status=Notice.Status.PUBLISHED).count()


def notice_for_reader(*, user, notice_id: int) -> Notice:
    """A public notice for anyone; an addressed one for its recipients; any notice for staff in scope."""
    notice = (Notice.objects.select_related("org").prefetch_related("attachments")
              .filter(pk=notice_id).first())
    if notice is None:
        raise NotFound("没有找到这条通知。")
    if notice.status == Notice.Status.PUBLISHED:
        if notice.is_public:
            return notice
        if user.is_authenticated and ReadReceipt.objects.filter(notice=notice, user=user).exists():
            return notice
    if user.is_authenticated and scoping.has_role(user) and scoping.covers(user, notice.org):
        return notice
    raise NotFound("没有找到这条通知。")


def attachment_for_reader(*, user, notice_id: int, attachment_id: int) -> Attachment:
    notice = notice_for_reader(user=user, notice_id=notice_id)
    for attachment in notice.attachments.all():
        if attachment.pk == attachment_id:
            return attachment
    raise NotFound("没有找到这个附件。")


def home_feed(user, limit: int = 3) -> list[Notice]:
    """The home page's few lines: unread addressed notices first, then the latest public ones."""
    if user.is_authenticated:
        qs = inbox(user=user).order_by("-unread", "-published_at", "-id")
    else:
        qs = public_notices()
    return list(qs[:limit])


