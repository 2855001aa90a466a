"""Background work of the classroom: poster frames cut from uploaded videos (where ffmpeg is installed), and
uploads abandoned for a day closed every night with their partial files deleted, so the local disk does not
fill with halves of videos."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from niangjia.training import services_courses


@db_periodic_task(crontab(hour="3", minute="10"))
def sweep_abandoned_uploads() -> int:
    return services_courses.sweep_abandoned_uploads()


@db_task()
def make_poster_task(lesson_id: int) -> bool:
    return services_courses.make_poster(lesson_id=lesson_id)
