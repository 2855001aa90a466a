"""Background jobs of the market: release unpaid orders every minute; reconcile open sales."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from niangjia.market import services


@db_periodic_task(crontab(minute="*"))
def release_expired_orders() -> int:
    return services.release_expired_orders()


@db_periodic_task(crontab(minute="*/10"))
def reconcile_sales() -> int:
    return sum(1 for r in services.reconcile_recent() if r["diff"])
