"""Cloud classroom (courses.py) and skill contests (contests.py) live in separate modules so they grow apart."""

from niangjia.training.models.contests import *  # noqa: F401,F403
from niangjia.training.models.courses import *  # noqa: F401,F403
