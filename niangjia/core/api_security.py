"""How API requests authenticate: a bearer token first, then the browser session.

A bearer token arrives in a header that a browser never attaches on its own (a cross-site page cannot set
`Authorization` without a CORS preflight we do not grant), so a request carrying a valid token is not
CSRF-checked; that is what lets a mini-program write. A request that authenticates with the session
cookie keeps Django's CSRF check on unsafe methods.
"""

from django.conf import settings
from ninja.security import HttpBearer
from ninja.security.apikey import APIKeyCookie
from ninja.utils import check_csrf

from niangjia.core import selectors
from niangjia.core.errors import Forbidden
from niangjia.core.services import tokens


class BearerToken(HttpBearer):
    def authenticate(self, request, token):
        api_token = selectors.live_api_token(token)
        if api_token is None:
            return None
        tokens.mark_used(api_token)
        request.user = api_token.user
        request.api_token = api_token
        return api_token.user


class SessionWithCsrf(APIKeyCookie):
    """Django's session; unsafe methods must carry the CSRF token (403 with a Chinese message otherwise)."""

    param_name = settings.SESSION_COOKIE_NAME

    def _get_key(self, request):
        # Only a request that really authenticates with the session is CSRF-checked: an anonymous one
        # (or one with a bad bearer token) should hear 401 "please log in", not a CSRF complaint.
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        if not getattr(request, "_ninja_csrf_exempt", False) and check_csrf(request):
            raise Forbidden("页面已过期或请求来源不正确，请刷新页面后重试。", code="csrf_failed")
        return request.COOKIES.get(self.param_name)

    def authenticate(self, request, key):
        return request.user if key is not None else None


bearer_token = BearerToken()
session_auth = SessionWithCsrf()
