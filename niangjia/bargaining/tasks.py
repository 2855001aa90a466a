"""Daily bargaining jobs: proposals near or past their 20-day answer are reminded; filed agreements whose
objection period has ended take effect by law; agreements past their term expire; renewal is reminded
60 days before the end."""

from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from niangjia.bargaining import services


@db_periodic_task(crontab(hour="1", minute="10"))
def bargaining_daily():
    today = timezone.localdate()
    services.take_effect_due(today=today)
    services.expire_due(today=today)
    services.remind_offers(today=today)
    services.remind_renewals(today=today)
