"""The OpenAPI document and /api/v1/docs.

Swagger UI comes from the vendored swagger-ui-dist in static/vendor/swagger-ui (no CDN, no inline script).
`document_errors` adds to every operation the error answers it can really give, all in the one error
shape `{code, message, details}`, so that the schema matches behaviour (schemathesis checks status codes
against it in niangjia/tests/test_api_fuzz.py).
"""

import json

from django.shortcuts import render
from ninja.openapi.docs import Swagger


class VendoredSwagger(Swagger):
    def render_page(self, request, api, **kwargs):
        settings = {**self.settings, "url": self.get_openapi_url(api, kwargs)}
        context = {"swagger_settings": json.dumps(settings).replace("</", "<\\/"), "api": api, "add_csrf": True}
        return render(request, "core/swagger.html", context)


ERROR_SCHEMA = {
    "title": "Error",
    "type": "object",
    "properties": {
        "code": {"type": "string", "description": "stable machine code, e.g. relief.cap_exceeded"},
        "message": {"type": "string", "description": "Chinese, for people"},
        "details": {"type": "object"},
    },
    "required": ["code", "message", "details"],
}

# Every operation: malformed body (400), body too large (413), invalid input (422), too many requests
# (429; public and login endpoints are throttled), and domain refusals (403/404/409) from services.
_ALWAYS = {"400": "请求格式不正确", "403": "无权操作", "404": "未找到，或不在您的范围内", "409": "与当前状态冲突",
           "413": "请求内容太大", "422": "输入不正确", "429": "请求过于频繁"}


def document_errors(schema: dict) -> dict:
    schema.setdefault("components", {}).setdefault("schemas", {})["Error"] = ERROR_SCHEMA
    ref = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
    for path_item in schema.get("paths", {}).values():
        for operation in path_item.values():
            if not isinstance(operation, dict) or "responses" not in operation:
                continue
            responses = operation["responses"]
            wanted = dict(_ALWAYS)
            if operation.get("security"):
                wanted["401"] = "未登录或令牌无效"
            for status, text in wanted.items():
                responses.setdefault(status, {"description": text, **ref})
    return schema
