from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from niangjia.core import notifications
from niangjia.core.models import OutboxItem


@db_task(retries=3, retry_delay=60)
def deliver_outbox_item(item_id: int) -> None:
    notifications.deliver(item_id)


@db_periodic_task(crontab(minute="*/10"))
def retry_failed_outbox() -> None:
    for item_id in OutboxItem.objects.filter(status=OutboxItem.Status.FAILED, attempts__lt=5).values_list(
        "pk", flat=True
    )[:500]:
        notifications.deliver(item_id)


@db_task()
def run_background_job(job_id: int) -> None:
    from niangjia.core import jobs

    jobs.run(job_id)


@db_periodic_task(crontab(minute="17"))
def purge_expired_jobs() -> None:
    from niangjia.core import jobs

    jobs.purge_expired()


@db_periodic_task(crontab(hour="3", minute="41"))
def purge_login_throttles():
    """Forget (number, client) pairs that stopped failing two days ago: every lock has run out by then."""
    from niangjia.core.services import login_throttle

    return login_throttle.purge_stale()


@db_periodic_task(crontab(hour="2", minute="23"))
def enforce_retention():
    """Nightly: delete personal data past its retention period (core.services.retention)."""
    from niangjia.core.services import retention

    return retention.enforce()
