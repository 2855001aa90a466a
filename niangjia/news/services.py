"""Writes of notices: create, publish (fan-out of read receipts), withdraw, read, remind."""

import datetime as dt

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from niangjia.core import audit, notifications, pii, scoping
from niangjia.core.errors import Conflict, Invalid, NotFound
from niangjia.core.models import Member, Org, OrgRole, User
from niangjia.core.services.uploads import atomic_with_uploads, check_uploads, store_uploads
from niangjia.news import rules
from niangjia.news.models import Notice, ReadReceipt

FAN_OUT_BATCH = 2000


def _publisher_org(actor, org_id: int) -> Org:
    org = Org.objects.filter(pk=org_id).first()
    if org is None or not scoping.covers(actor, org):
        raise NotFound("没有找到这个工会，或不在您的管辖范围内。")
    return org


def _people(phones: list[str], audience_org: Org) -> list[User]:
    """Named recipients must belong to the chosen subtree (a member there or holding a role there)."""
    users: list[User] = []
    missing: list[str] = []
    subtree = audience_org.subtree_q(prefix="org__")
    for phone in dict.fromkeys(p.strip() for p in phones if p.strip()):
        user = User.objects.filter(phone_index=pii.blind_index(phone, purpose="phone")).first()
        in_tree = user is not None and (
            Member.objects.filter(subtree, user=user, status=Member.Status.ACTIVE).exists()
            or OrgRole.objects.filter(subtree, user=user).exists())
        if not in_tree:
            missing.append(pii.mask_phone(phone))
        else:
            users.append(user)
    if missing:
        raise Invalid("以下手机号不是所选组织范围内的会员或工作人员：" + "、".join(missing[:10]),
                      code="news.people_outside")
    return users


@atomic_with_uploads
def create_notice(actor, *, org_id: int, audience_org_id: int | None, kind: str, title: str, body: str,
                  summary: str = "", audience: str = "everyone", roles: list[str] | None = None,
                  phones: list[str] | None = None, is_public: bool = False, publish_at: dt.datetime | None = None,
                  remind_after_days: int = 3, files=(), publish_now: bool = False,
                  now: dt.datetime | None = None) -> Notice:
    now = now or timezone.now()
    org = _publisher_org(actor, org_id)
    audience_org = org if not audience_org_id else Org.objects.filter(pk=audience_org_id).first()
    if audience_org is None or not (audience_org.path.startswith(org.path)):
        raise Invalid("接收范围只能是发布单位本级或下级工会。", code="news.audience_outside")
    title, body = (title or "").strip(), (body or "").strip()
    if not title or not body:
        raise Invalid("请填写标题和正文。", code="news.empty")
    if kind not in Notice.Kind.values:
        raise Invalid("请选择类型。", code="news.kind")
    roles = [r for r in (roles or []) if r]
    phones = phones or []
    problem = rules.audience_problem(audience=audience, roles=roles,
                                     people_count=len([p for p in phones if p.strip()]))
    if problem:
        raise Invalid(problem.message, code="news.audience")
    if (message := rules.remind_days_problem(remind_after_days)) is not None:
        raise Invalid(message, code="news.remind_days")
    if not publish_now and (message := rules.schedule_problem(publish_at=publish_at, now=now)) is not None:
        raise Invalid(message, code="news.schedule")
    people = _people(phones, audience_org) if audience == "people" else []
    checked = check_uploads(files)
    notice = Notice.objects.create(
        org=org, audience_org=audience_org, kind=kind, title=title[:120], summary=(summary or "").strip()[:200],
        body=body, audience=audience, audience_roles=roles if audience == "roles" else [], is_public=is_public,
        publish_at=None if publish_now else publish_at, remind_after_days=remind_after_days, created_by=actor,
        status=Notice.Status.SCHEDULED if (publish_at and not publish_now) else Notice.Status.DRAFT)
    if people:
        notice.people.set(people)
    if checked:
        notice.attachments.set(store_uploads(actor, org, checked, purpose="news"))
    audit.record(actor, "news.create", notice, org=org,
                 summary={"title": notice.title, "audience": audience, "public": is_public})
    if publish_now:
        _publish_locked(actor, Notice.objects.select_for_update().get(pk=notice.pk), now=now)
        notice.refresh_from_db()
    return notice


def _recipients(notice: Notice) -> dict[int, int]:
    """user id → the union the user is counted under (their member union, else the union of their role)."""
    subtree = notice.audience_org.subtree_q(prefix="org__")
    found: dict[int, int] = {}
    if notice.audience in ("everyone", "people"):
        members = Member.objects.filter(subtree, status=Member.Status.ACTIVE, user__isnull=False,
                                        user__is_active=True)
        if notice.audience == "people":
            members = members.filter(user__in=notice.people.all())
        for user_id, org_id in members.order_by("id").values_list("user_id", "org_id").iterator(chunk_size=5000):
            found.setdefault(user_id, org_id)
    roles = OrgRole.objects.filter(subtree, user__is_active=True)
    if notice.audience in ("everyone", "staff"):
        roles = roles.filter(role__in=scoping.STAFF_ROLES)
    elif notice.audience == "roles":
        roles = roles.filter(role__in=notice.audience_roles)
    else:
        roles = roles.filter(user__in=notice.people.all())
    for user_id, org_id in roles.order_by("org__path", "id").values_list("user_id", "org_id"):
        found.setdefault(user_id, org_id)
    return found


