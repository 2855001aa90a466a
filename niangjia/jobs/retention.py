"""Retention of job applications (个人信息保护法 第十九条, issue 10): an application the employer marked 不合适 is
deleted, with its stage history, a set time after that decision (two years by default, NIANGJIA_RETENTION_DAYS
["jobs.rejected_application"] to change it); so is one the worker withdrew, counted from the withdrawal. Hired
and open applications stay with the fair's records."""

import datetime as dt

from niangjia.jobs.models import Application

DAYS = 730


def purge_rejected(before: dt.datetime) -> int:
    return Application.objects.filter(stage__in=[Application.Stage.REJECTED, Application.Stage.WITHDRAWN],
                                      updated_at__lt=before).delete()[1].get(
        "jobs.Application", 0)
