"""Per-person rate limits on what costs others: posting and searching.

`allow(user, action)` counts one action in the current fixed window and says whether it is
within `settings.RATE_LIMITS[action]` (how many, per how many seconds). The counts live in the
default cache (a counter, not a cached read: the one other direct use of the cache besides
/healthz's probe). When the cache cannot be reached the limit fails open: people keep posting
rather than the portal refusing everyone; the fail-safe cache logs the outage.
"""

import time

from django.conf import settings
from django.core.cache import cache


def allow(user, action: str) -> bool:
    """Count one `action` by `user`; False once they are over the limit for this window."""
    limit, seconds = settings.RATE_LIMITS[action]
    window = int(time.time() // seconds)
    key = f"rate:{action}:{user.pk}:{window}"
    try:
        cache.add(key, 0, timeout=seconds + 1)
        count = cache.incr(key)
    except ValueError:  # unreachable cache (FailSafeCache), or the key expired in between
        return True
    return count <= limit


def wait_message(action: str) -> str:
    """What to tell someone over the limit, in plain words."""
    limit, seconds = settings.RATE_LIMITS[action]
    what = {"post": "posts", "search": "searches"}.get(action, "requests")
    minutes = max(1, round(seconds / 60))
    period = "a minute" if minutes == 1 else f"{minutes} minutes"
    return (
        f"You have sent {limit} {what} in {period}, the most we allow. "
        f"Wait {period} and try again; nothing you typed is lost."
    )
