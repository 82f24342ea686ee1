"""Library cards, rendered once per library version and shared by every reader who sees them.

A card shows nothing about its reader, so one rendering serves everyone; which cards a reader
gets is decided by the visibility rule before these functions are called.
"""

from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from content import versions
from content.models import LibraryPage
from content.queries import for_cards


def _key(version: int, pk: int) -> str:
    return f"content:card:{version}:{pk}"


def _render(page: LibraryPage) -> SafeString:
    return render_to_string("content/includes/card.html", {"item": page})


def render_cards(pages: list[LibraryPage]) -> list[SafeString]:
    """The cards of `pages` (prepared with queries.for_cards), rendering only the uncached."""
    version = versions.library()
    keys = [_key(version, page.pk) for page in pages]
    found = cache.get_many(keys)
    missing = {
        key: _render(page) for key, page in zip(keys, pages, strict=True) if key not in found
    }
    if missing:
        cache.set_many(missing, versions.TIMEOUT)
    return [mark_safe(found.get(key) or missing[key]) for key in keys]  # noqa: S308 - our template


def cards_for_ids(ids: list[int]) -> list[SafeString]:
    """The cards of the items `ids`, in that order, loading only the items not yet rendered.

    `ids` must come from the visibility rule (queries.visible_pages_for and what derives from it).
    """
    version = versions.library()
    keys = {pk: _key(version, pk) for pk in ids}
    found = cache.get_many(list(keys.values()))
    missing = [pk for pk in ids if keys[pk] not in found]
    if missing:
        pages = for_cards(LibraryPage.objects.filter(pk__in=missing)).in_bulk()
        rendered = {keys[pk]: _render(page) for pk, page in pages.items()}
        cache.set_many(rendered, versions.TIMEOUT)
        found.update(rendered)
    return [mark_safe(found[keys[pk]]) for pk in ids if keys[pk] in found]  # noqa: S308
