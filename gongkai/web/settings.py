"""Django settings. SQLite by default (no setup); PostgreSQL when GONGKAI_DATABASE_URL is set."""
from pathlib import Path
import os

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent
DATA_DIR = Path(os.environ.get("GONGKAI_DATA_DIR", Path.cwd() / "var"))

SECRET_KEY = os.environ.get("GONGKAI_SECRET_KEY", "dev-insecure-change-me")
DEBUG = os.environ.get("GONGKAI_DEBUG", "1") == "1"
ALLOWED_HOSTS = os.environ.get("GONGKAI_ALLOWED_HOSTS", "localhost,127.0.0.1,testserver").split(",")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "gongkai.web.agencies",
    "gongkai.web.oversight",
    "gongkai.web.desk",
    "gongkai.web.api",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "gongkai.web.urls"
TEMPLATES = [{
    "BACKEND": "django.template.backends.django.DjangoTemplates",
    "DIRS": [BASE_DIR / "templates"],
    "APP_DIRS": True,
    "OPTIONS": {"context_processors": [
        "django.template.context_processors.request",
        "django.contrib.auth.context_processors.auth",
        "django.contrib.messages.context_processors.messages",
    ]},
}]
WSGI_APPLICATION = "gongkai.web.wsgi.application"

_url = os.environ.get("GONGKAI_DATABASE_URL")
if _url:
    # Connections kept for GONGKAI_DB_CONN_MAX_AGE seconds (60; the web benchmark keeps them for its run).
    DATABASES = {"default": dj_database_url.parse(_url, conn_max_age=int(os.environ.get("GONGKAI_DB_CONN_MAX_AGE", 60)))}
else:
    DATABASES = {"default": {"ENGINE": "django.db.backends.sqlite3",
                             "NAME": os.environ.get("GONGKAI_SQLITE", str(DATA_DIR / "gongkai.sqlite3"))}}

# GONGKAI_CACHE=none: no memoization at all (bench/bench_web.py measures every page uncached with it).
if os.environ.get("GONGKAI_CACHE") == "none":
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
LANGUAGE_CODE = "zh-hans"
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True
STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
MEDIA_ROOT = DATA_DIR / "media"
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"
EMAIL_BACKEND = os.environ.get("GONGKAI_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
DEFAULT_FROM_EMAIL = os.environ.get("GONGKAI_FROM_EMAIL", "gongkai@localhost")
# Uploads are bounded: a report is a few MB at most.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
GONGKAI_MAX_UPLOAD_BYTES = int(os.environ.get("GONGKAI_MAX_UPLOAD_BYTES", 50 * 1024 * 1024))
