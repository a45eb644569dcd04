"""Kist settings: one file, driven by environment variables.

The embedded default (SQLite, console email, DEBUG on) needs nothing else on the machine.
Set DATABASE_URL=postgres://user@host:port/name to run on PostgreSQL.
"""

import base64
import ipaddress
import os
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.forms.renderers import TemplatesSetting
from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name: str, default: bool) -> bool:
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def database_from_url(url: str) -> dict:
    """Django's DATABASES entry for a URL, query options (`?sslmode=require`) kept.

    PostgreSQL for production, SQLite for trying Kist on one machine; nothing else is tested.
    """
    scheme = url.split(":", 1)[0]
    if scheme not in {"postgres", "postgresql", "sqlite"}:
        raise ImproperlyConfigured(f"DATABASE_URL scheme {scheme!r} is not supported")
    config = dj_database_url.parse(
        url, conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
    if scheme == "sqlite":
        config.pop("CONN_MAX_AGE", None)
    return config


DEVELOPMENT_SECRET_KEY = "kist-development-only-never-use-in-production"
SECRET_KEY = os.environ.get("SECRET_KEY", DEVELOPMENT_SECRET_KEY)
# Off unless asked for: `make run` and `make test` turn it on; production never does.
DEBUG = env_bool("DEBUG", False)
if not DEBUG and SECRET_KEY == DEVELOPMENT_SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off (production).")

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")
SITE_NAME = os.environ.get("SITE_NAME", "Kist")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "rest_framework",
    "drf_spectacular",
    # Swagger UI and ReDoc served from our own static files: no CDN, works offline.
    "drf_spectacular_sidecar",
    "django_htmx",
    # Background jobs (Django's own Tasks) kept in the database: no broker to run.
    "django_tasks_db",
    "budgeting",
    "voting",
]

MIDDLEWARE = [
    "config.logs.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Static files with hashed names and compressed copies, straight from the app servers.
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.csp",
                "budgeting.context_processors.site",
            ],
        },
    },
]


class KistFormRenderer(TemplatesSetting):
    """Every form renders its fields with the error-summary-friendly field template."""

    form_template_name = "forms/form.html"
    field_template_name = "forms/field.html"


FORM_RENDERER = "config.settings.KistFormRenderer"

if os.environ.get("DATABASE_URL"):
    DATABASES = {"default": database_from_url(os.environ["DATABASE_URL"])}
else:
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("SQLITE_PATH", str(BASE_DIR / "kist.sqlite3")),
            "OPTIONS": {"timeout": 20, "transaction_mode": "IMMEDIATE"},
        }
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"


REDIS_URL = os.environ.get("REDIS_URL", "")
if not REDIS_URL and not DEBUG:
    # Without it each app server would count wrong voting codes on its own.
    raise ImproperlyConfigured("REDIS_URL must be set when DEBUG is off (production): the "
                               "limits on guessing voting codes are shared through Redis.")
# The voting-code limits (voting.ratelimit) talk to Redis directly, for atomic counts.
RATE_LIMIT_REDIS_URL = REDIS_URL
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = ["budgeting.accounts.auth.EmailBackend"]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

