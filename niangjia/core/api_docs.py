"""/api/v1/docs: Swagger UI from the vendored swagger-ui-dist in static/vendor/swagger-ui (no CDN, no inline script)."""

import json

from django.shortcuts import render
from ninja.openapi.docs import Swagger


class VendoredSwagger(Swagger):
    def render_page(self, request, api, **kwargs):
        settings = {**self.settings, "url": self.get_openapi_url(api, kwargs)}
        context = {"swagger_settings": json.dumps(settings).replace("</", "<\\/"), "api": api, "add_csrf": True}
        return render(request, "core/swagger.html", context)
