"""`/healthz` for load balancers: the database and the task queue both answer, or 503."""

import logging

from django.db import connection
from django.http import JsonResponse

logger = logging.getLogger("niangjia.health")


def _database() -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def _queue() -> None:
    from huey.contrib.djhuey import HUEY

    # Reads the queue length from the queue's own storage (Redis or the SQLite file): fails if unreachable.
    HUEY.pending_count()


CHECKS = {"database": _database, "queue": _queue}


def healthz_response() -> JsonResponse:
    result, ok = {}, True
    for name, check in CHECKS.items():
        try:
            check()
        except Exception:  # any failure means "not healthy"; the details go to the log, not the prober
            logger.exception("health check failed: %s", name)
            result[name] = "error"
            ok = False
        else:
            result[name] = "ok"
    response = JsonResponse({"status": "ok" if ok else "error", **result}, status=200 if ok else 503)
    response["Cache-Control"] = "no-store"
    return response
