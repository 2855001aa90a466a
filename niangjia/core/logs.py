"""Logging helpers: every record carries the id of the request it belongs to."""

import logging

from niangjia.core.context import request_id


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", None):
            # django.request logs 4xx/5xx after the middleware chain has returned (the context variable is
            # reset by then); those records carry the request, which carries its id.
            record.request_id = request_id.get() or getattr(getattr(record, "request", None), "request_id", None)
        return True
