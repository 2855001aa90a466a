from importlib import import_module

from django.contrib import admin
from django.urls import include, path

from niangjia.api import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("niangjia.core.urls")),
]

# Domain apps mount their pages under their own prefix once they have a urls.py.
for app, prefix in (("relief", "relief/"), ("rights", "rights/"), ("mutual_aid", "mutual-aid/"), ("care", "care/"),
                    ("congress", "congress/"), ("market", "market/"), ("training", "training/"),
                    ("jobs", "jobs/"), ("events", "events/"), ("honors", "honors/"), ("news", "news/"),
                    ("bargaining", "bargaining/")):
    try:
        import_module(f"niangjia.{app}.urls")
    except ModuleNotFoundError as exc:
        if exc.name != f"niangjia.{app}.urls":
            raise
        continue
    urlpatterns.append(path(prefix, include(f"niangjia.{app}.urls")))

handler400 = "niangjia.core.errorpages.bad_request"
handler403 = "niangjia.core.errorpages.permission_denied"
handler404 = "niangjia.core.errorpages.page_not_found"
handler500 = "niangjia.core.errorpages.server_error"
