"""Domain errors: a stable `code` for machines and a Chinese `message` for people.

Views turn them into form errors or messages; the API turns them into
`{"code": ..., "message": ..., "details": {...}}` with the matching HTTP status.
"""

from typing import Any


class DomainError(Exception):
    status = 400
    code = "invalid"

    def __init__(self, message: str, *, code: str | None = None, details: dict[str, Any] | None = None):
        super().__init__(message)
        self.message = str(message)
        if code:
            self.code = code
        self.details = details or {}


class NotFound(DomainError):
    """Missing and out-of-scope look the same, so ids do not leak."""

    status = 404
    code = "not_found"


class Invalid(DomainError):
    status = 422
    code = "invalid"


class Conflict(DomainError):
    status = 409
    code = "conflict"


class Forbidden(DomainError):
    status = 403
    code = "forbidden"


class Throttled(DomainError):
    status = 429
    code = "throttled"