def _publish_locked(actor, notice: Notice, *, now: dt.datetime) -> Notice:
    if notice.status not in (Notice.Status.DRAFT, Notice.Status.SCHEDULED):
        raise Conflict("这条通知已经发布或撤回，不能再次发布。", code="news.not_draft")
    recipients = _recipients(notice)
    rows = [ReadReceipt(notice=notice, user_id=u, org_id=o, delivered_at=now) for u, o in recipients.items()]
    ReadReceipt.objects.bulk_create(rows, batch_size=FAN_OUT_BATCH, ignore_conflicts=True)
    notice.status = Notice.Status.PUBLISHED
    notice.published_at = now
    notice.recipients_count = ReadReceipt.objects.filter(notice=notice).count()
    notice.save(update_fields=["status", "published_at", "recipients_count"])
    audit.record(actor, "news.publish", notice, org=notice.org,
                 summary={"title": notice.title, "recipients": notice.recipients_count})
    return notice


def _staff_notice_for_update(actor, notice_id: int) -> Notice:
    notice = (Notice.objects.select_for_update().select_related("org", "audience_org")
              .filter(scoping.scope_q(actor), pk=notice_id).first())
    if notice is None:
        raise NotFound("没有找到这条通知。")
    return notice


@transaction.atomic
def publish(actor, *, notice_id: int, now: dt.datetime | None = None) -> Notice:
    return _publish_locked(actor, _staff_notice_for_update(actor, notice_id), now=now or timezone.now())


@transaction.atomic
def withdraw(actor, *, notice_id: int, reason: str, now: dt.datetime | None = None) -> Notice:
    notice = _staff_notice_for_update(actor, notice_id)
    reason = (reason or "").strip()
    if not reason:
        raise Invalid("撤回须写明原因。", code="news.reason")
    if notice.status == Notice.Status.WITHDRAWN:
        raise Conflict("这条通知已经撤回。", code="news.withdrawn")
    notice.status = Notice.Status.WITHDRAWN
    notice.withdrawn_at = now or timezone.now()
    notice.save(update_fields=["status", "withdrawn_at"])
    audit.record(actor, "news.withdraw", notice, org=notice.org, summary={"reason": reason[:200]})
    return notice


def publish_due(*, now: dt.datetime | None = None) -> int:
    """Publish every scheduled notice whose time has come; one transaction per notice."""
    now = now or timezone.now()
    done = 0
    for notice_id in Notice.objects.filter(status=Notice.Status.SCHEDULED, publish_at__lte=now).values_list(
            "pk", flat=True):
        with transaction.atomic():
            notice = Notice.objects.select_for_update().filter(pk=notice_id).first()
            if notice is not None and rules.is_due(status=notice.status, publish_at=notice.publish_at, now=now):
                _publish_locked(None, notice, now=now)
                done += 1
    return done


@transaction.atomic
def mark_read(user, *, notice_id: int, now: dt.datetime | None = None) -> bool:
    """The first open by a recipient stamps the receipt; the count moves with it (never past the total)."""
    if user is None or not user.is_authenticated:
        return False
    changed = ReadReceipt.objects.filter(notice_id=notice_id, user=user, read_at__isnull=True).update(
        read_at=now or timezone.now())
    if changed:
        Notice.objects.filter(pk=notice_id).update(read_count=F("read_count") + changed)
    return bool(changed)


def _remind(notice: Notice, *, now: dt.datetime) -> int:
    unread = list(ReadReceipt.objects.select_related("user").filter(notice=notice, read_at__isnull=True))
    from django.urls import reverse

    link = reverse("news:detail", args=[notice.pk])
    for receipt in unread:
        notifications.notify(receipt.user, "news.reminder", f"请阅读：{notice.title}",
                             f"{notice.org.name}发布的通知您还没有阅读。", link=link)
    ReadReceipt.objects.filter(pk__in=[r.pk for r in unread]).update(reminded_at=now)
    notice.reminded_at = now
    notice.save(update_fields=["reminded_at"])
    return len(unread)


@transaction.atomic
def remind_unread(actor, *, notice_id: int, now: dt.datetime | None = None) -> int:
    now = now or timezone.now()
    notice = _staff_notice_for_update(actor, notice_id)
    if notice.status != Notice.Status.PUBLISHED:
        raise Conflict("只有已发布的通知可以提醒未读。", code="news.not_published")
    count = _remind(notice, now=now)
    audit.record(actor, "news.remind", notice, org=notice.org, summary={"unread": count})
    return count


def send_due_reminders(*, now: dt.datetime | None = None) -> int:
    now = now or timezone.now()
    sent = 0
    candidates = Notice.objects.select_related("org").filter(
        status=Notice.Status.PUBLISHED, reminded_at__isnull=True, remind_after_days__gt=0)
    for notice in candidates:
        if not rules.reminder_due(status=notice.status, published_at=notice.published_at,
                                  remind_after_days=notice.remind_after_days, reminded_at=notice.reminded_at,
                                  now=now):
            continue
        with transaction.atomic():
            locked = Notice.objects.select_for_update().select_related("org").get(pk=notice.pk)
            if locked.reminded_at is None:
                sent += _remind(locked, now=now)
                audit.record(None, "news.remind", locked, org=locked.org, summary={"unread": sent, "auto": True})
    return sent
