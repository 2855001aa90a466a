"""Logging helpers: every record carries the id of the request it belongs to."""

import logging

from niangjia.core.context import request_id


class RequestIdFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", None):
            record.request_id = request_id.get()
        return True
