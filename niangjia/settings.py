"""Django settings for Niangjia.

Everything that differs between a laptop and production comes from the environment:
DATABASE_URL, REDIS_URL, NIANGJIA_PII_KEY, NIANGJIA_INDEX_KEY, DJANGO_SECRET_KEY, DJANGO_DEBUG.
On a developer machine the secrets are generated once into `.env` (see niangjia/envfile.py).
"""

from pathlib import Path

import dj_database_url

from niangjia import envfile

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"
VAR_DIR.mkdir(exist_ok=True)

env = envfile.load(BASE_DIR / ".env")

SECRET_KEY = env["DJANGO_SECRET_KEY"]
DEBUG = env.get("DJANGO_DEBUG", "1") == "1"
ALLOWED_HOSTS = [h for h in env.get("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,testserver").split(",") if h]

NIANGJIA_PII_KEY = env["NIANGJIA_PII_KEY"]
NIANGJIA_INDEX_KEY = env["NIANGJIA_INDEX_KEY"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "huey.contrib.djhuey",
    "niangjia.core",
    "niangjia.relief",
    "niangjia.rights",
    "niangjia.mutual_aid",
    "niangjia.care",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "niangjia.core.middleware.RequestContextMiddleware",
    "niangjia.core.request_guard.RequestGuardMiddleware",
]

ROOT_URLCONF = "niangjia.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "niangjia" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "niangjia.core.context_processors.navigation_context",
                "niangjia.core.context_processors.hotline",
            ],
            "builtins": ["niangjia.core.templatetags.niangjia"],
        },
    },
]
WSGI_APPLICATION = "niangjia.wsgi.application"
ASGI_APPLICATION = "niangjia.asgi.application"

SQLITE_PATH = VAR_DIR / "niangjia.sqlite3"
DATABASES = {
    "default": dj_database_url.parse(
        env.get("DATABASE_URL") or f"sqlite:///{SQLITE_PATH}", conn_max_age=0, conn_health_checks=True
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers and one writer work at once; IMMEDIATE makes a write transaction take the
    # lock up front so that concurrent writers queue instead of failing with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / f"test{env.get('NIANGJIA_TEST_TAG', '')}.sqlite3")}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "core.User"
AUTHENTICATION_BACKENDS = ["niangjia.core.auth.PhonePasswordBackend"]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "core:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:home"

# Account lock after repeated failed logins.
NIANGJIA_LOGIN_MAX_FAILURES = 5
NIANGJIA_LOGIN_LOCK_MINUTES = 15

# API bearer tokens (POST /api/v1/auth/token) live this many days unless revoked earlier.
NIANGJIA_API_TOKEN_DAYS = int(env.get("NIANGJIA_API_TOKEN_DAYS", "30"))

# Throttling (core/throttling.py) keys on the client address. Behind nginx set
# NIANGJIA_CLIENT_IP_HEADER=X-Forwarded-For and the number of proxies that append to it; without a header
# the TCP peer (REMOTE_ADDR) is used. Counters live in the cache, so several app servers need REDIS_URL.
NIANGJIA_CLIENT_IP_HEADER = env.get("NIANGJIA_CLIENT_IP_HEADER", "")
NIANGJIA_TRUSTED_PROXY_COUNT = int(env.get("NIANGJIA_TRUSTED_PROXY_COUNT", "1"))
NIANGJIA_THROTTLE_RATES = {
    "public": env.get("NIANGJIA_THROTTLE_PUBLIC", "60/min"),  # calculators, self-test, KB search
    "login": env.get("NIANGJIA_THROTTLE_LOGIN", "20/min"),  # login page and token login, per client
    # SMS codes: per number (a minute apart, five an hour) and per client address
    "sms_phone": env.get("NIANGJIA_THROTTLE_SMS_PHONE", "1/min"),
    "sms_phone_hour": env.get("NIANGJIA_THROTTLE_SMS_PHONE_HOUR", "5/hour"),
    "sms_client": env.get("NIANGJIA_THROTTLE_SMS_CLIENT", "20/hour"),
}
NIANGJIA_SMS_CODE_MINUTES = 5

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "niangjia" / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "niangjia" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
MEDIA_ROOT = Path(env.get("NIANGJIA_MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "/media/"  # never served directly: attachments go through a scoped view
NIANGJIA_UPLOAD_MAX_BYTES = 10 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

REDIS_URL = env.get("REDIS_URL", "")
# utc=False: periodic tasks (crontab) are read in local time, and Django sets the process's local time to
# TIME_ZONE (Asia/Shanghai), so crontab(hour=18) fires at 18:00 Beijing time, not 18:00 UTC (02:00 here).
if REDIS_URL:
    HUEY = {"huey_class": "huey.RedisHuey", "name": "niangjia", "url": REDIS_URL, "immediate": False, "utc": False}
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    HUEY = {
        "huey_class": "huey.SqliteHuey",
        "name": "niangjia",
        "filename": str(VAR_DIR / "huey.sqlite3"),
        "immediate": False,
        "utc": False,
    }
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Delivery backends for the notification outbox; in-app needs none (the Message row is the delivery).
# The union hotline shown as a tap-to-call link on Home and the help pages (12351 is the national union hotline).
NIANGJIA_HOTLINE = env.get("NIANGJIA_HOTLINE", "12351")
NIANGJIA_MEMBERSHIP_REVIEW_WORKING_DAYS = int(env.get("NIANGJIA_MEMBERSHIP_REVIEW_WORKING_DAYS", "3"))

NIANGJIA_NOTIFICATION_CHANNELS = {
    "sms": "niangjia.core.notifications.LoggingBackend",
    "wechat": "niangjia.core.notifications.LoggingBackend",
}

# Extra rules (actor, attachment_id) -> bool that let someone outside the org scope open an attachment.
NIANGJIA_ATTACHMENT_ACCESS = ["niangjia.rights.selectors.may_read_attachment"]

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
if not DEBUG:
    SESSION_COOKIE_SECURE = env.get("DJANGO_SECURE_COOKIES", "1") == "1"
    CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"niangjia": {"handlers": ["console"], "level": env.get("NIANGJIA_LOG_LEVEL", "INFO")}},
}
