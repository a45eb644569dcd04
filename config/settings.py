"""Kist settings: one file, driven by environment variables.

The embedded default (SQLite, console email, DEBUG on) needs nothing else on the machine.
Set DATABASE_URL=postgres://user@host:port/name to run on PostgreSQL.
"""

import base64
import ipaddress
import os
from pathlib import Path
from urllib.parse import urlsplit

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
# Where residents reach Kist, for the links in emails sent by a worker (no request to ask).
SITE_URL = os.environ.get("SITE_URL", "http://localhost:8000").rstrip("/")

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
    # Accounts: sign-up with a verified email address, sign-in limits, staff second factors
    # and verified sign-in through an OpenID Connect identity provider.
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
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
    "allauth.account.middleware.AccountMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "budgeting.accounts.second_factor.SecondFactorForStaff",
    "budgeting.drafts.DraftsForTheirStaff",
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
AUTHENTICATION_BACKENDS = ["allauth.account.auth_backends.AuthenticationBackend"]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "home"

# Accounts (django-allauth). People sign in with their email address, which they must confirm
# before they can propose or vote. Sign-up never says whether an address already has an
# account: the page is the same and the address's owner is emailed instead.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_GET = False
# Sessions end when the browser closes: residents vote on shared computers at events too.
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{SITE_NAME}] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http" if DEBUG else "https"
ACCOUNT_ADAPTER = "budgeting.accounts.adapter.AccountAdapter"
ACCOUNT_FORMS = {
    "login": "budgeting.accounts.forms.SignInForm",
    "signup": "budgeting.accounts.forms.SignUpForm",
    "reset_password": "budgeting.accounts.forms.ResetPasswordForm",
    "reset_password_from_key": "budgeting.accounts.forms.NewPasswordForm",
    "reauthenticate": "budgeting.accounts.forms.ConfirmPasswordForm",
}
# Counted in the shared cache (Redis in production), per client address ("ip") and per account
# or email address ("key"). Wrong passwords: 5 per account in 5 minutes, 10 a minute from one
# address; reset emails: 3 an hour to one address.
ACCOUNT_RATE_LIMITS = {
    "login": os.environ.get("RATE_LIMIT_LOGIN", "30/m/ip"),
    "login_failed": os.environ.get("RATE_LIMIT_LOGIN_FAILED", "10/m/ip,5/5m/key"),
    "signup": os.environ.get("RATE_LIMIT_SIGNUP", "5/m/ip,20/h/ip"),
    "reset_password": os.environ.get("RATE_LIMIT_RESET_PASSWORD", "10/m/ip,3/h/key"),
    "reset_password_from_key": "20/m/ip",
    "confirm_email": "1/3m/key",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
    "reauthenticate": "10/m/user",
}
# Every staff role, and every Django admin user, needs a second factor before any staff page
# (budgeting.accounts.second_factor): an authenticator app with recovery codes, or a passkey.
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_TOTP_ISSUER = SITE_NAME
# A code typed as the app turns to the next one is still taken (one 30-second step either way,
# as RFC 6238 advises); each code still works once.
MFA_TOTP_TOLERANCE = 1
MFA_PASSKEY_LOGIN_ENABLED = False
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG
MFA_ADAPTER = "budgeting.accounts.adapter.MFAAdapter"
MFA_FORMS = {
    "authenticate": "budgeting.accounts.forms.SecondFactorForm",
    "activate_totp": "budgeting.accounts.forms.ActivateAuthenticatorForm",
}

# Verified sign-in through an OpenID Connect identity provider (mygov.scot myaccount, Young
# Scot, or any other), from environment variables only; see the README. The claims named here
# fill in the resident's postcode and date of birth, so they need not type them.
SOCIALACCOUNT_ADAPTER = "budgeting.accounts.adapter.SocialAccountAdapter"
SOCIALACCOUNT_AUTO_SIGNUP = True
SOCIALACCOUNT_LOGIN_ON_GET = False
# The identity provider vouches for the person; an address it has not verified is not trusted
# to sign in to an existing account.
SOCIALACCOUNT_EMAIL_VERIFICATION = "none"
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False
SOCIALACCOUNT_STORE_TOKENS = False
OIDC_PROVIDER_ID = os.environ.get("OIDC_PROVIDER_ID", "")
SOCIALACCOUNT_PROVIDERS = {"openid_connect": {"OAUTH_PKCE_ENABLED": True, "APPS": [] if not
                                              OIDC_PROVIDER_ID else [{
    "provider_id": OIDC_PROVIDER_ID,
    "name": os.environ.get("OIDC_NAME", OIDC_PROVIDER_ID),
    "client_id": os.environ.get("OIDC_CLIENT_ID", ""),
    "secret": os.environ.get("OIDC_CLIENT_SECRET", ""),
    "settings": {
        "server_url": os.environ.get("OIDC_SERVER_URL", ""),
        "scope": env_list("OIDC_SCOPES", "openid,profile,email,address"),
        **({"token_auth_method": os.environ["OIDC_TOKEN_AUTH_METHOD"]}
           if os.environ.get("OIDC_TOKEN_AUTH_METHOD") else {}),
    },
}]}}
if OIDC_PROVIDER_ID and not all(os.environ.get(name) for name in (
        "OIDC_CLIENT_ID", "OIDC_CLIENT_SECRET", "OIDC_SERVER_URL")):
    raise ImproperlyConfigured("OIDC_PROVIDER_ID is set, so OIDC_CLIENT_ID, OIDC_CLIENT_SECRET "
                               "and OIDC_SERVER_URL must be set too.")
