"""Unsuccessful job applications are deleted two years after the 不合适 decision by the nightly retention job;
hired and open ones stay."""

import datetime as dt

from django.utils import timezone

from niangjia.core.services import retention
from niangjia.jobs import services
from niangjia.jobs.models import Application


def test_rejected_applications_go_after_two_years(people, posts):
    now = timezone.now()
    rejected = services.apply(actor=people.worker, position_id=posts[0].pk, profile="做过保洁")
    for stage in ("viewed", "rejected"):
        services.move_application(actor=people.employer_user, application_id=rejected.pk, stage=stage)
    hired = services.apply(actor=people.worker, position_id=posts[1].pk, profile="会电脑")
    for stage in ("viewed", "interview", "hired"):
        services.move_application(actor=people.employer_user, application_id=hired.pk, stage=stage)
    waiting = services.apply(actor=people.worker, position_id=posts[2].pk, profile="能上夜班")
    Application.objects.update(updated_at=now - dt.timedelta(days=729))
    assert retention.enforce(now=now).get("jobs.rejected_application", 0) == 0
    Application.objects.update(updated_at=now - dt.timedelta(days=731))
    assert retention.enforce(now=now)["jobs.rejected_application"] == 1
    assert set(Application.objects.values_list("pk", flat=True)) == {hired.pk, waiting.pk}
