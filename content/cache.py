"""Version counters that key the library's caches, kept in the cache itself.

Two counters, each bumped by content/receivers.py when what it covers changes:

- `LIBRARY`: any page, image, competency, programme name, collection, consent or privacy
  setting. Every rendered fragment, route and visible-item set includes it, so nothing rendered
  before an edit is read after it.
- `AUDIENCE`: who belongs where (admissions, cohorts, pairs, managers, roles, privacy settings).
  It keys each member's cached `Reader` (content.queries), whose fingerprint in turn keys the
  per-audience fragments.

The counters live in the cache rather than in process memory so that every process sharing a
cache (Redis in production) sees a bump at once. A counter that is missing (never set, evicted,
cache cleared) starts again at the current time in nanoseconds, never at a number an earlier
counter could have reached, so entries written under an old value cannot be read again.
"""

import time
import uuid

from django.core.cache import cache
from django.db import transaction

LIBRARY = "content:version:library"
AUDIENCE = "content:version:audience"
# How long entries keyed by these counters are kept. Correctness comes from the counters; the
# timeout only frees memory taken by entries no key reaches any more.
TIMEOUT = 60 * 60


def _fresh() -> int:
    return time.time_ns()


def current() -> dict[str, int]:
    """Both counters, read in one round trip: {LIBRARY: n, AUDIENCE: m}."""
    found = cache.get_many([LIBRARY, AUDIENCE])
    for name in (LIBRARY, AUDIENCE):
        if name not in found:
            cache.add(name, _fresh(), timeout=None)  # another process may have set it first
            found[name] = cache.get(name, _fresh())
    return found


def library() -> int:
    return current()[LIBRARY]


def _bump_now(name: str) -> None:
    try:
        cache.incr(name)
    except ValueError:  # missing: any fresh value differs from every earlier one
        cache.add(name, _fresh(), timeout=None)


def bump(name: str) -> None:
    """Invalidate everything keyed by counter `name`, now and again when the transaction commits.

    Now, so the next read in this process (and tests, whose transaction never commits) sees the
    change; on commit, because a concurrent request may have read the old rows under the new
    counter before the commit and cached them: the second bump makes that entry unreachable.
    """
    _bump_now(name)
    transaction.on_commit(lambda: _bump_now(name))


def fragment_context(request, library_version: int) -> dict:
    """What the templates' {% cache %} fragments need: a timeout and the version in their keys.

    A preview renders a draft: its fragments get a key nobody else uses and a timeout of 0, so
    the draft is never shown to members and the editor never sees the live page instead.
    """
    if getattr(request, "is_preview", False):
        return {"fragment_timeout": 0, "library_version": f"preview-{uuid.uuid4().hex}"}
    return {"fragment_timeout": TIMEOUT, "library_version": library_version}
