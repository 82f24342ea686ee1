"""Laptop defaults: `make run` works with nothing configured."""

from portal.settings.base import *  # noqa: F403
from portal.settings.env import env, env_bool, env_list

DEBUG = env_bool("DEBUG", True)
# A fixed, clearly fake key: dev only. production.py refuses anything like it.
SECRET_KEY = env.str("SECRET_KEY", default="dev-only-insecure-key-never-use-in-production")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"])
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
LODESTAR_DEMO_ALLOWED = True
