"""Settings shared by every environment, in a fixed order of sections.

core, apps, middleware, templates, database, auth, static/media, security, Wagtail, forums,
search, tasks, logging. Every deployment value comes from the environment (see .env.example).
"""

from pathlib import Path

from csp.constants import NONCE, NONE, SELF
from machina import MACHINA_MAIN_STATIC_DIR, MACHINA_MAIN_TEMPLATE_DIR

from portal.settings.env import env, env_bool, env_list, fail_safe

# --- core -------------------------------------------------------------------------------------
BASE_DIR = Path(__file__).resolve().parents[2]
VAR_DIR = Path(env.str("LODESTAR_VAR_DIR", default=str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

SECRET_KEY = env.str("SECRET_KEY", default="")
DEBUG = env_bool("DEBUG", False)
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [])
ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"
LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True
# Dates and times as the portal writes them ("3 December 2026, 18:27"), machina's pages too.
FORMAT_MODULE_PATH = ["portal.formats"]
# machina declares no default_auto_field: a project-wide BigAutoField would make makemigrations
# write migrations into site-packages. Our own AppConfigs opt into BigAutoField.
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"
SITE_NAME = "Lodestar"
# Only dev, test and benchmark settings may create the demo organisation (known passwords).
LODESTAR_DEMO_ALLOWED = False

# --- apps -------------------------------------------------------------------------------------
INSTALLED_APPS = [
    # Lodestar
    "portal.people",
    "portal.programmes",
    "portal.matching",
    "portal.engagements",
    "portal.governance",
    "portal.insights",
    "portal.demo",
    "portal.staff",
    "portal.submissions",
    "content",
    "forums",
    # Our overrides of machina apps (get_class finds the first app whose name ends with the
    # machina app's label): they must come before machina's own.
    "forums.machina_apps.forum",
    "forums.machina_apps.forum_conversation",
    "forums.machina_apps.forum_moderation",
    "forums.machina_apps.forum_permission",
    "forums.machina_apps.forum_member",
    "forums.machina_apps.forum_feeds",
    "search",
    # django-machina and its helpers (haystack only because machina's forum_search imports it;
    # use `rebuild_search_index`, not either app's `update_index`).
    "mptt",
    "haystack",
    "widget_tweaks",
    "machina",
    "machina.apps.forum",
    "machina.apps.forum_conversation",
    "machina.apps.forum_conversation.forum_attachments",
    "machina.apps.forum_conversation.forum_polls",
    "machina.apps.forum_feeds",
    "machina.apps.forum_moderation",
    "machina.apps.forum_search",
    "machina.apps.forum_tracking",
    "machina.apps.forum_member",
    "machina.apps.forum_permission",
    # Wagtail
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    # After wagtail.admin: it disconnects Wagtail's own moderation emails (its ready() connects
    # them), so review events reach people through our notifications alone.
    "portal.notifications",
    "modelcluster",
    "taggit",
    "django_filters",
    # accounts, sign-in throttling, background work
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "axes",
    "django_tasks",
    "django_tasks_db",
    # Django
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
]

# --- middleware -------------------------------------------------------------------------------
MIDDLEWARE = [
    # First: everything after it shares the cache generations the request reads.
    "portal.generations.GenerationsMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Before anything reads the body (CSRF reads the form): refuses oversized requests at once.
    "portal.security.RequestSizeMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After auth and messages: ends idle or over-age sessions; marks signed-in pages no-store.
    "portal.security.SessionLimitMiddleware",
    "portal.security.PrivateResponseMiddleware",
    # NUL in a query is a 400; a lookup by a malformed id in views we do not own is a 404.
    "portal.security.MalformedInputMiddleware",
    # An action refused until the person has done something first (portal/gates.py) redirects.
    "portal.gates.BlockedMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Listed after XFrameOptionsMiddleware so its response hook runs first: it picks the public or
    # the admin policy (CSP and framing) for each response.
    "portal.security.ContentSecurityPolicyMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "forums.middleware.ForumPermissionMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, so that a lockout short-circuits everything above it.
    "axes.middleware.AxesMiddleware",
]

# --- templates --------------------------------------------------------------------------------
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        # Our templates first; forums/machina_overrides shadows machina's templates at the same
        # path; machina's own folder last.
        "DIRS": [
            BASE_DIR / "templates",
            BASE_DIR / "forums" / "machina_overrides",
            MACHINA_MAIN_TEMPLATE_DIR,
        ],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
                "machina.core.context_processors.metadata",
                "portal.navigation.context",
            ],
            # {% fragment %} and {% fragment_each %}: markup kept by portal.generations.
            "libraries": {"generations": "portal.generations"},
        },
    },
]

# --- database ---------------------------------------------------------------------------------
# SQLite under var/ by default, so a newcomer needs nothing but Python; DATABASE_URL for PostgreSQL.
DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'lodestar.sqlite3'}"),
}
DATABASES["default"]["ATOMIC_REQUESTS"] = True
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    # IMMEDIATE: a transaction takes the write lock when it begins, so concurrent writers wait
    # their turn (up to `timeout` seconds) instead of failing with "database is locked" when a
    # read-then-write transaction cannot upgrade its lock. Requests are atomic, so this holds
    # for every request that writes.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "timeout": 20,
            "transaction_mode": "IMMEDIATE",
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )

