"""Background jobs of notices: publish scheduled notices, remind unread recipients once after N days."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from niangjia.news import services


@db_periodic_task(crontab(minute="*"))
def publish_scheduled_notices() -> int:
    return services.publish_due()


@db_periodic_task(crontab(hour="9", minute="30"))
def remind_unread_notices() -> int:
    return services.send_due_reminders()
