"""Who may see which search result: the one answer, built from the rules the pages themselves use.

A library item is visible when `content.queries.visible_pages_for` lists it (through its cached
`visible_ids`) (the rule behind the
library's listings, feeds and direct URLs), a forum post when `forums.permissions` lets the
reader read its forum (the rule machina's views ask), a mentor when the catalog lists them
(`MentorProfile.objects.listed()`, the rule behind the catalog and a mentor's page). Unapproved
posts and draft pages are never indexed. Engines filter on these tokens inside the index, so a
result the reader may not open is never in the hits, the count or a facet.
"""

from content.queries import visible_ids
from forums.permissions import readable_forum_ids
from portal.people.models import MentorProfile
from search.documents import MENTOR, PAGE, key


def reader_scope(user) -> frozenset[str]:
    """The access tokens `user` holds. Anonymous visitors hold none.

    Library items: `visible_ids`, the ids of `visible_pages_for(user)` cached per audience and
    library's generation (content/cache.py); forums and mentors: a few small queries."""
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    pages = visible_ids(user)
    mentors = MentorProfile.objects.listed().values_list("pk", flat=True)
    return frozenset(
        [key(PAGE, pk) for pk in pages]
        + [f"forum:{pk}" for pk in readable_forum_ids(user)]
        + [key(MENTOR, pk) for pk in mentors]
    )