LANGUAGE_CODE = "en-gb"
LANGUAGES = [("en-gb", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/London")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = os.environ.get("STATIC_ROOT", str(BASE_DIR / "staticfiles"))
# While trying Kist, static files are found where they are, without collectstatic.
WHITENOISE_AUTOREFRESH = DEBUG
WHITENOISE_USE_FINDERS = DEBUG
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # In production `collectstatic` writes hashed, compressed files that can be cached for good.
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage" if DEBUG
                    else "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

EMAIL_BACKEND_PATH = os.environ.get(
    "EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend"
)
MAILERS = {"default": {"BACKEND": EMAIL_BACKEND_PATH}}
if EMAIL_BACKEND_PATH.endswith("smtp.EmailBackend"):
    MAILERS["default"]["OPTIONS"] = {
        "host": os.environ.get("EMAIL_HOST", "localhost"),
        "port": int(os.environ.get("EMAIL_PORT", "25")),
        "username": os.environ.get("EMAIL_HOST_USER", ""),
        "password": os.environ.get("EMAIL_HOST_PASSWORD", ""),
        "use_tls": env_bool("EMAIL_USE_TLS", False),
    }
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Kist <noreply@kist.localhost>")

SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", not DEBUG)
CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", not DEBUG)
SECURE_CONTENT_TYPE_NOSNIFF = True
X_FRAME_OPTIONS = "DENY"
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not DEBUG)
# The load balancer's health checks come over plain HTTP from inside.
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", not DEBUG)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", False)
# Behind a proxy that ends TLS: trust its X-Forwarded-Proto, and only then.
if env_bool("SECURE_PROXY_SSL_HEADER", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
# The proxies (addresses or networks) whose X-Forwarded-For is believed: see
# voting.ratelimit.client_address.
TRUSTED_PROXIES = env_list("TRUSTED_PROXIES", "")
for _proxy in TRUSTED_PROXIES:
    try:
        ipaddress.ip_network(_proxy, strict=False)
    except ValueError:
        raise ImproperlyConfigured(
            f"TRUSTED_PROXIES: {_proxy!r} is not an address or a network") from None

# Scripts and styles come only from Kist itself; an inline script needs the page's nonce.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF, CSP.NONCE],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}

# Counting, and other slow work, runs in `manage.py db_worker` processes beside the app servers.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_AUTHENTICATION_CLASSES": ["rest_framework.authentication.SessionAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.AllowAny"],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Kist API",
    "DESCRIPTION": "Participatory budgeting: processes, envelopes, proposals, ballots and results.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Choice sets that share a field name ("status") get names of their own in the schema.
    "ENUM_NAME_OVERRIDES": {
        "ProposalStatusEnum": "budgeting.proposals.models.Proposal.Status",
        "DeliveryStatusEnum": "budgeting.delivery.models.DeliveryStatus",
        "PhaseEnum": "budgeting.models.Phase",
        "CategoryEnum": "budgeting.proposals.models.Category",
    },
}

# One JSON object a line in production (LOG_FORMAT=text for people reading a terminal), each
# with its request's id; codes and addresses are masked (config/logs.py).
LOG_FORMAT = os.environ.get("LOG_FORMAT", "text" if DEBUG else "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"scrub": {"()": "config.logs.Scrub"}},
    "formatters": {"json": {"()": "config.logs.JsonFormatter"}},
    "handlers": {"console": {
        "class": "logging.StreamHandler",
        "filters": ["scrub"],
        **({"formatter": "json"} if LOG_FORMAT == "json" else {}),
    }},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}

# Codes are stored as HMAC-SHA256 under this key, kept outside the database: a copy of the
# database alone cannot test a guessed code against the stored ones.
DEVELOPMENT_CODE_PEPPER = "kist-development-pepper-never-use-in-production"
VOTING_CODE_PEPPER = os.environ.get("VOTING_CODE_PEPPER", DEVELOPMENT_CODE_PEPPER if DEBUG else "")
if len(VOTING_CODE_PEPPER) < 32:
    raise ImproperlyConfigured("VOTING_CODE_PEPPER must be set, 32 characters or more, when DEBUG "
                               "is off (production): voting codes are keyed with it.")

# Sealed ballots wait in the ballot box encrypted under this key (32 random bytes in URL-safe
# base64), kept outside the database, until they are mixed. Make one with
#   python -c "import base64, os; print(base64.urlsafe_b64encode(os.urandom(32)).decode())"
# Losing it loses the ballots still sealed; changing it leaves them unopenable.
DEVELOPMENT_BALLOT_BOX_KEY = "a2lzdC1kZXZlbG9wbWVudC1iYWxsb3QtYm94LWtleSE="
BALLOT_BOX_KEY = os.environ.get("BALLOT_BOX_KEY", DEVELOPMENT_BALLOT_BOX_KEY if DEBUG else "")
if not DEBUG and BALLOT_BOX_KEY == DEVELOPMENT_BALLOT_BOX_KEY:
    raise ImproperlyConfigured("BALLOT_BOX_KEY must be set when DEBUG is off (production): "
                               "the development key is public.")
try:
    BALLOT_BOX_KEY_BYTES = base64.urlsafe_b64decode(BALLOT_BOX_KEY.encode())
except ValueError:
    BALLOT_BOX_KEY_BYTES = b""
if len(BALLOT_BOX_KEY_BYTES) != 32:
    raise ImproperlyConfigured("BALLOT_BOX_KEY must be 32 random bytes in URL-safe base64 (44 "
                               "characters) when DEBUG is off (production): sealed ballots are "
                               "encrypted with it.")

# Wrong voting codes allowed per client address in a window before it must wait.
VOTING_CODE_ATTEMPTS = int(os.environ.get("VOTING_CODE_ATTEMPTS", "10"))
VOTING_CODE_WINDOW_SECONDS = int(os.environ.get("VOTING_CODE_WINDOW_SECONDS", "900"))
