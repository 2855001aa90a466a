"""Uploads abandoned for a day are closed every night and their partial files deleted, so the local disk does
not fill with halves of videos."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from niangjia.training import services_courses


@db_periodic_task(crontab(hour="3", minute="10"))
def sweep_abandoned_uploads() -> int:
    return services_courses.sweep_abandoned_uploads()
