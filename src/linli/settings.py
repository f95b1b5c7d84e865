"""The only settings module. Everything configurable comes from `LINLI_*` environment variables."""

import datetime as dt
import os
import sys
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BASE_DIR.parent.parent
VAR_DIR = Path(os.environ.get("LINLI_VAR_DIR", PROJECT_DIR / "var"))


def env(name: str, default: str = "") -> str:
    return os.environ.get(f"LINLI_{name}", default)


def env_bool(name: str, default: bool) -> bool:
    value = env(name)
    return default if value == "" else value.lower() in {"1", "true", "yes", "on"}


TESTING = "pytest" in sys.modules
DEBUG = env_bool("DEBUG", False)
PRODUCTION = env_bool("PRODUCTION", not DEBUG and not TESTING and bool(env("SECRET_KEY")))

_DEV_SECRET = "linli-development-secret-key-not-for-production"
_DEV_FIELD_KEY = "linli-development-field-key-not-for-production"
SECRET_KEY = env("SECRET_KEY", _DEV_SECRET)
FIELD_KEY = env("FIELD_KEY", _DEV_FIELD_KEY)
if PRODUCTION and (SECRET_KEY == _DEV_SECRET or FIELD_KEY == _DEV_FIELD_KEY):
    raise ImproperlyConfigured("LINLI_SECRET_KEY and LINLI_FIELD_KEY must be set in production.")

ALLOWED_HOSTS = [h for h in env("ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h]
if TESTING:
    ALLOWED_HOSTS.append("testserver")
CSRF_TRUSTED_ORIGINS = [o for o in env("CSRF_TRUSTED_ORIGINS").split(",") if o]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "simple_history",
    "axes",
    "linli",
    "linli.accounts",
    "linli.stations",
    "linli.elders",
    # Before followups: its receivers set the risk level that the cadence then reads.
    "linli.assessments",
    "linli.followups",
    "linli.cases",
    "linli.partners",
    "linli.errands",
    "linli.activities",
    "linli.groupwork",
    "linli.volunteers",
    "linli.reports",
    "linli.api",
    "linli.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "linli.security.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "linli.stations.middleware.CurrentStationMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "linli.urls"
WSGI_APPLICATION = "linli.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "linli.stations.context_processors.station",
            ],
            "string_if_invalid": "INVALID{%s}" if TESTING else "",
        },
    }
]

VAR_DIR.mkdir(parents=True, exist_ok=True)
_default_db = f"sqlite:///{VAR_DIR / 'linli.sqlite3'}"
DATABASES = {"default": dj_database_url.parse(env("DATABASE_URL", _default_db), conn_max_age=60)}
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"]["OPTIONS"] = {
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA busy_timeout=5000;"
        ),
        "transaction_mode": "IMMEDIATE",
    }
else:
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Lock a username from one address out for 15 minutes after 5 failed sign-ins.
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = dt.timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "accounts/locked.html"
AXES_VERBOSE = False
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
]
if TESTING:
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns about a missing root
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
# Outside production whitenoise serves straight from the apps' static folders, so `make run`
# works without collectstatic; production serves the collected, hashed and compressed files.
WHITENOISE_USE_FINDERS = not PRODUCTION
WHITENOISE_AUTOREFRESH = DEBUG
MEDIA_ROOT = Path(env("MEDIA_ROOT", str(VAR_DIR / "media")))
MEDIA_URL = "/media/"
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 20 * 1024 * 1024

_cache_url = env("CACHE_URL")
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": _cache_url}
    if _cache_url
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = 60 * 60 * 12
SESSION_COOKIE_SECURE = PRODUCTION
CSRF_COOKIE_SECURE = PRODUCTION
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"

SIMPLE_HISTORY_HISTORY_CHANGE_REASON_USE_TEXT_FIELD = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "WARNING")},
}

LINLI_PAGE_SIZE = 50
# How a lunar birthday falls in a year without its day (DOMAIN.md §8; configurable):
# LINLI_LUNAR_LEAP_MONTH "regular" (default: the ordinary month) or "leap";
# LINLI_LUNAR_MISSING_DAY "last" (default: the 29th for a missing 30th) or "next".
LINLI_LUNAR_BIRTHDAY_RULE = {
    "leap_month": env("LUNAR_LEAP_MONTH", "regular"),
    "missing_day": env("LUNAR_MISSING_DAY", "last"),
}
LINLI_SITE_NAME = _("Linli")
