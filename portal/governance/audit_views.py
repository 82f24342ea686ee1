"""The audit trail screen in the admin: Wagtail's site history report, made the portal's one
trail (docs/decisions/0018-audit-trail.md).

The same union over every registered log model as Wagtail's report, read through
`audit.entries_for` (auditors and superusers read everything, everyone else what each log's own
rule allows), with each entry's reason and details in words, a search over them, and filters by
action, person, date range and kind of object. Its CSV and XLSX exports are logged like every
admin export (portal.exports). Nothing here changes an entry: there is no edit or delete.
"""

import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import IntegerField, Value

from wagtail.admin.filters import ContentTypeFilter
from wagtail.admin.paginator import WagtailPaginator
from wagtail.admin.views.reports.audit_logging import LogEntriesView, SiteHistoryReportFilterSet

from portal.governance import audit
from portal.people.roles import may_open_audit_trail


class AuditTrailFilterSet(SiteHistoryReportFilterSet):
    """Wagtail's site history filters (action, person, date range, kind of object, name), with
    choices from the entries the viewer may read."""

    object_type = ContentTypeFilter(
        label="Type",
        method="filter_object_type",
        queryset=lambda request: audit.object_types_for(request.user),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Page comments are Wagtail's editing chatter, not a decision of the portal's.
        self.filters.pop("is_commenting_action", None)
        if "user" in self.filters:
            self.filters["user"].label = "Person who acted"

    def get_action_choices(self):
        return audit.actions_for(self.request.user)

    def get_users_queryset(self):
        return audit.actors_for(self.request.user)


class AuditTrailPaginator(WagtailPaginator):
    """Counts entries, whichever log model the union's first query reads."""

    verbose_name = "entry"
    verbose_name_plural = "entries"


class AuditTrailView(LogEntriesView):
    page_title = "Audit trail"
    header_icon = "history"
    results_template_name = "governance/audit/results.html"
    filterset_class = AuditTrailFilterSet
    index_url_name = "governance_audit_trail"
    index_results_url_name = "governance_audit_trail_results"
    is_searchable = True
    paginator_class = AuditTrailPaginator
    export_headings = {
        **LogEntriesView.export_headings,
        "reason": "Reason",
        "details": "Details",
        "data_json": "Data",
    }
    list_export = [*LogEntriesView.list_export, "reason", "details", "data_json"]
    # The download links sit above the results, so they follow the filters as they change.
    show_export_buttons = False

    def dispatch(self, request, *args, **kwargs):
        if not may_open_audit_trail(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_export_url(self, format):
        """The trail's own address with the current filters, also from the results that the
        filters reload (the links under them follow every change)."""
        params = self.request.GET.copy()
        params.pop(self.page_kwarg, None)
        params.pop("_w_filter_fragment", None)
        params["export"] = format
        return f"{self.index_url}?{params.urlencode()}"

    def get_filename(self):
        return f"audit-trail-{datetime.date.today():%Y-%m-%d}"

    def get_filtered_queryset(self):
        """Wagtail's union of one values() query per log model (see LogEntriesView), each read
        through audit.entries_for and searched before the union."""
        self.log_models = audit.log_models()
        queryset = None
        for index, log_model in enumerate(self.log_models):
            entries = (
                audit.entries_for(log_model, self.request.user)
                .values("pk", "timestamp")
                .annotate(log_model_index=Value(index, output_field=IntegerField()))
            )
            entries = audit.search(self.filter_queryset(entries), self.search_query).order_by()
            queryset = entries if queryset is None else queryset.union(entries, all=True)
        return queryset.order_by("-timestamp", "-log_model_index", "-pk")

    def decorate_paginated_queryset(self, queryset):
        entries = super().decorate_paginated_queryset(queryset)
        for entry in entries:
            entry.reason = audit.reason_of(entry)
            entry.details_list = audit.details_of(entry)
            entry.details = audit.details_text(entry)
            entry.data_json = audit.data_json(entry)
        return entries
