"""The JSON API under /api/v1/: one django-ninja router per app.

Errors always come as `{"code": ..., "message": <Chinese>, "details": {...}}`, never an HTML page.
Browsers authenticate with the session (CSRF checked on writes); other clients send
`Authorization: Bearer <token>`.
"""

import logging

from django.core.exceptions import RequestDataTooBig
from django.db import DataError
from django.http import Http404
from django.http.multipartparser import MultiPartParserError
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError, Throttled
from ninja.errors import ValidationError as NinjaValidationError

from niangjia.core import request_guard
from niangjia.core.api_docs import VendoredSwagger, document_errors
from niangjia.core.api_security import bearer_token, session_auth
from niangjia.core.errors import DomainError

log = logging.getLogger("niangjia.api")


class NiangjiaAPI(NinjaAPI):
    def get_openapi_schema(self, **kwargs):
        return document_errors(super().get_openapi_schema(**kwargs))


api = NiangjiaAPI(
    title="Niangjia API",
    version="1",
    urls_namespace="api-v1",
    docs_url="/docs",
    docs=VendoredSwagger(),
    auth=[bearer_token, session_auth],  # bearer first: a token request is not CSRF-checked
    description="娘家·网上工会 — JSON API. 会话(浏览器)或 Bearer 令牌认证。错误统一为 {code, message, details}。",
)

def _validation_message(errors: list[dict]) -> str:
    parts = []
    for err in errors[:5]:
        loc = [str(x) for x in err.get("loc", []) if x not in ("body", "payload", "query", "path")]
        field = ".".join(loc) or "请求"
        kind = err.get("type", "")
        if kind == "value_error":  # a validator's own Chinese reason, e.g. core.api_types.Yuan
            reason = str((err.get("ctx") or {}).get("error") or err.get("msg", "")).removeprefix("Value error, ")
            parts.append(f"字段 {field}：{reason}")
        elif kind == "missing":
            parts.append(f"缺少字段 {field}")
        elif "decimal" in kind or "float" in kind or "int" in kind:
            parts.append(f"字段 {field} 必须是数字")
        elif kind == "literal_error" or kind == "enum":
            parts.append(f"字段 {field} 的取值不在允许范围内")
        else:
            parts.append(f"字段 {field} 格式不正确")
    return "；".join(parts) or "请求格式不正确"


@api.exception_handler(DomainError)
def on_domain_error(request, exc: DomainError):
    return api.create_response(
        request, {"code": exc.code, "message": exc.message, "details": exc.details}, status=exc.status
    )


@api.exception_handler(NinjaValidationError)
def on_validation_error(request, exc: NinjaValidationError):
    return api.create_response(
        request,
        {"code": "invalid", "message": _validation_message(exc.errors), "details": {"errors": exc.errors}},
        status=422,
    )


@api.exception_handler(AuthenticationError)
def on_auth_error(request, exc):
    return api.create_response(request, {"code": "unauthorized", "message": "请先登录。", "details": {}}, status=401)


@api.exception_handler(Http404)
def on_404(request, exc):
    return api.create_response(
        request, {"code": "not_found", "message": "未找到该记录，或您无权查看。", "details": {}}, status=404
    )


@api.exception_handler(Throttled)
def on_throttled(request, exc: Throttled):
    return api.create_response(
        request, {"code": "throttled", "message": "请求过于频繁，请稍后再试。", "details": {}}, status=429
    )


@api.exception_handler(HttpError)
def on_http_error(request, exc: HttpError):
    return api.create_response(
        request, {"code": f"http_{exc.status_code}", "message": str(exc), "details": {}}, status=exc.status_code
    )


@api.exception_handler(RequestDataTooBig)
def on_too_big(request, exc):
    return request_guard.error_response(request, 413, "too_large", request_guard.TOO_BIG)


@api.exception_handler(MultiPartParserError)
def on_bad_multipart(request, exc):
    return request_guard.error_response(request, 400, "bad_multipart", request_guard.BAD_MULTIPART)


@api.exception_handler(DataError)
def on_data_error(request, exc):
    # A value the database cannot store (a NUL character inside a JSON string, a number out of range) came from
    # the client: a 400 in Chinese, not a 500.
    return api.create_response(
        request, {"code": "bad_characters", "message": "提交的内容含有无效字符或超出范围，请检查后重新提交。", "details": {}},
        status=400,
    )


@api.exception_handler(Exception)
def on_unexpected(request, exc):
    log.exception("unhandled API error")
    return api.create_response(
        request, {"code": "server_error", "message": "服务器出了点问题，请稍后再试。", "details": {}}, status=500
    )


DOMAIN_APPS = ("relief", "rights", "mutual_aid", "care", "congress", "market",
               "training", "jobs", "events", "honors", "news", "bargaining")


def _mount() -> None:
    from niangjia.core.api import router as core_router
    from niangjia.core.api_auth import router as auth_router

    api.add_router("/", core_router)
    api.add_router("/auth/", auth_router)
    for app in DOMAIN_APPS:
        try:
            module = __import__(f"niangjia.{app}.api", fromlist=["router"])
        except ModuleNotFoundError as exc:
            if exc.name != f"niangjia.{app}.api":
                raise
            continue
        # An app whose API contract has paths outside /<app>/ (for example /api/v1/contests and
        # /api/v1/attempts of the training app) lists its routers with their prefixes in ROUTERS.
        for prefix, router in getattr(module, "ROUTERS", [(f"/{app.replace('_', '-')}/", module.router)]):
            api.add_router(prefix, router)


_mount()
