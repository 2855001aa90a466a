"""Periodic jobs: overdue cases to supervisors, appointment reminders, missed mediation payments."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from niangjia.rights.services import appointments, cases


@db_periodic_task(crontab(minute="*/30"))
def notify_overdue_cases() -> None:
    cases.notify_overdue()


@db_periodic_task(crontab(hour="18", minute="0"))
def remind_appointments() -> None:
    appointments.send_reminders()


@db_periodic_task(crontab(hour="9", minute="0"))
def alert_missed_mediation_payments() -> None:
    from niangjia.rights.services import mediation

    mediation.missed_payments_alert()


@db_periodic_task(crontab(hour="7", minute="30"))
def reassess_employer_risk() -> None:
    from niangjia.rights.services import risk

    risk.reassess_all()


@db_periodic_task(crontab(hour="3", minute="15"))
def purge_call_event_nonces() -> None:
    from niangjia.rights.services import calls

    calls.purge_nonces()
