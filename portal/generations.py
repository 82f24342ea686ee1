"""Generations: the one way Lodestar keeps what it builds in the cache, and forgets it.

- A *scope* names something that changes: the library (`content:library`), one mentor
  (`catalog:mentor:12`), one topic (`forums:topic:9`). Each app names its scopes in its
  `cache.py` and retires them from its signal receivers.
- A scope's *generation* is a random token kept in the cache itself (`generation:<scope>`), so
  every process sharing the cache (Redis in production) agrees on it. `retire(scope)` gives it a
  new token: every entry built on the old one is never read again and expires on its own. A token
  that is missing (never made, evicted) is made afresh with `add`, never reset to a value an old
  entry could have been built on.
- An *entry* is what `cached` (one value), `cached_each` (one value per id, in one round trip)
  or the `{% fragment %}` tags (markup) keep. Its key holds what it is (`parts`), the generations
  of the scopes it was built from and the *release*: a hash of the project's code, its templates
  and the installed packages, computed once per process, so after a deploy nothing rendered by
  the old code or templates is read.

Races. A generation is retired when the change is made and again when its transaction commits:
a reader that read the old rows between the two (the change not yet visible) stored them under
the generation the second retirement retires. A request reads each generation from the cache
once, when it first needs it (`GenerationsMiddleware` keeps what it read until the response is
done), and always before it builds what depends on it, so an entry is never newer in its key
than in its content; after it retires a scope itself, it keeps nothing on that scope that
another request could read (its transaction may still roll back). Outside requests (tests,
commands, tasks) nothing is remembered.

What an entry holds must be the same for everyone whose request computes its key: an entry that
depends on the reader has the reader's id in its parts. `None` is never stored (it means "build
again").

When the cache cannot be reached, the default cache (`FailSafeCache`, set up in settings for every
caller, Wagtail's and allauth's too) answers every read with a miss and drops every write: each
generation read is then a token nobody stored, so pages are built from the database, and a
retirement that could not be written is written again by the next read that reaches the cache.
"""

import functools
import hashlib
import logging
import secrets
import sys
import threading
import time
from collections.abc import Callable, Hashable, Iterable
from contextvars import ContextVar
from pathlib import Path
from typing import Any, TypeVar

from django import template
from django.conf import settings
from django.core.cache import cache
from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache
from django.db import transaction
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django.utils.safestring import SafeString, mark_safe

logger = logging.getLogger(__name__)

# Generations retire entries as soon as anything changes; the timeout only returns their memory.
TIMEOUT = 24 * 60 * 60
# The project's own code and templates, hashed into the release (with every template folder
# named in TEMPLATES and the installed packages' versions).
SOURCE_DIRS = ("portal", "content", "forums", "search", "templates")
SOURCE_SUFFIXES = frozenset({".py", ".html", ".txt", ".xml"})


# --- generations --------------------------------------------------------------------------------

# The generations read during the current request (None outside requests: nothing remembered).
_read_in_request: ContextVar[dict[str, str] | None] = ContextVar("generations", default=None)
# Scopes whose retirement could not be written (the cache was down), written again when it answers.
_unwritten: set[str] = set()
_unwritten_lock = threading.Lock()


def scope_family(prefix: str) -> Callable[[object], str]:
    """Scopes named by a prefix and an id: `topic = scope_family("forums:topic")`, then
    `topic(9)` is the scope "forums:topic:9"."""

    def member(pk: object) -> str:
        return f"{prefix}:{pk}"

    return member


def generation_key(scope: str) -> str:
    """Where the cache keeps `scope`'s generation."""
    return f"generation:{scope}"


def _new_token() -> str:
    return secrets.token_hex(8)


def read(*scopes: str) -> tuple[str, ...]:
    """The current generation of each scope, in one cache round trip for those not yet read in
    this request."""
    memo = _read_in_request.get()
    known = memo if memo is not None else {}
    wanted = [scope for scope in dict.fromkeys(scopes) if scope not in known]
    if wanted:
        _write_unwritten()
        keys = {generation_key(scope): scope for scope in wanted}
        found = cache.get_many(list(keys))
        missing = [key for key in keys if key not in found]
        for key in missing:
            token = _new_token()
            # add() keeps a token another process made first, so every process agrees.
            if cache.add(key, token, None):
                found[key] = token
        lost = [key for key in missing if key not in found]
        if lost:
            found.update(cache.get_many(lost))
        # A token nobody stored (the cache is down, or keeps nothing): nothing built on it is
        # ever read again.
        known.update({scope: found.get(key) or _new_token() for key, scope in keys.items()})
    return tuple(known[scope] for scope in scopes)


