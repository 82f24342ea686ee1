"""Wagtail wiring: who may open library pages, and the editors' snippets."""

from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.urls import path, reverse

from wagtail import hooks
from wagtail.admin.ui.tables import Column
from wagtail.admin.widgets import Button
from wagtail.log_actions import LogFormatter
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from content import admin_views, services
from content.models import (
    ArticlePage,
    ConsentRecord,
    CuratedCollection,
    LibraryIndexPage,
    LibraryPage,
    LibrarySectionPage,
)
from content.queries import can_view
from portal.people.roles import may_send_newsletters

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


# --- newsletters ----------------------------------------------------------------------------------


@hooks.register("register_admin_urls")
def register_newsletter_urls():
    return [
        path(
            "newsletters/<id:pk>/",
            admin_views.SendNewsletterView.as_view(),
            name="content_send_newsletter",
        ),
        path(
            "newsletters/<id:pk>/email/",
            admin_views.NewsletterEmailView.as_view(),
            name="content_newsletter_email",
        ),
    ]


@hooks.register("register_page_header_buttons")
def newsletter_header_button(page, user, view_name, next_url=None):
    """ "Send as newsletter" in a newsletter's header menu (its edit view and its listing). Not
    on every row of a listing: telling a newsletter from a blog post there costs a query per
    row; the button on the page itself is one click away."""
    specific = page.specific_deferred
    if (
        isinstance(specific, ArticlePage)
        and specific.kind == ArticlePage.Kind.NEWSLETTER
        and may_send_newsletters(user)
    ):
        yield Button(
            "Send as newsletter",
            reverse("content_send_newsletter", args=[page.pk]),
            icon_name="mail",
            priority=40,
        )


@hooks.register("register_log_actions")
def newsletter_log_actions(actions):
    @actions.register_action(services.NEWSLETTER_SENT)
    class NewsletterSent(LogFormatter):
        label = "Send as newsletter"

        def format_message(self, log_entry):
            data = log_entry.data or {}
            count = data.get("recipients", 0)
            again = " again" if data.get("again") else ""
            return (
                f"Sent{again} as a newsletter to {data.get('audience', 'an audience')}: "
                f"{count} {'person' if count == 1 else 'people'}"
            )
