"""Background jobs of the relief app."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from niangjia.relief import services


@db_periodic_task(crontab(hour="2", minute="30"))
def recompute_risk_flags() -> dict:
    """Nightly dynamic monitoring (§4): recompute every rule-based flag and alert helpers of new ones."""
    return services.recompute_flags()


@db_task(retries=2, retry_delay=30)
def generate_campaign(campaign_id: int) -> int:
    """Long campaign runs go to the queue; `Campaign.generated` shows progress chunk by chunk."""
    return services.generate_campaign(campaign_id)
