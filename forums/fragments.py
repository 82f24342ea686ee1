"""Cached pieces of the community pages, under keys that change when what they show changes.

Every key is built on version tokens kept in the cache itself (so that, with Redis, every
process sees the same ones): `bump(scope)` gives a scope a new random token, and every entry
built on the old token is never read again (it expires on its own). The scopes:

- `forum:<id>`: the forum's topic list (a topic started, answered, edited, approved, moved,
  locked or deleted; the forum renamed);
- `topic:<id>`: a topic's posts (a post written, edited, approved or deleted, an attachment
  added or removed, the topic itself saved);
- `subscriptions:<id>`: who follows a topic;
- `identities`: how members appear (name, job title, organisation, photo, listing in the
  mentor catalog), for every member at once: these change rarely;
- `communities`: which forum serves which audience (forums.permissions reads it on every
  request).

Only what every reader of a forum sees alike is cached under these tokens; a cached entry that
depends on the reader (what they have read, their own posts awaiting approval) has the reader's
id in its key. Access itself is never cached: forums.permissions decides it on every request.

A token is bumped at once and again after the transaction commits: a reader who rendered the
old rows in between (while the change was not yet visible) stored them under the token that the
second bump retires. Within one request a token is read from the cache once (a page asks for
the same few several times; with Redis each read is a round trip).
"""

import secrets
from collections.abc import Iterable
from contextvars import ContextVar

from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.db import transaction

# Entries are small, and an idle one is worth little: a day bounds the memory they take.
TIMEOUT = 24 * 60 * 60


def _token_key(scope: str) -> str:
    return f"forums:v:{scope}"


def _new_token() -> str:
    return secrets.token_hex(6)


# The tokens read during the current request (None outside requests: no memory).
_read_in_request: ContextVar[dict[str, str] | None] = ContextVar("forums_tokens", default=None)


def _start_request(**kwargs) -> None:
    _read_in_request.set({})


def _end_request(**kwargs) -> None:
    _read_in_request.set(None)


request_started.connect(_start_request, dispatch_uid="forums.fragments.start")
request_finished.connect(_end_request, dispatch_uid="forums.fragments.end")


def tokens(*scopes: str) -> list[str]:
    """The current token of each scope, in one cache round trip when all exist.

    A missing token (never set, or evicted) is created with `add`, which keeps a token another
    process set meanwhile; it is never reset to a value an old entry could have been built on.
    """
    known = _read_in_request.get()
    keys = [_token_key(scope) for scope in scopes]
    found = {key: known[key] for key in keys if key in known} if known is not None else {}
    wanted = [key for key in keys if key not in found]
    if wanted:
        found.update(cache.get_many(wanted))
        missing = [key for key in wanted if key not in found]
        if missing:
            for key in missing:
                cache.add(key, _new_token(), None)
            found.update(cache.get_many(missing))
        if known is not None:
            known.update({key: found[key] for key in wanted if key in found})
    # A cache that keeps nothing (DummyCache) gets a fresh token each time: nothing is reused.
    return [found.get(key) or _new_token() for key in keys]


def _retire(scopes: tuple[str, ...]) -> None:
    new = {_token_key(scope): _new_token() for scope in scopes}
    cache.set_many(new, None)
    known = _read_in_request.get()
    if known is not None:
        known.update(new)


def bump(*scopes: str) -> None:
    """Retire every entry built on `scopes`, now and once the transaction commits."""
    scopes = tuple(dict.fromkeys(scopes))
    if not scopes:
        return
    _retire(scopes)
    transaction.on_commit(lambda: _retire(scopes))


def key(name: str, *parts: object) -> str:
    """An entry's key: its name and everything that decides its content (tokens, ids, page)."""
    return ":".join(["forums", name, *map(str, parts)])


def fetch_many(keys: Iterable[str]) -> dict:
    return cache.get_many(list(keys))


def fetch(entry_key: str):
    return cache.get(entry_key)


def store_many(entries: dict) -> None:
    if entries:
        cache.set_many(entries, TIMEOUT)


def store(entry_key: str, value) -> None:
    cache.set(entry_key, value, TIMEOUT)
