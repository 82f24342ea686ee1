"""django-admin for machina's forums: a forum is never made there.

A forum without a community (its audience) would be closed to everyone but superusers, without
a word (forums.policy.permissions). Forums are made by Lodestar with their community: a cohort
forum when a cohort is added, the Q&A, mentor and alumni communities on install. So the add
form is refused with that explanation; editing a forum's name, description and order stays.
"""

from django.contrib import admin, messages
from django.shortcuts import redirect

# machina registers its ForumAdmin when this module is imported; ours replaces it.
from machina.apps.forum.admin import ForumAdmin as MachinaForumAdmin
from machina.core.db.models import get_model

Forum = get_model("forum", "Forum")

NO_FORUM_WITHOUT_COMMUNITY = (
    "Forums are not made here: a forum needs a community, or nobody could open it. A cohort "
    "forum is made with its cohort (Wagtail admin › Programmes › Cohorts); the Q&A, mentor "
    "and alumni communities exist already. Moderators are assigned in Wagtail admin › "
    "Communities."
)


class ForumAdmin(MachinaForumAdmin):
    def add_view(self, request, form_url="", extra_context=None):
        messages.error(request, NO_FORUM_WITHOUT_COMMUNITY)
        return redirect("admin:forum_forum_changelist")


admin.site.unregister(Forum)
admin.site.register(Forum, ForumAdmin)
