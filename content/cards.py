"""Library cards, rendered once per generation of the library and shared by every reader who sees
them.

A card shows nothing about its reader, so one rendering serves everyone; which cards a reader
gets is decided by the visibility rule before these functions are called.
"""

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from content.cache import LIBRARY
from content.models import LibraryPage
from content.queries import for_cards
from portal import generations


def _cards(ids, load) -> list[SafeString]:
    """The cards of `ids` in that order, rendering those not kept from the pages `load(missing)`
    returns ({id: page})."""

    def render(missing: list[int]) -> dict[int, str]:
        pages = load(missing)
        return {
            pk: str(render_to_string("content/includes/card.html", {"item": page}))
            for pk, page in pages.items()
        }

    found = generations.cached_each(("content-card",), ids, lambda _: (LIBRARY,), render)
    return [mark_safe(found[pk]) for pk in ids if pk in found]  # noqa: S308 - our template


def render_cards(pages: list[LibraryPage]) -> list[SafeString]:
    """The cards of `pages` (prepared with queries.for_cards), rendering only the uncached."""
    by_id = {page.pk: page for page in pages}
    return _cards(list(by_id), lambda missing: {pk: by_id[pk] for pk in missing})


def cards_for_ids(ids: list[int]) -> list[SafeString]:
    """The cards of the items `ids`, in that order, loading only the items not yet rendered.

    `ids` must come from the visibility rule (queries.visible_pages_for and what derives from it).
    """
    return _cards(
        ids, lambda missing: for_cards(LibraryPage.objects.filter(pk__in=missing)).in_bulk()
    )
