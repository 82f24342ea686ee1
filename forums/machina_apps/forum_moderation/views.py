"""One review queue: posts awaiting approval and reported posts, in the moderator's forums only."""

from machina.apps.forum_moderation.views import (
    ModerationQueueListView as MachinaModerationQueueListView,
)

from forums import queries
from forums.forms import ResolveReportForm


class ModerationQueueListView(MachinaModerationQueueListView):
    def get_queryset(self):
        return super().get_queryset().select_related("topic__forum", "poster")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["reports"] = list(queries.open_reports_for(self.request.user)[:100])
        context["resolve_form"] = ResolveReportForm()
        return context