CACHES = {
    # Fail-safe: a cache that cannot be reached slows pages down and never fails them.
    "default": fail_safe(env.cache("CACHE_URL", default="locmemcache://lodestar")),
    # machina keeps uploaded attachments here between a preview and the final post.
    "machina_attachments": env.cache(
        "ATTACHMENTS_CACHE_URL", default=f"filecache://{VAR_DIR / 'cache' / 'attachments'}"
    ),
}

# --- auth -------------------------------------------------------------------------------------
AUTH_USER_MODEL = "people.User"
AUTHENTICATION_BACKENDS = [
    # axes first: it refuses a locked-out login before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "portal.people.auth.AllauthBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "account_login"

ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_SIGNUP_FORM_CLASS = "portal.people.forms.SignupDetailsForm"
ACCOUNT_FORMS = {
    "signup": "portal.people.signup.SignupForm",
    "login": "portal.people.account_forms.LoginForm",
    "change_password": "portal.people.account_forms.ChangePasswordForm",
    "reset_password_from_key": "portal.people.account_forms.ResetPasswordKeyForm",
}
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Lodestar] "
ACCOUNT_PREVENT_ENUMERATION = True
# Adding or removing an email address, changing the password or MFA asks for the password again
# unless the person signed in within the last five minutes.
ACCOUNT_REAUTHENTICATION_REQUIRED = True
# Failed sign-ins are throttled by django-axes alone (one mechanism, one lockout page); allauth
# keeps its other limits (sign-up, password reset, email management).
ACCOUNT_RATE_LIMITS = {"login_failed": None}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]

# django-axes: allauth authenticates by email and posts the address in the "login" field.
# Per-person limits (portal/ratelimits.py): (how many, per seconds); counted in the cache and
# not enforced while the cache is unreachable.
RATE_LIMITS = {
    "post": (env.int("RATE_LIMIT_POSTS", default=10), 60),
    "search": (env.int("RATE_LIMIT_SEARCHES", default=30), 60),
}
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = 0.25  # hours
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_USERNAME_CALLABLE = "portal.people.auth.login_identifier"
AXES_LOCKOUT_TEMPLATE = "account/lockout.html"

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
# Where emails link to: the portal's public address (notifications, Wagtail's admin emails).
PORTAL_BASE_URL = env.str(
    "PORTAL_BASE_URL", default=env.str("WAGTAILADMIN_BASE_URL", default="http://127.0.0.1:8000")
)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Lodestar <lodestar@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- static and media -------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = VAR_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "static", MACHINA_MAIN_STATIC_DIR]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
# Private files (external experts' due-diligence evidence): outside MEDIA_ROOT, served by no
# URL pattern, only by a permission-checked download view (docs/decisions/0023-external-experts.md).
PRIVATE_ROOT = Path(env.str("PRIVATE_ROOT", default=str(VAR_DIR / "private")))
PRIVATE_STORAGE = {
    "BACKEND": "django.core.files.storage.FileSystemStorage",
    "OPTIONS": {"location": PRIVATE_ROOT, "base_url": "/no-public-url/"},
}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    "private": PRIVATE_STORAGE,
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
DATA_UPLOAD_MAX_NUMBER_FIELDS = 2_000
# A request body larger than this is refused (413) from its Content-Length, before any of it is
# read (portal.security.RequestSizeMiddleware): the largest upload we accept (a Wagtail
# document, WAGTAILDOCS_MAX_UPLOAD_SIZE) plus room for the form around it. The proxy in front
# should refuse the same (nginx: client_max_body_size 60m).
REQUEST_BODY_MAX_SIZE = env.int("REQUEST_BODY_MAX_SIZE", default=60 * 1024 * 1024)

# --- security ---------------------------------------------------------------------------------
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
# Session limits (portal.security.SessionLimitMiddleware): a session ends after this long without
# a request (idle) or this long after sign-in (absolute), whichever comes first. People who can
# open the admin (programme managers, communications, moderators, superusers) get the shorter
# pair: their sessions decide applications and publish. Values in seconds.
SESSION_IDLE_TIMEOUT = env.int("SESSION_IDLE_TIMEOUT", default=3 * 24 * 3600)
SESSION_ABSOLUTE_LIMIT = env.int("SESSION_ABSOLUTE_LIMIT", default=14 * 24 * 3600)
SESSION_STAFF_IDLE_TIMEOUT = env.int("SESSION_STAFF_IDLE_TIMEOUT", default=3600)
SESSION_STAFF_ABSOLUTE_LIMIT = env.int("SESSION_STAFF_ABSOLUTE_LIMIT", default=12 * 3600)
SESSION_COOKIE_AGE = SESSION_ABSOLUTE_LIMIT
CSRF_FAILURE_VIEW = "portal.views.csrf_failure"
# The public site runs a strict nonce policy: no inline script or style anywhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    },
}
# Wagtail's admin relies on inline scripts and styles and frames its own previews.
ADMIN_URL_PREFIXES = ("/admin/", "/django-admin/")
ADMIN_CONTENT_SECURITY_POLICY = {
    "default-src": [SELF],
    "script-src": [SELF, "'unsafe-inline'"],
    "style-src": [SELF, "'unsafe-inline'"],
    "img-src": [SELF, "data:", "blob:"],
    "font-src": [SELF, "data:"],
    "connect-src": [SELF],
    "form-action": [SELF],
    "frame-ancestors": [SELF],
    "base-uri": [SELF],
    "object-src": [NONE],
}

