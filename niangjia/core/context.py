"""Per-request facts that services need for the audit trail but should not take as arguments."""

import contextvars

client_ip: contextvars.ContextVar[str | None] = contextvars.ContextVar("client_ip", default=None)
