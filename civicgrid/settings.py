"""CivicGrid settings: one file, read from the environment, embedded SQLite by default."""

import hashlib
import secrets
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from civicgrid.lib.env import env_bool, env_float, env_int, env_str
from civicgrid.lib.keys import key_file

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("CIVICGRID_VAR", str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

DEBUG = env_bool("DEBUG", False)


# SHA-256 of the development key this project once fell back to (published in its history).
_PUBLISHED = "530de0110f9de9655e351692d50adeaa99c7db0174fb6eedea6a56cec20225c5"


def _secret_key() -> str:
    """SECRET_KEY from the environment, else the one made on first start in <VAR>/keys/.

    Never a published default: with it anyone can forge a resident's owner key or a session.
    """
    key = env_str("SECRET_KEY")
    if key and hashlib.sha256(key.encode()).hexdigest() == _PUBLISHED and not DEBUG:
        raise ImproperlyConfigured("SECRET_KEY 是本项目曾公开的开发密钥，请换成随机密钥或删去。")
    if key:
        return key
    try:
        return key_file(VAR_DIR, "secret_key")
    except OSError as exc:
        if DEBUG:  # development only: signed cookies last until the process ends
            return secrets.token_hex(32)
        raise ImproperlyConfigured(
            f"未设置 SECRET_KEY，且无法在数据目录 {VAR_DIR}/keys/ 中生成密钥文件（{exc}）。"
            "请设置环境变量 SECRET_KEY，或让数据目录可写。"
        ) from exc


SECRET_KEY = _secret_key()
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
    "civicgrid.open311",
    "civicgrid.community",
    "civicgrid.consult",
    "civicgrid.liaison",
    "civicgrid.council",
    "civicgrid.field",
    "civicgrid.amenities",
    "civicgrid.stations",
    "civicgrid.duties",
    "civicgrid.shops",
    "civicgrid.volunteers",
    "civicgrid.notify",
    "civicgrid.ops",
    "civicgrid.audit",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "civicgrid.lib.headers.SecurityHeaders",  # CSP; no-store on all but static files
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
# Connections persist on both databases (DB_CONN_MAX_AGE seconds, 0 = one per request): opening
# one and running the PRAGMAs cost more than a whole tracking page. Outside a transaction a kept
# connection holds no snapshot, so it sees other processes' commits; the health check at each
# request's start replaces one the server dropped (a PostgreSQL restart) instead of failing.
SQLITE_PATH = VAR_DIR / "civicgrid.sqlite3"
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{SQLITE_PATH}"),
        conn_max_age=env_int("DB_CONN_MAX_AGE", 600),
        conn_health_checks=True,
    )
}
# The database file is read through a memory map (SQLITE_MMAP_MB, 0 = off): pages come from
# the OS page cache without a read() and a copy each, about 15% less CPU on a large import.
# Writes still go through the WAL.
SQLITE_MMAP_BYTES = env_int("SQLITE_MMAP_MB", 1024) * 2**20
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
        f"PRAGMA mmap_size={SQLITE_MMAP_BYTES};",
        "transaction_mode": "IMMEDIATE",
        "timeout": 20,
    }

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
]
# Django's password check behind the login lockout (people/auth.py), for every login path.
AUTHENTICATION_BACKENDS = ["civicgrid.people.auth.LockoutBackend"]
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
# Delivery adapters (docs/notify.md). HttpSms: a generic gateway at SMS_URL.
CIVICGRID_SMS_URL = env_str("SMS_URL", "")
CIVICGRID_SMS_KEY = env_str("SMS_KEY", "")
CIVICGRID_SMS_FORMAT = env_str("SMS_FORMAT", "form")  # form | json
CIVICGRID_SMS_TO_FIELD = env_str("SMS_TO_FIELD", "mobile")
CIVICGRID_SMS_TEXT_FIELD = env_str("SMS_TEXT_FIELD", "text")
CIVICGRID_SMS_KEY_FIELD = env_str("SMS_KEY_FIELD", "apikey")
CIVICGRID_NOTIFY_TIMEOUT = env_float("NOTIFY_TIMEOUT", 5.0)  # seconds, every HTTP adapter
# WeChat template messages: on when WECHAT_APPID is set.
CIVICGRID_WECHAT_APPID = env_str("WECHAT_APPID", "")
CIVICGRID_WECHAT_SECRET = env_str("WECHAT_SECRET", "")
CIVICGRID_WECHAT_TEMPLATE_ID = env_str("WECHAT_TEMPLATE_ID", "")
CIVICGRID_WECHAT_API = env_str("WECHAT_API", "https://api.weixin.qq.com")
CIVICGRID_WECHAT_BACKEND = env_str(
    "WECHAT_BACKEND", "civicgrid.notify.adapters.WeChatTemplate" if CIVICGRID_WECHAT_APPID else ""
)
CIVICGRID_WEBHOOK_BACKEND = env_str("WEBHOOK_BACKEND", "civicgrid.notify.adapters.SignedWebhook")

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

# HTTPS=1: the site is reached over HTTPS only (TLS here or at the proxy). It turns on the set
# `check --deploy` asks for: redirect plain HTTP, secure cookies, HSTS for a year with
# subdomains and preload. Each variable below can still be set on its own.
HTTPS = env_bool("HTTPS", False)
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", HTTPS)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 365 * 24 * 3600 if HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", HTTPS)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", HTTPS)
# Behind our own proxy only: it sets X-Forwarded-Proto, a client could forge it otherwise.
# Without it, a TLS proxy's requests look like plain HTTP and the HTTPS redirect loops.
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("TRUST_PROXY", False) else None
)
SECURE_REFERRER_POLICY = env_str("SECURE_REFERRER_POLICY", "same-origin")
SECURE_CONTENT_TYPE_NOSNIFF = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SECURE = env_bool("SECURE_COOKIES", HTTPS)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
X_FRAME_OPTIONS = "DENY"

