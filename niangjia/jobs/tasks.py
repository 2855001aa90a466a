"""Background jobs of the job fair: re-rank every active job intent against the posts open today, nightly (posts
open and close all day; the helper's page shows the stored ranking and when it was computed)."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from niangjia.jobs import services


@db_periodic_task(crontab(hour="2", minute="40"))
def rematch_intents() -> int:
    return services.rematch_all()
