"""Per-request facts that services need for the audit trail but should not take as arguments."""

import contextvars
import ipaddress

from django.conf import settings

client_ip: contextvars.ContextVar[str | None] = contextvars.ContextVar("client_ip", default=None)
# The request being served (set by core.request_guard), so that a download helper can audit who took it.
current_request: contextvars.ContextVar = contextvars.ContextVar("current_request", default=None)


def request_ip(request) -> str:
    """The client's address: from the configured proxy header when there is one, else REMOTE_ADDR.

    `NIANGJIA_CLIENT_IP_HEADER` names the header (e.g. "X-Forwarded-For") and `NIANGJIA_TRUSTED_PROXY_COUNT`
    how many proxies in front of us append to it; the address those proxies saw is the N-th from the right.
    Anything a client wrote further left is ignored, so a forged header cannot pick someone else's bucket.
    """
    remote = request.META.get("REMOTE_ADDR") or ""
    header = getattr(settings, "NIANGJIA_CLIENT_IP_HEADER", "")
    if not header:
        return remote
    raw = request.headers.get(header) or ""
    parts = [p.strip() for p in raw.split(",") if p.strip()]
    if not parts:
        return remote
    trusted = max(1, int(getattr(settings, "NIANGJIA_TRUSTED_PROXY_COUNT", 1)))
    candidate = parts[-min(trusted, len(parts))]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote


# The id of the request being served (X-Request-ID), put on every log line and on the 500 page.
request_id: contextvars.ContextVar[str | None] = contextvars.ContextVar("request_id", default=None)
