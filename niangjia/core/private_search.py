"""Full ID and mobile numbers never travel in a URL (access logs, browser history, Referer headers).

Search forms that may carry one post it (`<form method="post">` with a hidden `_nj_search` field).
`PrivateSearchMiddleware` answers such a post with a redirect to the same page: an ordinary keyword stays in
the query string as before, while an ID or mobile number is kept in the session under a random token and
only `qt=<token>` appears in the URL. Views and the list grid read the value with `search_value()`.
"""

import re
import secrets

from django.http import HttpResponseRedirect
from django.utils.http import urlencode

SENSITIVE = re.compile(r"^(\d{17}[\dXx]|\+?(86)?1[3-9]\d{9}|\d{15})$")
SESSION_KEY = "_nj_private_search"
KEEP = 20  # tokens remembered per session
MARKER = "_nj_search"


def is_sensitive(value: str) -> bool:
    return bool(SENSITIVE.match(re.sub(r"[\s-]", "", value or "")))


def search_value(request, name: str = "q") -> str:
    """The value of search field `name`: from the query string, or from the session through `qt`."""
    token = request.GET.get("qt", "")
    if token and hasattr(request, "session"):
        stored = request.session.get(SESSION_KEY, {}).get(token)
        if stored and stored[0] == name:
            return stored[1]
    return request.GET.get(name, "")


class PrivateSearchMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    @staticmethod
    def _is_search_post(request) -> bool:
        # Only a small urlencoded form can be a search; anything else (uploads, JSON, oversized bodies) is
        # left for the view and the request guard, without this middleware reading the body.
        if request.method != "POST" or request.content_type != "application/x-www-form-urlencoded":
            return False
        try:
            if int(request.META.get("CONTENT_LENGTH") or 0) > 4096:
                return False
        except ValueError:
            return False
        return bool(hasattr(request, "session") and request.POST.get(MARKER))

    def __call__(self, request):
        if self._is_search_post(request):
            params, stash = [], None
            for key, values in request.POST.lists():
                if key in ("csrfmiddlewaretoken", MARKER, "qt"):
                    continue
                for value in values:
                    if stash is None and value and is_sensitive(value):
                        stash = (key, value.strip())
                    elif value:
                        params.append((key, value))
            if stash:
                token = secrets.token_urlsafe(9)
                kept = dict(list(request.session.get(SESSION_KEY, {}).items())[-(KEEP - 1):])
                kept[token] = list(stash)
                request.session[SESSION_KEY] = kept
                params.append(("qt", token))
            return HttpResponseRedirect(request.path + ("?" + urlencode(params) if params else ""), status=303)
        return self.get_response(request)
