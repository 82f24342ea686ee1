"""The "Communities" screen in the Wagtail admin: who moderates each community.

Superusers, programme managers (the cohort forums of their programmes) and moderators (the
communities they moderate) open it (queries.may_assign_moderators: a plain 403 for anyone
else); each sees and changes only the communities queries.communities_assignable_by gives them,
and another community's id answers 404.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.views.defaults import permission_denied
from django.views.generic import TemplateView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from forums import queries, services
from forums.models import Community


class ModeratorsForm(forms.Form):
    community = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    moderators = forms.MultipleChoiceField(
        label="Moderators", widget=forms.CheckboxSelectMultiple, required=False
    )

    def __init__(self, *args, candidates, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["moderators"].choices = [(str(user.pk), str(user)) for user in candidates]


class CommunitiesView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "forums/admin/communities.html"
    page_title = "Communities"
    header_icon = "group"

    def dispatch(self, request, *args, **kwargs):
        if not queries.may_assign_moderators(request.user):
            return permission_denied(request, PermissionDenied())
        self.candidates = list(queries.moderator_candidates())
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def post(self, request, *args, **kwargs):
        form = ModeratorsForm(request.POST, candidates=self.candidates)
        if not form.is_valid():
            messages.error(request, "Choose moderators from the list.")
            return redirect("forums_communities")
        try:
            community = services.set_moderators(
                form.cleaned_data["community"],
                request.user,
                [int(pk) for pk in form.cleaned_data["moderators"]],
            )
        except Community.DoesNotExist:
            raise Http404("No such community.") from None
        except services.ModeratorsRefused as error:
            messages.error(request, str(error))
            return redirect("forums_communities")
        messages.success(request, f"The moderators of “{community.forum.name}” are saved.")
        return redirect("forums_communities")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        communities = (
            queries.communities_assignable_by(self.request.user)
            .prefetch_related("moderators")
            .order_by("kind", "forum__name")
        )
        context["rows"] = [
            (
                community,
                ModeratorsForm(
                    initial={
                        "community": community.pk,
                        "moderators": [str(user.pk) for user in community.moderators.all()],
                    },
                    candidates=self.candidates,
                    auto_id=f"community-{community.pk}-%s",
                ),
            )
            for community in communities
        ]
        context["has_candidates"] = bool(self.candidates)
        return context