def retire(*scopes: str) -> None:
    """Retire every entry built on `scopes`, now and again when the transaction commits.

    Now, so the rest of this request (and a test, whose transaction never commits) sees the
    change; on commit, because a concurrent request may have read the old rows under the new
    generation before the commit and cached them: the second retirement makes that entry
    unreachable.
    """
    scopes = tuple(dict.fromkeys(scopes))
    if not scopes:
        return
    _retire_now(scopes)
    transaction.on_commit(lambda: _retire_now(scopes))


def _retire_now(scopes: Iterable[str]) -> None:
    new = {scope: _new_token() for scope in scopes}
    failed = cache.set_many({generation_key(scope): token for scope, token in new.items()}, None)
    if failed:
        with _unwritten_lock:
            _unwritten.update(scope for scope in new if generation_key(scope) in failed)
    memo = _read_in_request.get()
    if memo is not None:
        # The rest of this request builds afresh under tokens of its own: what it reads includes
        # its uncommitted writes, which must not be kept under the new generation in case the
        # transaction rolls back.
        memo.update({scope: _new_token() for scope in new})


def _write_unwritten() -> None:
    if not _unwritten:
        return
    with _unwritten_lock:
        scopes = tuple(_unwritten)
        _unwritten.clear()
    _retire_now(scopes)  # puts back whatever still fails


class GenerationsMiddleware:
    """Remember the generations a request reads until its response is done (first in the
    middleware, so every later part of the request shares them)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _read_in_request.set({})
        try:
            return self.get_response(request)
        finally:
            _read_in_request.reset(token)


# --- the release ----------------------------------------------------------------------------------


def _release_files() -> list[Path]:
    base = Path(settings.BASE_DIR)
    folders = [base / name for name in SOURCE_DIRS]
    folders += [Path(folder) for engine in settings.TEMPLATES for folder in engine.get("DIRS", [])]
    files = set()
    for folder in folders:
        files.update(
            path
            for path in folder.rglob("*")
            if path.suffix in SOURCE_SUFFIXES and "__pycache__" not in path.parts
        )
    return sorted(files)


@functools.cache
def release() -> str:
    """Part of every key: a hash of the project's code and templates and of the installed
    packages' versions. Computed once per process (a deploy starts new processes)."""
    digest = hashlib.blake2b(digest_size=6)
    for path in _release_files():
        digest.update(str(path).encode())
        digest.update(path.read_bytes())
    # Installed packages by their metadata folders' names ("Django-5.2.19.dist-info"): reading
    # each package's metadata would take a tenth of a second.
    for name in sorted({path.name for entry in sys.path for path in Path(entry).glob("*-info")}):
        digest.update(name.encode())
    return digest.hexdigest()


# --- entries --------------------------------------------------------------------------------------


def key(parts: tuple, scopes: Iterable[str]) -> str:
    """An entry's key: what it is (`parts`, its name first), the generations it was built on and
    the release. Hashed, so any value with a stable repr may be a part."""
    scopes = tuple(scopes)
    return _key(parts, scopes, read(*scopes))


def _key(parts: tuple, scopes: tuple[str, ...], generations: tuple[str, ...]) -> str:
    digest = hashlib.blake2b(repr((parts, scopes, generations)).encode(), digest_size=16)
    return f"{parts[0]}:{release()}:{digest.hexdigest()}"


def cached(
    parts: tuple, scopes: Iterable[str], build: Callable[[], Any], timeout: int = TIMEOUT
) -> Any:
    """What `build()` returns, kept until one of `scopes` is retired (or the release changes).

    `parts` name the entry (its name first) and everything else it depends on.
    """
    entry_key = key(parts, scopes)  # before building: see "Races" above
    value = cache.get(entry_key)
    if value is None:
        value = build()
        if value is not None:
            cache.set(entry_key, value, timeout)
    return value


K = TypeVar("K", bound=Hashable)


def cached_each(
    parts: tuple,
    ids: Iterable[K],
    scopes: Callable[[K], Iterable[str]],
    build: Callable[[list[K]], dict[K, Any]],
    timeout: int = TIMEOUT,
) -> dict[K, Any]:
    """{id: entry} for `ids`, each kept until one of `scopes(id)` is retired; in one round trip
    for the generations and one for the entries.

    `build(missing)` makes the entries not found, and may leave an id out (it is then missing
    from the answer too, and built again next time).
    """
    ids = list(dict.fromkeys(ids))
    scopes_of = {pk: tuple(scopes(pk)) for pk in ids}
    every_scope = list(dict.fromkeys(scope for each in scopes_of.values() for scope in each))
    generation_of = dict(zip(every_scope, read(*every_scope), strict=True))
    keys = {
        pk: _key((*parts, pk), each, tuple(generation_of[scope] for scope in each))
        for pk, each in scopes_of.items()
    }
    found = cache.get_many(list(keys.values()))
    entries = {pk: found[entry_key] for pk, entry_key in keys.items() if entry_key in found}
    missing = [pk for pk in ids if pk not in entries]
    if missing:
        built = {pk: value for pk, value in build(missing).items() if value is not None}
        entries.update(built)
        if built:
            cache.set_many({keys[pk]: value for pk, value in built.items()}, timeout)
    return entries