# One console (stderr) for our records, server errors with their tracebacks (Django logs
# those to the console only in DEBUG by default) and security events (bad hosts, CSRF).
# Control characters in messages are escaped: user input cannot forge a line.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "safe": {
            "()": "civicgrid.lib.logs.SafeFormatter",
            "format": "%(asctime)s [%(levelname)s] %(name)s: %(message)s",
        }
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "safe"}},
    "loggers": {
        "civicgrid": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
        "django.request": {"handlers": ["console"], "level": "ERROR", "propagate": False},
        "django.security": {"handlers": ["console"], "level": "WARNING", "propagate": False},
    },
}

# Time limits: office hours for working-time deadlines, warning share of a stage's limit.
CIVICGRID_OFFICE_HOURS = env_str("OFFICE_HOURS", "08:30-12:00,14:00-17:30")
CIVICGRID_WARN_SHARE = 0.8
CIVICGRID_WHISTLE_MINUTES = env_int("WHISTLE_MINUTES", 30)
CIVICGRID_REOPEN_DAYS = env_int("REOPEN_DAYS", 7)
# 12345 hotline ledgers (intake/hotline.py): a larger upload is refused before it is read.
CIVICGRID_HOTLINE_MAX_MB = env_int("HOTLINE_MAX_MB", 50)
CIVICGRID_MAP_TILE_URL = env_str("MAP_TILE_URL", "")
# "wgs84" or "gcj02": the datum of the tile provider; points are converted for display only.
CIVICGRID_MAP_TILE_CRS = env_str("MAP_TILE_CRS", "wgs84")
CIVICGRID_MAP_TILE_ATTRIBUTION = env_str("MAP_TILE_ATTRIBUTION", "")
# On-site verification farther than this from the case point is allowed but flagged.
CIVICGRID_VERIFY_RADIUS_M = env_int("VERIFY_RADIUS_M", 100)
# Field work (field/): a check-in farther than this from its place is refused; a track point
# less accurate than this is kept but marked; no point for this long is a gap on the track.
CIVICGRID_CHECKIN_RADIUS_M = env_int("CHECKIN_RADIUS_M", 500)
CIVICGRID_TRACK_POOR_ACCURACY_M = env_int("TRACK_POOR_ACCURACY_M", 50)
CIVICGRID_TRACK_GAP_MINUTES = env_int("TRACK_GAP_MINUTES", 5)
# The public address residents reach: QR codes and text messages link here. Unset, each
# request's own address is used (and remembered for texts); `check --deploy` warns.
CIVICGRID_PUBLIC_URL = env_str("PUBLIC_URL", "")
# Open311's jurisdiction_id (docs/open311.md); unset, the public host without "www.".
CIVICGRID_OPEN311_JURISDICTION = env_str("OPEN311_JURISDICTION", "")
# Resident pages: rate limits (0 = unlimited). Behind one reverse proxy of your own set
# TRUST_PROXY so the last X-Forwarded-For hop (the proxy's) counts as the client; never
# otherwise, a client can forge the header.
CIVICGRID_TRUST_PROXY = env_bool("TRUST_PROXY", False)
CIVICGRID_RATE_REPORTS_PER_IP_HOUR = env_int("RATE_REPORTS_PER_IP_HOUR", 10)
CIVICGRID_RATE_REPORTS_PER_PHONE_DAY = env_int("RATE_REPORTS_PER_PHONE_DAY", 5)
CIVICGRID_RATE_ACTIONS_PER_IP_HOUR = env_int("RATE_ACTIONS_PER_IP_HOUR", 30)
CIVICGRID_RATE_ANSWERS_PER_IP_HOUR = env_int("RATE_ANSWERS_PER_IP_HOUR", 20)  # 意见征集
# REST API calls per personal token per minute (0 = unlimited); a session is not counted.
CIVICGRID_RATE_API_PER_TOKEN_MINUTE = env_int("RATE_API_PER_TOKEN_MINUTE", 300)
# Staff login (等保 登录失败处理): an account after LOGIN_FAILURES_PER_ACCOUNT failed attempts,
# an address after LOGIN_FAILURES_PER_IP, within LOGIN_LOCK_MINUTES, is refused for
# LOGIN_LOCK_MINUTES from the attempt that spent the limit; a successful login clears the account.
CIVICGRID_LOGIN_FAILURES_PER_ACCOUNT = env_int("LOGIN_FAILURES_PER_ACCOUNT", 5)
CIVICGRID_LOGIN_FAILURES_PER_IP = env_int("LOGIN_FAILURES_PER_IP", 20)
CIVICGRID_LOGIN_LOCK_MINUTES = env_int("LOGIN_LOCK_MINUTES", 15)
# Retention (个人信息保护法): `manage.py apply_retention` (daily under `manage.py serve`)
# anonymises ended cases this many years after they ended (name, phone, exact point) and
# deletes text messages older than this many days; 0 keeps them. The audit log is kept at
# least RETENTION_AUDIT_YEARS (等保 三级: at least half a year); the app never prunes it.
CIVICGRID_RETENTION_CONTACT_YEARS = env_float("RETENTION_CONTACT_YEARS", 3)
CIVICGRID_RETENTION_MESSAGES_DAYS = env_int("RETENTION_MESSAGES_DAYS", 180)
CIVICGRID_RETENTION_AUDIT_YEARS = env_float("RETENTION_AUDIT_YEARS", 3)
