"""Production: every value from the environment; refuses to start when a secret is missing.

Passes `manage.py check --deploy --fail-level WARNING` (CI runs it).
"""

from django.core.exceptions import ImproperlyConfigured

from portal.settings.base import *  # noqa: F403
from portal.settings.base import PRIVATE_STORAGE, SECRET_KEY
from portal.settings.env import env, env_bool, env_list

DEBUG = env_bool("DEBUG", False)

_WEAK_PREFIXES = ("dev-only", "django-insecure", "test-only", "change-me", "changeme")
if not SECRET_KEY or len(SECRET_KEY) < 50 or SECRET_KEY.lower().startswith(_WEAK_PREFIXES):
    raise ImproperlyConfigured(
        "SECRET_KEY must be set to a random value of at least 50 characters in production "
        "(python -c 'import secrets; print(secrets.token_urlsafe(64))')."
    )

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", [])
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("ALLOWED_HOSTS must list the host names Lodestar is served on.")
# The library, catalog and community pages cache what they render under generations kept in the
# cache (portal/generations.py); every worker must see the same generations, or a change (a
# member leaving a cohort, say) shows in one worker and not another. A per-process cache is
# refused.
_PER_PROCESS_CACHES = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
)
if CACHES["default"]["WRAPPED"]["BACKEND"] in _PER_PROCESS_CACHES:  # noqa: F405
    raise ImproperlyConfigured(
        "CACHE_URL must name a cache every worker shares (Redis: redis://host:6379/1, or "
        "filecache:///path for a single-machine deployment): pages keep their generations there."
    )
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [f"https://{h}" for h in ALLOWED_HOSTS])

SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LOG_FORMAT = env.str("LOG_FORMAT", default="json")
LOGGING["handlers"]["console"]["formatter"] = LOG_FORMAT  # noqa: F405

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
    "private": PRIVATE_STORAGE,
}
