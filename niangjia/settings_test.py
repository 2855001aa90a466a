"""Test settings: the real settings with tasks run inline and a fast password hasher."""

from niangjia.settings import *  # noqa: F403
from niangjia.settings import HUEY, REDIS_URL, STATIC_ROOT

HUEY = {**HUEY, "immediate": True}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# The to-do queue cache is off in tests, so page tests measure the real queries (the fixed-query property);
# core/tests/test_todo_cache.py turns it on.
NIANGJIA_TODO_CACHE_SECONDS = 0
# Nor are declarations kept between requests: SQLite reuses ids after a test's rollback, so a kept plan could
# meet another test's rows under the same ids (core/tests/test_todo_cache.py turns it on with a fresh cache).
NIANGJIA_TODO_PLAN_SECONDS = 0
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
if not REDIS_URL:
    # One process runs the tests (live servers are threads in it): an in-memory cache is shared by all of
    # them and, unlike the file cache, does not carry throttle counters from one run into the next.
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
