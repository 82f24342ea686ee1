"""The communities' staff screen in the Wagtail admin: who moderates each community."""

from django.urls import path, reverse

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.models import ModelLogEntry

from forums import admin_views, queries, services
from forums.models import Community


@hooks.register("register_admin_urls")
def register_communities_urls():
    return [path("communities/", admin_views.CommunitiesView.as_view(), name="forums_communities")]


class CommunitiesMenuItem(MenuItem):
    def is_shown(self, request):
        return queries.may_assign_moderators(request.user)


@hooks.register("register_admin_menu_item")
def register_communities_menu_item():
    return CommunitiesMenuItem(
        "Communities", reverse("forums_communities"), icon_name="group", order=230
    )


@hooks.register("register_log_actions")
def register_community_log(actions):
    """Changes of moderators are logged on the community, with who changed whom."""
    actions.register_model(Community, ModelLogEntry)
    actions.register_action(services.MODERATORS_CHANGED, "Change moderators", "Moderators changed")
