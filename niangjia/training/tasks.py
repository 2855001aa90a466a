"""Background jobs of the training app."""

from niangjia.training.tasks_contests import finish_expired_attempts  # noqa: F401
from niangjia.training.tasks_courses import sweep_abandoned_uploads  # noqa: F401