# --- Wagtail ----------------------------------------------------------------------------------
WAGTAIL_SITE_NAME = SITE_NAME
WAGTAILADMIN_BASE_URL = PORTAL_BASE_URL
WAGTAIL_ENABLE_UPDATE_CHECK = False
# Private pages send visitors to the portal's own sign-in.
WAGTAIL_FRONTEND_LOGIN_URL = LOGIN_URL
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILAPI_DOCS_ENABLED = False
WAGTAILDOCS_EXTENSIONS = ["pdf", "docx", "pptx", "xlsx", "odt", "txt", "mp3", "mp4", "m4a", "vtt"]
# Media and captions open in the browser (they play in the page's own <audio>/<video>).
WAGTAILDOCS_INLINE_CONTENT_TYPES = [
    "application/pdf",
    "text/plain",
    "audio/mpeg",
    "audio/mp4",
    "video/mp4",
    "text/vtt",
]
WAGTAILDOCS_MAX_UPLOAD_SIZE = 50 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
# Wagtail's database backend, with quotes made safe on SQLite (search/wagtail_backend.py).
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "search.wagtail_backend"}}

# --- forums (django-machina) ------------------------------------------------------------------
MACHINA_FORUM_NAME = "Lodestar communities"
MACHINA_BASE_TEMPLATE_NAME = "forums/machina_base.html"
# machina's default renderer (markdown2 "safe mode") is bypassable and quadratic on some input.
# Not MACHINA_POST_CONTENT_MAX_LENGTH: it changes machina's model field and so demands a
# migration inside site-packages; post length is limited in our post form instead.
MACHINA_MARKUP_LANGUAGE = ("forums.markup.render", {})
MACHINA_PROFILE_AVATAR_MAX_UPLOAD_SIZE = 2 * 1024 * 1024
MACHINA_USER_DISPLAY_NAME_METHOD = "get_full_name"

# --- search -----------------------------------------------------------------------------------
# A failed index update is tried again after each of these delays (seconds), then given up.
SEARCH_RETRY_DELAYS = [10, 60, 300, 1800, 7200]
# search/ owns the portal's one search (docs/search.md). SEARCH_ENGINE picks the engine:
# search.engines.whoosh.WhooshEngine (files under SEARCH_INDEX_DIR) or
# search.engines.postgres.PostgresEngine (full-text search in the PostgreSQL database).
SEARCH_ENGINE = env.str("SEARCH_ENGINE", default="search.engines.whoosh.WhooshEngine")
SEARCH_INDEX_DIR = Path(env.str("SEARCH_INDEX_DIR", default=str(VAR_DIR / "search")))
SEARCH_ELASTICSEARCH_URL = env.str("SEARCH_ELASTICSEARCH_URL", default="")
SEARCH_ELASTICSEARCH_API_KEY = env.str("SEARCH_ELASTICSEARCH_API_KEY", default="")
SEARCH_ELASTICSEARCH_INDEX = env.str("SEARCH_ELASTICSEARCH_INDEX", default="lodestar")
# machina's forum_search app imports haystack; its URL is routed to the portal's search, so
# haystack needs no index of its own (the simple backend keeps machina importable and idle).
HAYSTACK_CONNECTIONS = {"default": {"ENGINE": "haystack.backends.simple_backend.SimpleEngine"}}

# --- tasks ------------------------------------------------------------------------------------
# Background work (docs/architecture.md, Background work). TASK_BACKEND picks the backend: by
# default django-tasks-db's, whose `manage.py db_worker` runs the tasks (`make run` starts one
# beside the web server; production runs its own). Tests run tasks inline (settings/test.py).
# Every task is enqueued after commit through portal.tasks.enqueue_after_commit.
# Two queues: "search" holds the index writes, so a deployment can give the Whoosh index a single
# writer on the machine that holds it (`db_worker --queue-name search`); "default" the rest.
TASK_QUEUES = ["default", "search"]
TASKS = {
    "default": {
        "BACKEND": env.str("TASK_BACKEND", default="django_tasks_db.DatabaseBackend"),
        "QUEUES": TASK_QUEUES,
    },
}

# --- logging ----------------------------------------------------------------------------------
LOG_FORMAT = env.str("LOG_FORMAT", default="text")
LOG_LEVEL = env.str("LOG_LEVEL", default="INFO")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "json": {"()": "portal.logs.JsonFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT},
    },
    "root": {"handlers": ["console"], "level": LOG_LEVEL},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        "axes": {"level": "WARNING"},
        "django_tasks": {"level": "WARNING"},
    },
}
