"""Managers' acknowledgement screens in the Wagtail admin: each current policy version with
its acknowledgement rate among the people it applies to, and one version's outstanding people
(paginated) with one button that reminds them.

Programme managers and superusers only (ProgrammeManagerOnly: a plain 403 for anyone else);
a manager sees the organisation's policies and their own programmes' (queries.versions_overseen),
and another programme's version is a 404.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import TemplateView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from portal.governance import queries, services
from portal.programmes.admin_views import ProgrammeManagerOnly

OUTSTANDING_PER_PAGE = 50


def _rate(done: int, total: int) -> int | None:
    return round(100 * done / total) if total else None


class AcknowledgementsScreen(ProgrammeManagerOnly, WagtailAdminTemplateMixin, TemplateView):
    header_icon = "doc-full"

    def get_breadcrumbs_items(self):
        items = [
            *self.breadcrumbs_items,
            {"url": reverse("governance_acknowledgements"), "label": "Acknowledgements"},
        ]
        if self.get_page_title() != "Acknowledgements":
            items.append({"url": "", "label": self.get_page_title()})
        return items


class AcknowledgementsView(AcknowledgementsScreen):
    """Every current policy version the manager oversees, with its acknowledgement rate."""

    template_name = "governance/admin/acknowledgements.html"
    page_title = "Acknowledgements"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        rows = []
        for version in queries.versions_overseen(self.request.user):
            done, total = queries.acknowledgement_counts(version)
            rows.append((version, done, total, _rate(done, total), total - done))
        context["rows"] = rows
        return context


class OutstandingView(AcknowledgementsScreen):
    """Who has still to acknowledge one version, by name, 50 a page; POST reminds them all."""

    template_name = "governance/admin/outstanding.html"

    def load_objects(self, request, *args, **kwargs) -> None:
        self.version = get_object_or_404(queries.versions_overseen(request.user), pk=kwargs["pk"])

    def get_page_title(self):
        return f"{self.version.policy.title}, version {self.version.number}"

    def post(self, request, *args, **kwargs):
        told = services.remind_outstanding(self.version, request.user)
        if told:
            messages.success(request, f"Reminded {told} {'person' if told == 1 else 'people'}.")
        else:
            messages.info(request, "Nobody is outstanding: nobody was reminded.")
        return redirect("governance_outstanding", pk=self.version.pk)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        done, total = queries.acknowledgement_counts(self.version)
        paginator = Paginator(queries.outstanding_people(self.version), OUTSTANDING_PER_PAGE)
        page = paginator.get_page(self.request.GET.get("p"))
        context.update(
            version=self.version,
            done=done,
            total=total,
            rate=_rate(done, total),
            page=page,
            outstanding=total - done,
        )
        return context