# --- fragments of templates -----------------------------------------------------------------------

register = template.Library()


def _fragment_parts(name: str, parts: list) -> tuple:
    # Dates in markup follow the active language and time zone.
    locale = (translation.get_language(), timezone.get_current_timezone_name())
    return ("fragment", name, locale, *parts)


def _scopes(values: list) -> tuple[str, ...]:
    scopes: list[str] = []
    for value in values:
        scopes.extend([value] if isinstance(value, str) else value)
    if not scopes or not all(isinstance(scope, str) and scope for scope in scopes):
        # A missing context variable would key the fragment on a scope nobody ever retires.
        raise template.TemplateSyntaxError(f"A fragment needs named scopes, got {values!r}.")
    return tuple(scopes)


def _is_preview(context) -> bool:
    # A preview renders a draft: never cached, so members never see it and editors never see
    # the live page instead.
    return bool(getattr(context.get("request"), "is_preview", False))


class FragmentNode(template.Node):
    def __init__(self, nodelist, name, parts, scopes, target):
        self.nodelist, self.name, self.parts, self.scopes = nodelist, name, parts, scopes
        self.target = target

    def render(self, context) -> str:
        html = self._html(context)
        if self.target is None:
            return html
        context[self.target] = html
        return ""

    def _html(self, context) -> SafeString:
        if _is_preview(context):
            return self.nodelist.render(context)
        parts = _fragment_parts(
            self.name.resolve(context), [part.resolve(context) for part in self.parts]
        )
        scopes = _scopes([scope.resolve(context) for scope in self.scopes])
        html = cached(parts, scopes, lambda: str(self.nodelist.render(context)))
        return mark_safe(html)  # noqa: S308 - our own template's output, kept as a plain str


class FragmentEachNode(template.Node):
    def __init__(self, nodelist, name, variable, items, parts, scopes, target):
        self.nodelist, self.name, self.variable, self.items = nodelist, name, variable, items
        self.parts, self.scopes, self.target = parts, scopes, target

    def _render_one(self, context, item) -> str:
        with context.push({self.variable: item}):
            return str(self.nodelist.render(context))

    def render(self, context) -> str:
        items = list(self.items.resolve(context) or [])
        if _is_preview(context):
            context[self.target] = [
                (item, mark_safe(self._render_one(context, item)))  # noqa: S308 - as above
                for item in items
            ]
            return ""
        keyed = []
        for item in items:
            with context.push({self.variable: item}):
                keyed.append((tuple(part.resolve(context) for part in self.parts), item))
        by_parts = dict(keyed)
        scopes = _scopes([scope.resolve(context) for scope in self.scopes])

        def render_missing(missing: list[tuple]) -> dict[tuple, str]:
            return {parts: self._render_one(context, by_parts[parts]) for parts in missing}

        name = _fragment_parts(self.name.resolve(context), [])
        html = cached_each(name, by_parts, lambda _: scopes, render_missing)
        context[self.target] = [
            (item, mark_safe(html[parts]))  # noqa: S308 - as above
            for parts, item in keyed
        ]
        return ""


def _split_on(parser, bits: list[str], tag: str) -> tuple[list, list]:
    if "on" not in bits:
        raise template.TemplateSyntaxError(f"{tag} names its scopes after 'on'.")
    at = bits.index("on")
    return (
        [parser.compile_filter(bit) for bit in bits[:at]],
        [parser.compile_filter(bit) for bit in bits[at + 1 :]],
    )


@register.tag
def fragment(parser, token):
    """Markup kept until one of its scopes is retired:

        {% fragment "library-body" page.pk on library_scope %}...{% endfragment %}

    The name, then what else the markup depends on, then after `on` the scopes (strings or lists
    of strings). The active language and time zone are part of the key; a preview is rendered
    afresh and not kept. Ending with `as name` puts the markup in `name` instead of the page
    (markup repeated in a loop, read once).
    """
    bits = token.split_contents()[1:]
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    if not bits:
        raise template.TemplateSyntaxError("fragment needs a name.")
    target = None
    if len(bits) > 2 and bits[-2] == "as":
        bits, target = bits[:-2], bits[-1]
    parts, scopes = _split_on(parser, bits[1:], "fragment")
    return FragmentNode(nodelist, parser.compile_filter(bits[0]), parts, scopes, target)


