"""Django settings for OpenEHCP, read from the environment in this one module.

OPENEHCP_MODE chooses the safe defaults:
- ``production`` (the default): DEBUG off, SECRET_KEY required, HTTPS-only cookies and HSTS.
- ``demo`` (``make demo``): DEBUG on, a throwaway key, plain HTTP on 127.0.0.1.
- ``test`` (``make test``): as demo but DEBUG off, fast password hashing.
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent.parent
VAR_DIR = Path(os.environ.get("OPENEHCP_VAR_DIR", BASE_DIR / "var"))

(VAR_DIR / "static").mkdir(parents=True, exist_ok=True)

MODE = os.environ.get("OPENEHCP_MODE", "production")
if MODE not in {"production", "demo", "test"}:
    raise ImproperlyConfigured("OPENEHCP_MODE must be production, demo or test")
PRODUCTION = MODE == "production"


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


DEBUG = env_bool("DEBUG", MODE == "demo")
SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if PRODUCTION:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set in production (OPENEHCP_MODE=production)"
        )
    SECRET_KEY = "openehcp-insecure-key-for-demo-and-tests-only"

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "" if PRODUCTION else "127.0.0.1,localhost,testserver")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", "")

COUNCIL_NAME = os.environ.get("OPENEHCP_COUNCIL_NAME", "Demo Borough Council")
# The council's logo on EHC plans: a PNG or JPEG file (Word documents cannot hold SVG).
OPENEHCP_COUNCIL_LOGO = os.environ.get(
    "OPENEHCP_COUNCIL_LOGO",
    str(BASE_DIR / "openehcp" / "plans" / "static" / "plans" / "council-logo.png"),
)
# The caseload (maintained plans plus open requests) the council expects of one caseworker.
OPENEHCP_CASELOAD_TARGET = int(os.environ.get("OPENEHCP_CASELOAD_TARGET", "350"))
# The SEN2 return's header: the council's 3-digit DfE LA number (the demo council is 210), and
# whether it has a Designated Medical, Clinical and Social Care Officer (Y yes, N no, R recruiting).
OPENEHCP_LA_NUMBER = os.environ.get("OPENEHCP_LA_NUMBER", "" if PRODUCTION else "210")
OPENEHCP_SEN2_DMO = os.environ.get("OPENEHCP_SEN2_DMO", "" if PRODUCTION else "Y")
OPENEHCP_SEN2_DCO = os.environ.get("OPENEHCP_SEN2_DCO", "" if PRODUCTION else "Y")
OPENEHCP_SEN2_DSCO = os.environ.get("OPENEHCP_SEN2_DSCO", "" if PRODUCTION else "Y")
# Where families send comments on the Local Offer (SEND Regulations 2014, reg 55).
OPENEHCP_LOCAL_OFFER_EMAIL = os.environ.get(
    "OPENEHCP_LOCAL_OFFER_EMAIL", "localoffer@demo.openehcp.example"
)
SERVICE_NAME = "OpenEHCP"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "simple_history",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "openehcp.web",
    "openehcp.accounts",
    "openehcp.establishments",
    "openehcp.audit",
    "openehcp.timescales",
    "openehcp.people",
    "openehcp.assessments",
    "openehcp.letters",
    "openehcp.plans",
    "openehcp.reviews",
    "openehcp.disagreements",
    "openehcp.workqueues",
    "openehcp.reporting",
    "openehcp.sen2",
    "openehcp.casefiles",
    "openehcp.localoffer",
    "openehcp.portal",
    "openehcp.demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "csp.middleware.CSPMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "openehcp.accounts.middleware.StaffTwoFactorMiddleware",
    "openehcp.accounts.middleware.TemporaryPasswordMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "openehcp.config.urls"
WSGI_APPLICATION = "openehcp.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "openehcp.web.context_processors.service",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{VAR_DIR / 'openehcp.sqlite3'}"),
        conn_max_age=int(os.environ.get("CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # PostgreSQL's JIT compiler spent up to 3.5 s compiling one grouped scorecard query whose
    # cost it overestimated: far more than it can save on OpenEHCP's queries, so it is off.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
# Single sign-on (OIDC: Microsoft Entra ID for staff, GOV.UK One Login for the public) plugs in
# here as one more backend after ModelBackend, mapping the identity provider's subject to a User.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
if MODE == "test":
    PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "web:home"
LOGOUT_REDIRECT_URL = "accounts:login"

# A link to reset a forgotten password works once, for this long (Django's token generator).
PASSWORD_RESET_TIMEOUT = int(os.environ.get("PASSWORD_RESET_MINUTES", "120")) * 60

# Limits on the public forms per client address ("30/10m": 30 in each 10 minutes; "off"), and per
# email address for reset emails: see openehcp/accounts/ratelimit.py. Failed sign-ins only count.
OPENEHCP_RATE_LIMITS = {
    scope: os.environ.get(f"OPENEHCP_RATE_LIMIT_{scope.upper()}", default)
    for scope, default in {
        "sign_in": "20/10m",
        "password_reset": "5/15m",
        "password_reset_email": "3/1h",
        "online_request": "100/1h",
        "preference": "30/15m",
    }.items()
}
# How many proxies in front of the service add to X-Forwarded-For (0: the header is not believed).
OPENEHCP_TRUSTED_PROXIES = int(os.environ.get("OPENEHCP_TRUSTED_PROXIES", "0"))
AXES_CLIENT_IP_CALLABLE = "openehcp.accounts.ratelimit.client_ip"

# Lockout after repeated failed logins (django-axes), per username.
AXES_FAILURE_LIMIT = int(os.environ.get("AXES_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("AXES_COOLOFF_MINUTES", "30")))
AXES_LOCKOUT_PARAMETERS = ["username"]
# Locking by username protects the account whatever address or browser the attempts come from.
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "openehcp.accounts.views.locked_out"
AXES_VERBOSE = False

# Sessions end after inactivity: the expiry is pushed forward on every request.
SESSION_COOKIE_AGE = int(os.environ.get("SESSION_IDLE_MINUTES", "30")) * 60
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "openehcp.web.views.csrf_failure"

# Staff must use TOTP two-factor authentication unless a deployment turns it off (demo).
OPENEHCP_REQUIRE_STAFF_2FA = env_bool("OPENEHCP_REQUIRE_STAFF_2FA", PRODUCTION)
OTP_TOTP_ISSUER = SERVICE_NAME

SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
if PRODUCTION:
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = 31536000
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
    # HSTS preloading commits the council's whole domain: the council decides, not this service.
    SILENCED_SYSTEM_CHECKS = [*SILENCED_SYSTEM_CHECKS, "security.W021"]

# Content-Security-Policy: no inline script anywhere; GOV.UK Frontend's inline
# "js-enabled" snippet is replaced by a static file.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    }
}

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = False
USE_TZ = True
DATE_FORMAT = "j F Y"
SHORT_DATE_FORMAT = "j M Y"

STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "openehcp" / "web" / "frontend"]
MEDIA_ROOT = VAR_DIR / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if PRODUCTION
            else "django.contrib.staticfiles.storage.StaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = not PRODUCTION

# Background work (case-history imports) runs in a worker process: `openehcp db_worker`, which
# `openehcp serve` starts beside the web server. Tests run tasks immediately, in process.
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks.backends.immediate.ImmediateBackend"
            if MODE == "test"
            else "django_tasks_db.DatabaseBackend"
        )
    }
}

EMAIL_BACKEND = os.environ.get(
    "EMAIL_BACKEND",
    "django.core.mail.backends.smtp.EmailBackend"
    if PRODUCTION
    else "django.core.mail.backends.console.EmailBackend",
)
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "send@openehcp.invalid")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
