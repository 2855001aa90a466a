"""Request-wide middleware: request id, health check, client IP for the audit trail, idle sessions,
and headers that keep personal data out of caches and pages out of other sites' reach."""

import re
import time
import uuid

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import gettext as _

from niangjia.core import health
from niangjia.core.context import client_ip, request_id, request_ip

# An id from the proxy (nginx $request_id) is kept so that its access log and ours line up; anything
# else is replaced, so a client cannot write arbitrary text into our logs.
_INCOMING_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")


class RequestIdMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.META.get("HTTP_X_REQUEST_ID", "")
        rid = incoming if _INCOMING_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = rid
        token = request_id.set(rid)
        try:
            response = self.get_response(request)
        finally:
            request_id.reset(token)
        response["X-Request-ID"] = rid
        return response


class HealthCheckMiddleware:
    """`/healthz`: 200 when the database and the task queue answer, 503 otherwise (for load balancers)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path == "/healthz":
            return health.healthz_response()
        return self.get_response(request)


class RequestContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # The configured proxy header (NIANGJIA_CLIENT_IP_HEADER) when behind a proxy, else REMOTE_ADDR.
        token = client_ip.set(request_ip(request) or None)
        try:
            return self.get_response(request)
        finally:
            client_ip.reset(token)


SEEN_KEY = "_nj_seen"
IDLE_KEY = "_nj_idle"
# Writing the session on every request would cost a write per page; a minute of slack is harmless.
TOUCH_EVERY = 60


def idle_seconds_for(user) -> int:
    from niangjia.core import scoping

    return settings.NIANGJIA_STAFF_IDLE_SECONDS if scoping.has_role(user) else settings.NIANGJIA_MEMBER_IDLE_SECONDS


def start_idle_clock(sender, request, user, **kwargs):
    """At login: decide the idle limit once (a role given later applies from the next login)."""
    if request is None or not hasattr(request, "session"):
        return
    idle = idle_seconds_for(user)
    request.session[SEEN_KEY] = int(time.time())
    request.session[IDLE_KEY] = idle
    request.session.set_expiry(idle)


class SessionIdleTimeoutMiddleware:
    """Log out after a period without requests: 30 minutes for anyone holding a staff role (they see other
    people's data, often on shared office computers), longer for members on their own phones."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            seen = request.session.get(SEEN_KEY)
            idle = request.session.get(IDLE_KEY)
            if idle is None:  # a session from before this middleware existed
                idle = idle_seconds_for(user)
                request.session[IDLE_KEY] = idle
            if seen is not None and now - seen > idle:
                logout(request)
                if request.path.startswith("/api/"):
                    return self.get_response(request)
                messages.info(request, _("You were logged out after a period without activity. Please log in again."))
                return redirect_to_login(request.get_full_path())
            if seen is None or now - seen >= TOUCH_EVERY:
                request.session[SEEN_KEY] = now
                request.session.set_expiry(idle)
        return self.get_response(request)


class PrivateResponseMiddleware:
    """Pages for a logged-in person carry personal data: no cache (browser back/forward, a shared
    computer, a proxy) may keep them. Also sends Permissions-Policy, which Django has no setting for."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not request.path.startswith(settings.STATIC_URL):
            if not response.has_header("Cache-Control"):
                add_never_cache_headers(response)
                patch_cache_control(response, private=True)
            elif "no-store" not in response["Cache-Control"]:
                patch_cache_control(response, no_store=True, private=True)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response