@register.tag
def fragment_each(parser, token):
    """The markup of each item of a list, kept per item, read in one round trip:

        {% fragment_each "forum-post" post in posts key post.pk on scopes as shared %}
          ...what every reader sees of `post`...
        {% endfragment_each %}
        {% for post, html in shared %}...{{ html }} and this reader's part...{% endfor %}

    Renders nothing itself: `as` names a list of (item, markup) pairs, in the items' order. The
    key parts (after `key`) are worked out for each item and must tell the items apart.
    """
    bits = token.split_contents()[1:]
    nodelist = parser.parse(("endfragment_each",))
    parser.delete_first_token()
    if len(bits) < 9 or bits[2] != "in" or bits[4] != "key" or bits[-2] != "as":
        raise template.TemplateSyntaxError(
            "Use {% fragment_each NAME item in items key PARTS on SCOPES as pairs %}."
        )
    parts, scopes = _split_on(parser, bits[5:-2], "fragment_each")
    return FragmentEachNode(
        nodelist,
        parser.compile_filter(bits[0]),
        bits[1],
        parser.compile_filter(bits[3]),
        parts,
        scopes,
        bits[-1],
    )


# --- a cache that never fails a request -----------------------------------------------------------

# How long a cache that failed is left alone before it is asked again.
RETRY_AFTER = 5.0


class _Health:
    """Whether a cache failed lately; shared by every thread (each has its own backend object)."""

    def __init__(self):
        self.retry_at = 0.0
        self.warned = False


_health: dict[str, _Health] = {}


class FailSafeCache(BaseCache):
    """The default cache: the backend named in WRAPPED, except that when it raises (the server
    cannot be reached, a timeout, a full disk) a read is a miss and a write does nothing, one
    warning is logged per outage, and the backend is left alone for RETRY_AFTER seconds.

    Every caller of the default cache goes through it (Wagtail's site paths and renditions,
    allauth's rate limits, generations), so an outage slows pages down and never fails them.
    The log names the kind of error only: keys hold ids of people.
    """

    def __init__(self, location: str, params: dict):
        super().__init__(params)
        wrapped = dict(params["WRAPPED"])
        backend = wrapped.pop("BACKEND")
        where = wrapped.pop("LOCATION", "")
        self._backend = import_string(backend)(where, wrapped)
        self._health = _health.setdefault(f"{backend}:{where}", _Health())

    def _call(self, fallback, method: str, *args, **kwargs):
        health = self._health
        if health.retry_at > time.monotonic():
            return fallback
        try:
            result = getattr(self._backend, method)(*args, **kwargs)
        except ValueError:
            if method in {"incr", "decr"}:  # a missing key: the API's answer, not a failure
                raise
            result = self._failed(fallback, ValueError)
        except Exception as error:  # any failure of the backend: build without the cache
            result = self._failed(fallback, type(error))
        else:
            if health.warned:
                health.warned = False
                logger.warning("The cache answers again.")
        return result

    def _failed(self, fallback, error: type[Exception]):
        health = self._health
        health.retry_at = time.monotonic() + RETRY_AFTER
        if not health.warned:
            health.warned = True
            logger.warning(
                "The cache cannot be reached (%s): pages are built without it until it answers.",
                error.__name__,
            )
        return fallback

    def get(self, key, default=None, version=None):
        return self._call(default, "get", key, default, version=version)

    def get_many(self, keys, version=None):
        return self._call({}, "get_many", keys, version=version)

    def has_key(self, key, version=None):
        return self._call(False, "has_key", key, version=version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(False, "add", key, value, timeout, version=version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._call(None, "set", key, value, timeout, version=version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        # What could not be written, as the API says of failed keys.
        return self._call(list(data), "set_many", data, timeout, version=version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(False, "touch", key, timeout, version=version)

    def delete(self, key, version=None):
        return self._call(False, "delete", key, version=version)

    def delete_many(self, keys, version=None):
        self._call(None, "delete_many", keys, version=version)

    def incr(self, key, delta=1, version=None):
        return self._counted(self._call(None, "incr", key, delta, version=version))

    def decr(self, key, delta=1, version=None):
        return self._counted(self._call(None, "decr", key, delta, version=version))

    @staticmethod
    def _counted(value):
        # A counter the cache could not reach is treated as missing, as callers of incr expect.
        if value is None:
            raise ValueError("The cache could not be reached.")
        return value

    def clear(self):
        self._call(None, "clear")

    def close(self, **kwargs):
        self._call(None, "close", **kwargs)
