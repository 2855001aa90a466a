"""Error pages (403, 404, CSRF failure, 500): Chinese, with the site header and a way home.

Views never see these: Django calls them through handler403/404/500 in niangjia/urls.py and
CSRF_FAILURE_VIEW. The 500 page shows the request id that the log line carries, so a person calling the
union can read it out and staff can find the error.
"""

import logging

from django.http import HttpResponse, HttpResponseServerError
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from niangjia.core.context import request_id

logger = logging.getLogger("niangjia.errors")


def _render(request, status: int, title: str, text: str) -> HttpResponse:
    context = {"status": status, "title": title, "text": text, "request_id": request_id.get()}
    return HttpResponse(render_to_string("errors/error.html", context, request=request), status=status)


def page_not_found(request, exception=None):
    return _render(request, 404, _("Page not found"),
                   _("The page does not exist, or it is not open to your account."))


def permission_denied(request, exception=None):
    return _render(request, 403, _("No access"), _("Your account may not open this page."))


def csrf_failure(request, reason=""):
    return _render(request, 403, _("The form has expired"),
                   _("The page was open too long or was opened in another window. "
                     "Go back, reload the page and send it again."))


def bad_request(request, exception=None):
    return _render(request, 400, _("Bad request"), _("The request could not be understood."))


FALLBACK_500 = """<!doctype html><html lang="zh-hans"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>出错了 · 娘家</title></head>
<body><h1>娘家 · 网上工会</h1><p>出错了，我们已经记录下来。请稍后再试。</p><p>编号：{rid}</p>
<p><a href="/">回到首页</a></p></body></html>"""


def server_error(request):
    # The exception itself is logged by django.request with this request's id; the page only shows the id.
    try:
        return _render(request, 500, _("Something went wrong"),
                       _("We have recorded the error. Please try again later; if it keeps happening, "
                         "tell your union the number below."))
    except Exception:  # the page must not fail when the database or a template is the problem
        logger.exception("500 page could not be rendered")
        return HttpResponseServerError(FALLBACK_500.format(rid=request_id.get() or "-"))
