"""Background job of events: pass on expired seat offers and places held for a class after registration closed."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from niangjia.events import services


@db_periodic_task(crontab(minute="*"))
def pass_on_expired_offers() -> int:
    return services.expire_offers()
