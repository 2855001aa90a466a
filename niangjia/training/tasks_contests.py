"""Attempts left open past deadline + grace are finished every minute (at their deadline), so leaderboards
include people who closed the page; re-entering an attempt finishes it too, without waiting for this."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from niangjia.training import services_contests


@db_periodic_task(crontab(minute="*"))
def finish_expired_attempts() -> int:
    return services_contests.finish_expired()
