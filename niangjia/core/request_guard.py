"""Malformed requests get a clear 4xx in Chinese, never a 500.

Runs before any view (and before the CSRF check, which reads the form body):
- a multipart body without a valid boundary is refused with 400 (Django raises MultiPartParserError deep
  inside `request.POST`, which ends as a 500);
- a non-file body larger than DATA_UPLOAD_MAX_MEMORY_SIZE is refused with 413 before it is read.
It also turns a domain error that escaped a page view (e.g. "no agreement yet") into a page with its own
status and message instead of a 500. API requests get the JSON error shape `{code, message, details}`.
"""

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, TooManyFilesSent
from django.db import DataError
from django.http import JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.shortcuts import render
from django.utils.http import parse_header_parameters

from niangjia.core.context import current_request
from niangjia.core.errors import DomainError

BAD_MULTIPART = "上传的表单格式不正确（缺少或无效的分隔符 boundary），请重新提交。"
TOO_BIG = "提交的内容太大了。请减少内容，附件请单独上传（每个不超过 10 MB）。"
TOO_MANY = "提交的字段或文件太多了。"
BAD_CHARACTERS = "请求中含有无效字符（如空字符），请检查后重新提交。"


def _is_api(request) -> bool:
    return request.path.startswith("/api/")


def error_response(request, status: int, code: str, message: str):
    if _is_api(request):
        return JsonResponse({"code": code, "message": message, "details": {}}, status=status,
                            json_dumps_params={"ensure_ascii": False})
    return render(request, "core/request_error.html", {"message": message, "status": status}, status=status)


def _multipart_ok(content_type: str) -> bool:
    _ctype, params = parse_header_parameters(content_type)
    boundary = params.get("boundary", "")
    if not boundary or len(boundary) > 200:
        return False
    try:
        boundary.encode("ascii")
    except UnicodeEncodeError:
        return False
    return True


class RequestGuardMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = current_request.set(request)
        try:
            return self._guarded(request)
        finally:
            current_request.reset(token)

    def _guarded(self, request):
        # A NUL character is never meaningful input, and PostgreSQL refuses it in text (a 500 deep in a query).
        if "\x00" in request.path or any("\x00" in key or any("\x00" in v for v in values)
                                        for key, values in request.GET.lists()):
            return error_response(request, 400, "bad_characters", BAD_CHARACTERS)
        content_type = request.META.get("CONTENT_TYPE", "")
        if content_type.lower().startswith("multipart/"):
            if not _multipart_ok(content_type):
                return error_response(request, 400, "bad_multipart", BAD_MULTIPART)
        else:
            try:
                length = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                length = 0
            limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
            if limit is not None and length > limit:
                return error_response(request, 413, "too_large", TOO_BIG)
        if _is_api(request) and request.method in ("POST", "PUT", "PATCH") and content_type.lower().startswith(
                ("multipart/", "application/x-www-form-urlencoded")):
            # Keep the raw body of a small API form post: a later middleware that looks at request.POST
            # would otherwise consume the stream, and a view that verifies a signature over the raw body
            # (the telephone webhook) would then fail with a 500.
            try:
                length = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                length = 0
            limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
            if limit is None or length <= limit:
                try:
                    request.body  # noqa: B018 - read once so that Django caches it
                except RequestDataTooBig:
                    return error_response(request, 413, "too_large", TOO_BIG)
        return self.get_response(request)

    def process_exception(self, request, exception):
        if isinstance(exception, RequestDataTooBig):
            return error_response(request, 413, "too_large", TOO_BIG)
        if isinstance(exception, TooManyFieldsSent | TooManyFilesSent):
            return error_response(request, 400, "too_many_fields", TOO_MANY)
        if isinstance(exception, MultiPartParserError):
            return error_response(request, 400, "bad_multipart", BAD_MULTIPART)
        if isinstance(exception, DomainError):
            return error_response(request, exception.status, exception.code, exception.message)
        if isinstance(exception, DataError):
            # A value the database cannot store (a NUL character in a JSON string, a number out of range) is the
            # client's input, not a server fault.
            return error_response(request, 400, "bad_characters", BAD_CHARACTERS)
        return None
