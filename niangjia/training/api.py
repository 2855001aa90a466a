"""The training app answers under /api/v1/training/ (courses) and, per the contest contract, under
/api/v1/contests and /api/v1/attempts."""

from niangjia.training.api_contests import router as contests_router
from niangjia.training.api_courses import router

ROUTERS = [("/training/", router), ("/", contests_router)]