# Where each fact sits in the provider's claims (a dotted path into nested claims).
OIDC_CLAIMS = {
    "name": os.environ.get("OIDC_CLAIM_NAME", "name"),
    "birthdate": os.environ.get("OIDC_CLAIM_BIRTHDATE", "birthdate"),
    "postcode": os.environ.get("OIDC_CLAIM_POSTCODE", "address.postal_code"),
}

LANGUAGE_CODE = "en-gb"
# Each language by its own name. Another language is its catalogue (locale/<code>/) and a line
# here; its catalogue's X-Kist-Review header tells the language statement how far it is checked.
LANGUAGES = [("en-gb", "English"), ("gd", "Gàidhlig")]
LANGUAGE_COOKIE_NAME = "kist_language"
LANGUAGE_COOKIE_SAMESITE = "Lax"
LANGUAGE_COOKIE_HTTPONLY = True
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
# Pictures of proposals and projects. On one machine they are files under MEDIA_ROOT (served
# by Django while DEBUG is on, by nginx in production: deploy/nginx/kist.conf); with
# STORAGE_BACKEND=s3, any S3-compatible object store, which app servers on several machines
# share. Its keys come from the usual AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY variables.
MEDIA_URL = os.environ.get("MEDIA_URL", "/media/")
MEDIA_ROOT = os.environ.get("MEDIA_ROOT", str(BASE_DIR / "media"))
SERVE_MEDIA = env_bool("SERVE_MEDIA", DEBUG)
STORAGE_BACKEND = os.environ.get("STORAGE_BACKEND", "files").strip().lower()
if STORAGE_BACKEND not in {"files", "s3"}:
    raise ImproperlyConfigured("STORAGE_BACKEND must be files or s3")
if STORAGE_BACKEND == "s3":
    DEFAULT_STORAGE = {"BACKEND": "storages.backends.s3.S3Storage", "OPTIONS": {
        "bucket_name": os.environ.get("AWS_STORAGE_BUCKET_NAME", ""),
        "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
        "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
        # A public bucket (or a CDN in front, AWS_S3_CUSTOM_DOMAIN) gives plain addresses;
        # otherwise each page carries signed addresses that expire.
        "custom_domain": os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None,
        "querystring_auth": env_bool("AWS_QUERYSTRING_AUTH", True),
        "default_acl": os.environ.get("AWS_DEFAULT_ACL") or None,
        "file_overwrite": False,
        "object_parameters": {"CacheControl": "public, max-age=31536000, immutable"},
    }}
    if not DEFAULT_STORAGE["OPTIONS"]["bucket_name"]:
        raise ImproperlyConfigured("STORAGE_BACKEND=s3 needs AWS_STORAGE_BUCKET_NAME")
else:
    DEFAULT_STORAGE = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
STORAGES = {
    "default": DEFAULT_STORAGE,
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
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
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
if STORAGE_BACKEND == "s3":
    # Pictures are shown straight from the object store.
    _options = DEFAULT_STORAGE["OPTIONS"]
    if _options["custom_domain"]:
        SECURE_CSP["img-src"].append(f"https://{_options['custom_domain']}")
    elif _options["endpoint_url"]:
        _store = urlsplit(_options["endpoint_url"])
        SECURE_CSP["img-src"] += [f"{_store.scheme}://{_store.netloc}",
                                  f"{_store.scheme}://*.{_store.netloc}"]
    else:
        SECURE_CSP["img-src"].append("https://*.amazonaws.com")
# Maps: tiles from the council's chosen server, e.g. https://tile.openstreetmap.org/{z}/{x}/{y}.png
# with its attribution (HTML, shown on every map). With no URL, no page shows a map.
MAP_TILES_URL = os.environ.get("MAP_TILES_URL", "").strip()
MAP_TILES_ATTRIBUTION = os.environ.get("MAP_TILES_ATTRIBUTION", "").strip()


def tiles_origin(url: str) -> str:
    """The origin a tiles URL template loads from, for the policy: a {s} subdomain is any."""
    parts = urlsplit(url.replace("{s}", "tiles-subdomain"))
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise ImproperlyConfigured(f"MAP_TILES_URL: {url!r} is not an http(s) address")
    return f"{parts.scheme}://{parts.netloc}".replace("tiles-subdomain", "*")


if MAP_TILES_URL:
    SECURE_CSP["img-src"].append(tiles_origin(MAP_TILES_URL))
if OIDC_PROVIDER_ID:
    # Signing in with the identity provider posts to Kist, which redirects there.
    _provider = urlsplit(os.environ["OIDC_SERVER_URL"])
    SECURE_CSP["form-action"].append(f"{_provider.scheme}://{_provider.netloc}")

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

# Declarations, the register's keys and the links from votes to people are removed this many
# days after a round's results are published (`manage.py purge_personal_data`, and the worker
# once a day). The privacy notice quotes it.
PERSONAL_DATA_DAYS = int(os.environ.get("PERSONAL_DATA_DAYS", "90"))

# Wrong voting codes allowed per client address in a window before it must wait.
VOTING_CODE_ATTEMPTS = int(os.environ.get("VOTING_CODE_ATTEMPTS", "10"))
VOTING_CODE_WINDOW_SECONDS = int(os.environ.get("VOTING_CODE_WINDOW_SECONDS", "900"))
