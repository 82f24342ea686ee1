"""Wagtail wiring: who may open library pages, and the editors' snippets."""

from django.contrib.auth.views import redirect_to_login
from django.http import Http404

from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from content.models import (
    ConsentRecord,
    CuratedCollection,
    LibraryIndexPage,
    LibraryPage,
    LibrarySectionPage,
)
from content.queries import can_view

LIBRARY_PAGE_TYPES = (LibraryPage, LibraryIndexPage, LibrarySectionPage)


@hooks.register("before_serve_page")
def restrict_library_pages(page, request, serve_args, serve_kwargs):
    """Library pages are for signed-in members, and items for their audience only.

    A hook rather than an override of serve(): RoutablePageMixin.serve dispatches the extra routes
    (play, debrief, reflect, feeds) without calling the page's own serve, and this runs before
    them all. Someone outside the audience gets a 404, so restricted titles do not leak.
    """
    if not isinstance(page, LIBRARY_PAGE_TYPES):
        return None
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not can_view(request.user, page):
        raise Http404("No such library item.")
    return None


class ConsentRecordViewSet(SnippetViewSet):
    model = ConsentRecord
    icon = "user"
    menu_label = "Consents to be named"
    menu_order = 310
    add_to_admin_menu = True
    list_display = [
        "__str__",
        "evidence",
        "given_on",
        Column(
            "withdrawn_at",
            label="Consent",
            accessor=lambda record: (
                f"Withdrawn on {record.withdrawn_at:%-d %B %Y}" if record.withdrawn_at else "Given"
            ),
            sort_key="withdrawn_at",
        ),
    ]
    list_filter = {"withdrawn_at": ["isnull"]}
    # Searched in the database (Wagtail's index cannot follow `person__`): every search of the
    # list and its chooser was a SearchFieldError (500) while the index backend was used.
    search_fields = ["person__first_name", "person__last_name", "person__email", "evidence"]
    search_backend_name = None


class CuratedCollectionViewSet(SnippetViewSet):
    model = CuratedCollection
    icon = "list-ul"
    menu_label = "Curated collections"
    menu_order = 300
    add_to_admin_menu = True
    list_display = [
        "title",
        "cluster",
        Column(
            "is_featured",
            label="On the library's front page",
            accessor=lambda collection: "Featured" if collection.is_featured else "Not featured",
            sort_key="is_featured",
        ),
    ]


register_snippet(ConsentRecordViewSet)
register_snippet(CuratedCollectionViewSet)
