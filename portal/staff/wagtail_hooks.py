"""The Wagtail admin as Lodestar's staff side: the portal's colours, a way back to the portal,
"Publishing" opening the library, and each staff role's dashboard instead of Wagtail's counts."""

from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import path, reverse
from django.utils.html import format_html

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.home import UserObjectsInWorkflowModerationPanel

from content.models import LibraryIndexPage
from portal.people.roles import Role
from portal.staff.panels import panels_for, summary_items_for


@hooks.register("insert_global_admin_css")
def brand_css():
    return format_html('<link rel="stylesheet" href="{}">', static("portal/css/admin.css"))


@hooks.register("register_admin_menu_item")
def back_to_the_portal():
    return MenuItem("Back to the portal", reverse("home"), icon_name="arrow-left", order=1)


def publishing(request):
    """ "Publishing" opens the library's pages (Wagtail's root is only the tree's container)."""
    library = LibraryIndexPage.objects.only("pk").first()
    if library is None:
        return redirect("wagtailadmin_explore_root")
    return redirect("wagtailadmin_explore", library.pk)


@hooks.register("register_admin_urls")
def register_publishing_url():
    return [path("publishing/", publishing, name="staff_publishing")]


@hooks.register("construct_main_menu")
def name_the_explorer_publishing(request, menu_items):
    for item in menu_items:
        if item.name == "explorer":
            item.label = "Publishing"


# After Wagtail's own items are added (their hooks are registered with order 0).
@hooks.register("construct_homepage_summary_items", order=100)
def summary_per_role(request, summary_items):
    """Staff see what waits on them; Wagtail's page, image and document totals stay for
    superusers, who look after the whole site."""
    if not request.user.is_superuser:
        summary_items.clear()
    summary_items.extend(summary_items_for(request))


@hooks.register("construct_homepage_panels")
def panels_per_role(request, panels):
    # The drafts panel shows each draft's review state, so Wagtail's "your pages in
    # moderation" would repeat it.
    if request.user.has_role(Role.COMMUNICATIONS):
        panels[:] = [p for p in panels if not isinstance(p, UserObjectsInWorkflowModerationPanel)]
    panels.extend(panels_for(request))
