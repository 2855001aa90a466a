"""Request throttling keyed on the real client address, shared by every app server through the cache.

Rates live in `settings.NIANGJIA_THROTTLE_RATES` ("60/min" style, read at call time so an operator or a
test can change them). The counter is a fixed window kept with `cache.add` + `cache.incr`, which are atomic
on Redis (and on the local-memory cache used on a single machine): django-ninja's own `SimpleRateThrottle`
keeps a list of timestamps with a get-then-set, so two app servers racing the same key both let requests
through. We still plug into ninja's throttle hook (`BaseThrottle`), so the API answers 429 with Retry-After.
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from ninja.throttling import BaseThrottle

from niangjia.core.context import request_ip

_PERIODS = {"s": 1, "sec": 1, "m": 60, "min": 60, "h": 3600, "hour": 3600, "d": 86400, "day": 86400}


def parse_rate(rate: str) -> tuple[int, int]:
    count, _, per = rate.partition("/")
    digits = "".join(ch for ch in per if ch.isdigit())
    unit = per[len(digits):] if per[: len(digits)] == digits else per
    return int(count), (int(digits) if digits else 1) * _PERIODS[unit]


def hit(request, scope: str, ident: str | None = None) -> bool:
    """Count one request in `scope` for this client; False once the scope's rate is exceeded."""
    rate = settings.NIANGJIA_THROTTLE_RATES.get(scope)
    if not rate:
        return True
    limit, period = parse_rate(rate)
    who = hashlib.sha256((ident or request_ip(request)).encode()).hexdigest()[:32]
    key = f"niangjia:throttle:{scope}:{who}:{int(time.time() // period)}"
    if cache.add(key, 1, period + 5):
        return 1 <= limit
    try:
        return cache.incr(key) <= limit
    except ValueError:  # the window expired between add and incr
        cache.add(key, 1, period + 5)
        return True


def retry_after(scope: str) -> int:
    rate = settings.NIANGJIA_THROTTLE_RATES.get(scope)
    if not rate:
        return 0
    _, period = parse_rate(rate)
    return max(1, int(period - time.time() % period))


class ClientThrottle(BaseThrottle):
    """A django-ninja throttle for one scope of NIANGJIA_THROTTLE_RATES, keyed on the client address."""

    def __init__(self, scope: str):
        self.scope = scope

    def allow_request(self, request) -> bool:
        return hit(request, self.scope)

    def wait(self) -> float | None:
        return float(retry_after(self.scope))
