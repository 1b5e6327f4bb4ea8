"""Settings shared by every environment; everything that varies comes from environment variables."""

import os
from pathlib import Path
from typing import Any

import dj_database_url
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool = False) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


SECRET_KEY = env("DJANGO_SECRET_KEY", "insecure-development-key-change-me")
DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.forms",
    "django_htmx",
    "rules.apps.AutodiscoverRulesConfig",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "django_tasks_db",
    "ninja",
    # sammen, foundation first: later apps may import these, never the reverse.
    "sammen.core",
    "sammen.places",
    "sammen.accounts",
    "sammen.organisations",
    # Modules, each built on the foundation above.
    "sammen.participation",
    "sammen.roadmap",
    "sammen.inspiration",
    "sammen.activities",
    "sammen.card",
    "sammen.lending",
    "sammen.exchange",
    "sammen.analysis",
    "sammen.impact",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "sammen.accounts.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "sammen.core.context_processors.site",
            ],
            "builtins": ["django.templatetags.i18n", "sammen.core.templatetags.sammen"],
        },
    }
]
FORM_RENDERER = "sammen.core.forms.SammenFormRenderer"

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'sammen.sqlite3'}"),
        conn_max_age=int(env("DATABASE_CONN_MAX_AGE", "0")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL and a busy timeout let the web process and the task worker share the file.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "rules.permissions.ObjectPermissionBackend",
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "accounts:profile"

# django-allauth: e-mail login, confirmed e-mail, rate-limited logins, TOTP, OIDC.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_ADAPTER = "sammen.accounts.adapters.AccountAdapter"
ACCOUNT_SIGNUP_FORM_CLASS = "sammen.accounts.forms.SignupForm"
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[sammen] "
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
ACCOUNT_RATE_LIMITS = {
    # Five wrong passwords for one account within 15 minutes lock it out for the rest of the window.
    "login_failed": "20/15m/ip,5/15m/key",
    "signup": "20/h/ip",
    "reset_password": "20/h/ip,5/h/key",
    "confirm_email": "1/3m/key",
}
SOCIALACCOUNT_ADAPTER = "sammen.accounts.adapters.SocialAccountAdapter"
SOCIALACCOUNT_EMAIL_AUTHENTICATION = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
SOCIALACCOUNT_ONLY = False
SOCIALACCOUNT_STORE_TOKENS = False
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "sammen"


def _oidc_apps() -> list[dict[str, Any]]:
    """OIDC providers (ID-porten, MitID brokers, Entra ID ...) from SAMMEN_OIDC_PROVIDERS.

    Format: comma-separated ids; for each id, SAMMEN_OIDC_<ID>_{NAME,SERVER_URL,CLIENT_ID,SECRET}.
    """
    apps = []
    for provider_id in env_list("SAMMEN_OIDC_PROVIDERS"):
        key = provider_id.upper().replace("-", "_")
        apps.append(
            {
                "provider_id": provider_id,
                "name": env(f"SAMMEN_OIDC_{key}_NAME", provider_id),
                "client_id": env(f"SAMMEN_OIDC_{key}_CLIENT_ID"),
                "secret": env(f"SAMMEN_OIDC_{key}_SECRET"),
                "settings": {
                    "server_url": env(f"SAMMEN_OIDC_{key}_SERVER_URL"),
                    "token_auth_method": env(f"SAMMEN_OIDC_{key}_TOKEN_AUTH_METHOD", "client_secret_post"),
                    "oauth_pkce_enabled": True,
                },
            }
        )
    return apps


SOCIALACCOUNT_PROVIDERS = {"openid_connect": {"APPS": _oidc_apps(), "EMAIL_AUTHENTICATION": True}}

LANGUAGE_CODE = "nb"
LANGUAGES = [
    ("nb", _("Norwegian Bokmål")),
    ("nn", _("Norwegian Nynorsk")),
    ("da", _("Danish")),
    ("en", _("English")),
]
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_thirdparty"]
LANGUAGE_COOKIE_NAME = "sammen_language"
LANGUAGE_COOKIE_SAMESITE = "Lax"
TIME_ZONE = "Europe/Oslo"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [
    # Front-end libraries installed by npm (package-lock.json), never copied by hand.
    ("vendor/htmx", BASE_DIR / "node_modules" / "htmx.org" / "dist"),
    # The activity card's door page: BarcodeDetector polyfill and the ZXing-C++ WebAssembly reader it loads.
    ("vendor/barcode-detector", BASE_DIR / "node_modules" / "barcode-detector" / "dist" / "iife"),
    ("vendor/zxing-wasm", BASE_DIR / "node_modules" / "zxing-wasm" / "dist" / "reader"),
    # Barcode decoding for camera scanning at the lending desk where the browser has no BarcodeDetector.
    ("vendor/zxing", BASE_DIR / "node_modules" / "@zxing" / "library" / "umd"),
    ("vendor/leaflet", BASE_DIR / "node_modules" / "leaflet" / "dist"),
    ("vendor/leaflet.markercluster", BASE_DIR / "node_modules" / "leaflet.markercluster" / "dist"),
]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env("DJANGO_MEDIA_ROOT", str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": env("DJANGO_DEFAULT_STORAGE", "django.core.files.storage.FileSystemStorage")},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the meta tag, not the cookie, but forms need none.

REDIS_URL = env("REDIS_URL")
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "sammen_cache",
        }
    }

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# E-mail leaves the platform through Django's mailers; the console backend prints messages in development.
_email_backend = env("DJANGO_EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
MAILERS: dict[str, dict[str, Any]] = {"default": {"BACKEND": _email_backend}}
if _email_backend.endswith("smtp.EmailBackend"):
    MAILERS["default"]["OPTIONS"] = {
        "host": env("DJANGO_EMAIL_HOST", "localhost"),
        "port": int(env("DJANGO_EMAIL_PORT", "587")),
        "username": env("DJANGO_EMAIL_HOST_USER"),
        "password": env("DJANGO_EMAIL_HOST_PASSWORD"),
        "use_tls": env_bool("DJANGO_EMAIL_USE_TLS", True),
    }
DEFAULT_FROM_EMAIL = env("DJANGO_DEFAULT_FROM_EMAIL", "sammen <noreply@sammen.example>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# SMS leaves the platform through one interface; the console backend prints messages.
SAMMEN_SMS_BACKEND = env("SAMMEN_SMS_BACKEND", "sammen.core.sms.ConsoleSmsBackend")

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
    "base-uri": [CSP.SELF],
    "object-src": [CSP.NONE],
}
# Activity map tiles: any XYZ tile server; empty turns the map off (the list works without it).
SAMMEN_MAP_TILE_URL = env("SAMMEN_MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
SAMMEN_MAP_ATTRIBUTION = env(
    "SAMMEN_MAP_ATTRIBUTION", '&copy; <a href="https://www.openstreetmap.org/copyright">OpenStreetMap</a>'
)
if SAMMEN_MAP_TILE_URL.startswith(("https://", "http://")):
    # Tiles are images: allow the tile server's origin in img-src only, and only when a map is configured.
    _tile_origin = "/".join(SAMMEN_MAP_TILE_URL.split("/")[:3]).replace("{s}.", "*.")
    SECURE_CSP["img-src"] = [CSP.SELF, "data:", _tile_origin]
# Typed places are found by this geocoder; the default looks only in the municipality's own neighbourhoods and venues.
SAMMEN_GEOCODER = env("SAMMEN_GEOCODER", "sammen.activities.geocoding.OfflineGeocoder")
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", "INFO")},
    "loggers": {"django.db.backends": {"level": "INFO"}},
}

SAMMEN_PLATFORM_NAME = "sammen"

# The activity card's payment provider for top-ups (see sammen/card/payments.py and docs/card.md).
SAMMEN_CARD_PAYMENT_PROVIDER = env("SAMMEN_CARD_PAYMENT_PROVIDER", "sammen.card.payments.FakePaymentProvider")
# Where the site is reached from outside: links in e-mails sent by background jobs start with it.
SAMMEN_BASE_URL = env("SAMMEN_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
# Input analysis: which sentence-embedding backend to use (auto, bundled, local or none) and, for a model the
# municipality installed itself, its path. Nothing is ever downloaded; see docs/analysis.md.
SAMMEN_ANALYSIS_BACKEND = env("SAMMEN_ANALYSIS_BACKEND", "auto")
SAMMEN_ANALYSIS_MODEL_PATH = env("SAMMEN_ANALYSIS_MODEL_PATH", "")
