"""CivicGrid settings: one file, read from the environment, embedded SQLite by default."""

from pathlib import Path

import dj_database_url

from civicgrid.lib.env import env_bool, env_int, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("CIVICGRID_VAR", str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY", "dev-only-insecure-key-change-me-in-production")
ALLOWED_HOSTS = [h for h in env_str("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]
CSRF_TRUSTED_ORIGINS = [o for o in env_str("CSRF_TRUSTED_ORIGINS").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django_tasks",
    "django_tasks_db",
    "civicgrid.areas",
    "civicgrid.people",
    "civicgrid.catalog",
    "civicgrid.cases",
    "civicgrid.intake",
    "civicgrid.community",
    "civicgrid.field",
    "civicgrid.notify",
    "civicgrid.ops",
    "civicgrid.audit",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "civicgrid.lib.controlchars.RefuseControlCharacters",  # NUL in a URL: 404/400, not a 500
    "django.contrib.sessions.middleware.SessionMiddleware",
    "civicgrid.lib.locale.LocaleMiddleware",  # Chinese whatever the browser asks
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "civicgrid.audit.context.RememberRequest",  # who acts, for audit entries made in signals
    "django.contrib.messages.middleware.MessageMiddleware",
    "civicgrid.lib.urls.RememberPublicUrl",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "civicgrid.urls"
WSGI_APPLICATION = "civicgrid.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "civicgrid" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "civicgrid.notify.context.bell",
                "civicgrid.people.context.nav",
            ],
        },
    },
]

# SQLite in WAL mode is the embedded default; DATABASE_URL=postgres://... switches to PostgreSQL.
# IMMEDIATE transactions take the write lock at BEGIN, so concurrent writers queue instead of
# failing halfway through with "database is locked".
SQLITE_PATH = VAR_DIR / "civicgrid.sqlite3"
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{SQLITE_PATH}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 60),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "start"
LOGOUT_REDIRECT_URL = "login"

# Chinese first: source strings are Simplified Chinese, English is the translation.
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "civicgrid" / "locale"]
# The language switch (Django's set_language) keeps the choice a year in this cookie.
LANGUAGE_COOKIE_NAME = "cg_lang"
LANGUAGE_COOKIE_AGE = 365 * 24 * 3600
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = env_str("TIME_ZONE", "Asia/Shanghai")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "staticfiles"
STATIC_ROOT.mkdir(exist_ok=True)
# Serve straight from static/ too, so tests and a fresh checkout need no collectstatic first.
WHITENOISE_USE_FINDERS = True
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("MEDIA_ROOT", str(VAR_DIR / "media")))
# Behind nginx: the internal location that serves MEDIA_ROOT (e.g. "/protected/"), so the app
# checks who may see a file and the proxy sends it (X-Accel-Redirect). Empty: the app sends it.
CIVICGRID_MEDIA_ACCEL_REDIRECT = env_str("MEDIA_ACCEL_REDIRECT", "")
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}

# Texts to residents go through this adapter; the default only logs them.
CIVICGRID_SMS_BACKEND = env_str("SMS_BACKEND", "civicgrid.notify.adapters.LogSms")

CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
if env_str("REDIS_URL"):
    CACHES["default"] = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": env_str("REDIS_URL"),
    }
# "shared": one store for every worker process (rate-limit counters); the default LocMem cache
# is per process. Redis when configured, else a database table (`createcachetable`).
CACHES["shared"] = (
    {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": env_str("REDIS_URL")}
    if env_str("REDIS_URL")
    else {
        "BACKEND": "django.core.cache.backends.db.DatabaseCache",
        "LOCATION": "civicgrid_cache",
    }
)

# A failed CSRF check shows the site's own page, in Chinese, with a way back.
CSRF_FAILURE_VIEW = "civicgrid.lib.errors.csrf_failure"

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", False)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "loggers": {"civicgrid": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")}},
}

# Time limits: office hours for working-time deadlines, warning share of a stage's limit.
CIVICGRID_OFFICE_HOURS = env_str("OFFICE_HOURS", "08:30-12:00,14:00-17:30")
CIVICGRID_WARN_SHARE = 0.8
CIVICGRID_WHISTLE_MINUTES = env_int("WHISTLE_MINUTES", 30)
CIVICGRID_REOPEN_DAYS = env_int("REOPEN_DAYS", 7)
CIVICGRID_MAP_TILE_URL = env_str("MAP_TILE_URL", "")
# "wgs84" or "gcj02": the datum of the tile provider; points are converted for display only.
CIVICGRID_MAP_TILE_CRS = env_str("MAP_TILE_CRS", "wgs84")
CIVICGRID_MAP_TILE_ATTRIBUTION = env_str("MAP_TILE_ATTRIBUTION", "")
# On-site verification farther than this from the case point is allowed but flagged.
CIVICGRID_VERIFY_RADIUS_M = env_int("VERIFY_RADIUS_M", 100)
# The public address residents reach: QR codes and text messages link here. Unset, each
# request's own address is used (and remembered for texts); `check --deploy` warns.
CIVICGRID_PUBLIC_URL = env_str("PUBLIC_URL", "")
# Resident pages: rate limits (0 = unlimited). Behind a reverse proxy set TRUST_PROXY so the
# first X-Forwarded-For hop counts as the client; never otherwise, a client can forge it.
CIVICGRID_TRUST_PROXY = env_bool("TRUST_PROXY", False)
CIVICGRID_RATE_REPORTS_PER_IP_HOUR = env_int("RATE_REPORTS_PER_IP_HOUR", 10)
CIVICGRID_RATE_REPORTS_PER_PHONE_DAY = env_int("RATE_REPORTS_PER_PHONE_DAY", 5)
CIVICGRID_RATE_ACTIONS_PER_IP_HOUR = env_int("RATE_ACTIONS_PER_IP_HOUR", 30)
