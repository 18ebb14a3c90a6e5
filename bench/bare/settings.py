"""Settings of the bare baseline project: what `django-admin startproject` needs and no more.

The database is the bench's: BARE_VAR/bare.sqlite3 with the SQLite options CivicGrid uses
(passed in BARE_DB_OPTIONS by bench_http.py, so both read the same PRAGMAs), or DATABASE_URL.
"""

import json
import os
from pathlib import Path

import dj_database_url

SECRET_KEY = "bench-only, never served"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
INSTALLED_APPS = ["bare"]
MIDDLEWARE: list[str] = []
ROOT_URLCONF = "bare.urls"
TEMPLATES = [{"BACKEND": "django.template.backends.django.DjangoTemplates", "APP_DIRS": True}]
LANGUAGE_CODE = "zh-hans"
TIME_ZONE = "Asia/Shanghai"
USE_TZ = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": dj_database_url.parse(os.environ["DATABASE_URL"], conn_max_age=None)}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": Path(os.environ.get("BARE_VAR", ".")) / "bare.sqlite3",
            "CONN_MAX_AGE": None,
            "OPTIONS": json.loads(os.environ.get("BARE_DB_OPTIONS", "{}")),
        }
    }
