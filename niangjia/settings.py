"""Django settings for Niangjia.

Everything that differs between a laptop and production comes from the environment:
DATABASE_URL, REDIS_URL, NIANGJIA_PII_KEY, NIANGJIA_INDEX_KEY, DJANGO_SECRET_KEY, NIANGJIA_DEBUG,
NIANGJIA_ENV (see docs/DEPLOY.md for the full list). On a developer machine the secrets are generated once
into `.env` (see niangjia/envfile.py). DEBUG is off unless NIANGJIA_DEBUG=1.
"""

from pathlib import Path

import dj_database_url

from niangjia import envfile

BASE_DIR = Path(__file__).resolve().parent.parent
env = envfile.load(BASE_DIR / ".env")

# Everything the app writes locally: the SQLite database, huey's queue file, collected static files, the
# file cache, uploaded media. One folder, so a second instance (or a test) can run beside the first.
VAR_DIR = Path(env.get("NIANGJIA_VAR_DIR") or BASE_DIR / "var")
VAR_DIR.mkdir(parents=True, exist_ok=True)

PRODUCTION = envfile.is_production()
SECRET_KEY = env["DJANGO_SECRET_KEY"]
# Debug pages show settings, SQL and file paths: never on unless asked for, never in production.
DEBUG = env.get("NIANGJIA_DEBUG", "") == "1"
if PRODUCTION and DEBUG:
    raise envfile.ConfigError("NIANGJIA_DEBUG=1 is not allowed with NIANGJIA_ENV=production")
if PRODUCTION and (len(SECRET_KEY) < 50 or len(set(SECRET_KEY)) < 5 or SECRET_KEY.startswith("django-insecure")):
    raise envfile.ConfigError("DJANGO_SECRET_KEY must be at least 50 random characters in production")
_default_hosts = "" if PRODUCTION else "127.0.0.1,localhost,testserver"
ALLOWED_HOSTS = [h.strip() for h in env.get("DJANGO_ALLOWED_HOSTS", _default_hosts).split(",") if h.strip()]
if PRODUCTION and not ALLOWED_HOSTS:
    raise envfile.ConfigError("Missing required settings in production: DJANGO_ALLOWED_HOSTS")

_keys = envfile.normalised_keys(env)
NIANGJIA_PII_KEY = _keys["NIANGJIA_PII_KEY"]
NIANGJIA_INDEX_KEY = _keys["NIANGJIA_INDEX_KEY"]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "huey.contrib.djhuey",
    "niangjia.core",
    "niangjia.relief",
    "niangjia.rights",
    "niangjia.mutual_aid",
    "niangjia.care",
    "niangjia.congress",
    "niangjia.market",
    "niangjia.training",
    "niangjia.jobs",
    "niangjia.events",
    "niangjia.honors",
    "niangjia.news",
    "niangjia.bargaining",
]

MIDDLEWARE = [
    # First: a request id for every log line, and /healthz answered before host checks and HTTPS redirects
    # (load balancers probe the app servers directly, by IP, over plain HTTP).
    "niangjia.core.middleware.RequestIdMiddleware",
    "niangjia.core.middleware.HealthCheckMiddleware",
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
    "niangjia.core.middleware.SessionIdleTimeoutMiddleware",
    "niangjia.core.private_search.PrivateSearchMiddleware",
    "niangjia.core.middleware.PrivateResponseMiddleware",
    "csp.middleware.CSPMiddleware",
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
# Error pages in Chinese with the site header; CSRF failures get the same page as any other refusal.
CSRF_FAILURE_VIEW = "niangjia.core.errorpages.csrf_failure"
ASGI_APPLICATION = "niangjia.asgi.application"

SQLITE_PATH = VAR_DIR / "niangjia.sqlite3"
DATABASES = {
    "default": dj_database_url.parse(
        env.get("DATABASE_URL") or f"sqlite:///{SQLITE_PATH}",
        # Reuse a connection across requests (a new PostgreSQL connection costs about 7 ms); the health
        # check replaces one that the server closed meanwhile. Works because the server is WSGI with a
        # fixed thread pool (granian, see docs/ARCHITECTURE.md): each thread keeps its own connection.
        conn_max_age=int(env.get("NIANGJIA_CONN_MAX_AGE", "300")),
        conn_health_checks=True,
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
    {
        "NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator",
        "OPTIONS": {"user_attributes": ("phone", "display_name", "real_name")},
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 8}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
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
FORMAT_MODULE_PATH = ["niangjia.formats"]  # one date format everywhere (niangjia/core/formats.py)

STATIC_URL = "/static/"
STATIC_ROOT = Path(env.get("NIANGJIA_STATIC_ROOT", str(VAR_DIR / "static")))
STATICFILES_DIRS = [BASE_DIR / "niangjia" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Content-hashed names (browsers cache them for a year) and gzip copies, both made once by collectstatic
    # and served by whitenoise. Tests keep plain names (settings_test), so they need no collectstatic.
    "staticfiles": {"BACKEND": "niangjia.core.staticstorage.HashedStaticFilesStorage"},
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
    # Not LocMem: the server runs several worker processes, and counters kept in the cache (throttles)
    # must be shared by all of them. A file cache is shared on one machine; several machines need Redis.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": env.get("NIANGJIA_CACHE_DIR", str(VAR_DIR / "cache")),
        }
    }

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
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Sessions end after this much idle time (niangjia.core.middleware.SessionIdleTimeoutMiddleware): staff
# see many people's data, so their sessions end sooner than a member's on their own phone.
NIANGJIA_STAFF_IDLE_SECONDS = int(env.get("NIANGJIA_STAFF_IDLE_SECONDS", str(30 * 60)))
NIANGJIA_MEMBER_IDLE_SECONDS = int(env.get("NIANGJIA_MEMBER_IDLE_SECONDS", str(7 * 24 * 3600)))
SESSION_COOKIE_AGE = max(NIANGJIA_STAFF_IDLE_SECONDS, NIANGJIA_MEMBER_IDLE_SECONDS)
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=()"
# No inline script anywhere: page scripts live in static files (checked by core/tests/test_headers.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        # Bootstrap components and a few templates set style attributes; styles cannot run code.
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
if PRODUCTION:
    # TLS ends at nginx, which sets X-Forwarded-Proto (docs/DEPLOY.md); Django trusts only that header.
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = True
    SECURE_HSTS_SECONDS = int(env.get("NIANGJIA_HSTS_SECONDS", str(365 * 24 * 3600)))
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    CSRF_TRUSTED_ORIGINS = [o for o in env.get("DJANGO_CSRF_TRUSTED_ORIGINS", "").split(",") if o]

# One JSON object per line on stdout, each with the request id (journald/docker collect stdout).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "niangjia.core.logs.RequestIdFilter"}},
    "formatters": {
        "json": {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s",
            "datefmt": "%Y-%m-%dT%H:%M:%S%z",
            "json_ensure_ascii": False,
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
        }
    },
    "handlers": {
        "stdout": {
            "class": "logging.StreamHandler",
            "stream": "ext://sys.stdout",
            "formatter": "json",
            "filters": ["request_id"],
        }
    },
    "root": {"handlers": ["stdout"], "level": "WARNING"},
    "loggers": {
        "niangjia": {"handlers": ["stdout"], "level": env.get("NIANGJIA_LOG_LEVEL", "INFO"), "propagate": False},
        "django": {"handlers": ["stdout"], "level": "INFO", "propagate": False},
        "huey": {"handlers": ["stdout"], "level": "INFO", "propagate": False},
    },
}
