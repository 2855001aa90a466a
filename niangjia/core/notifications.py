"""The notification outbox.

`notify` writes the in-app message (that row *is* the in-app delivery, shown on 我的消息) and one
outbox row per extra channel. Delivery of those rows happens after commit in a huey task through a
pluggable backend named in settings.NIANGJIA_NOTIFICATION_CHANNELS, so a rolled-back use case
sends nothing, and SMS or WeChat can be added by a deployment without touching the callers.
"""

import logging
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from niangjia.core import pii
from niangjia.core.models import Message, OutboxItem

log = logging.getLogger("niangjia.notifications")


class LoggingBackend:
    """Stands in for SMS/WeChat until a deployment supplies credentials: logs what would be sent."""

    def send(self, item: OutboxItem) -> None:
        if item.message_id is None:
            # Development only: the text (an SMS code) goes to the log so that a developer can use it.
            log.info("sms -> %s: %s", pii.mask_phone(item.to_phone), item.text)
            return
        log.info("notify %s -> user %s: %s", item.channel, item.message.recipient_id, item.message.title)


def notify(
    user,
    kind: str,
    title: str,
    body: str = "",
    *,
    link: str = "",
    channels: Iterable[str] = (),
) -> Message | None:
    if user is None:
        return None
    message = Message.objects.create(recipient=user, kind=kind, title=title, body=body, link=link)
    items = [OutboxItem.objects.create(message=message, channel=c) for c in channels]
    if items:
        from niangjia.core import tasks

        ids = [i.pk for i in items]
        transaction.on_commit(lambda: [tasks.deliver_outbox_item(i) for i in ids])
    return message


def mark_all_read(*, actor) -> int:
    """The member's 全部已读: marks only their own unread messages; returns how many."""
    return Message.objects.filter(recipient=actor, read_at__isnull=True).update(read_at=timezone.now())


def send_sms(phone: str, text: str) -> OutboxItem:
    """A text to a phone number through the outbox's SMS channel, delivered after commit."""
    item = OutboxItem.objects.create(channel="sms", to_phone=phone, text=text)
    from niangjia.core import tasks

    transaction.on_commit(lambda: tasks.deliver_outbox_item(item.pk))
    return item


def deliver(item_id: int) -> None:
    item = OutboxItem.objects.select_related("message").get(pk=item_id)
    if item.status == OutboxItem.Status.SENT:
        return
    backend_path = settings.NIANGJIA_NOTIFICATION_CHANNELS.get(item.channel)
    item.attempts += 1
    try:
        if not backend_path:
            raise LookupError(f"no backend for channel {item.channel}")
        import_string(backend_path)().send(item)
    except Exception as exc:  # a failed channel must not lose the message; it stays for retry
        item.status = OutboxItem.Status.FAILED
        item.last_error = str(exc)[:300]
    else:
        item.status = OutboxItem.Status.SENT
        item.sent_at = timezone.now()
    item.save(update_fields=["status", "attempts", "last_error", "sent_at"])
