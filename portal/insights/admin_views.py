"""The HR import screens in the Wagtail admin: upload a file, watch it being checked, read the
dry run (new, changed, unchanged, leavers, every error with its line), then commit or discard.

Programme managers and superusers only (roles.may_manage_people, through ProgrammeManagerOnly:
a plain 403 for anyone else); imports are read through HRImport.objects.visible_to.
"""

import csv

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import TemplateView, View

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from portal.insights import hr_file, hr_import, queries, tasks
from portal.insights.forms import HRUploadForm
from portal.insights.models import HRImport, Readiness
from portal.people.models import Profile
from portal.programmes.admin_views import ProgrammeManagerOnly
from portal.tasks import enqueue_after_commit

RECENT_IMPORTS = 20
# What each column holds, for the upload screen and the template file.
COLUMN_HELP = [
    ("employee_id", "The HR system's id; unique in the file.", "E10001"),
    ("email", "Work email: links the row to the person's portal account.", "ana.silva@example.com"),
    ("name", "Full name.", "Ana Silva"),
    ("title", "Job title.", "Director, Supply Chain"),
    (
        "business_unit",
        "A business unit's name or code (Organisation › Business units).",
        "industrial",
    ),
    ("level", "1–5 or " + ", ".join(label for _, label in Profile.Level.choices) + ".", "2"),
    (
        "manager_employee_id",
        "The line manager's employee id (in this file or imported before).",
        "",
    ),
    ("location", "Office or city.", "Lisbon"),
    ("hire_date", "2026-02-28 or 28/02/2026.", "2019-04-01"),
    (
        "succession_readiness",
        ", ".join(value for value, _ in Readiness.choices) + " (or blank).",
        "ready_1_2_years",
    ),
    ("leaver_date", "Blank, or the last day: on or before today the person loses access.", ""),
    ("performance_rating", "Optional column: 1–5. Never shown to sponsors or in the catalog.", "4"),
]


class HRImportScreen(ProgrammeManagerOnly, WagtailAdminTemplateMixin, TemplateView):
    header_icon = "upload"

    def get_breadcrumbs_items(self):
        items = [*self.breadcrumbs_items, {"url": reverse("hr_import_index"), "label": "HR import"}]
        title = self.get_page_title()
        if title != "HR import":
            items.append({"url": "", "label": title})
        return items


class HRImportIndexView(HRImportScreen):
    """Upload a file; the recent imports below."""

    template_name = "insights/admin/hr_import_index.html"
    page_title = "HR import"

    def post(self, request, *args, **kwargs):
        form = HRUploadForm(request.POST, request.FILES)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        run = hr_import.create_import(
            form.cleaned_data["file"].read(), form.file_format, request.user
        )
        enqueue_after_commit(tasks.check_hr_import, run.pk)
        return redirect("hr_import_detail", pk=run.pk)

    def get_context_data(self, form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            form=form or HRUploadForm(),
            columns=COLUMN_HELP,
            mandatory=hr_file.MANDATORY,
            imports=HRImport.objects.visible_to(self.request.user).select_related("uploaded_by")[
                :RECENT_IMPORTS
            ],
        )
        return context


class HRImportDetailView(HRImportScreen):
    """One import: its progress while checked or saved, then its report and what can be done."""

    template_name = "insights/admin/hr_import_detail.html"

    def load_objects(self, request, *args, **kwargs):
        self.run = get_object_or_404(
            HRImport.objects.visible_to(request.user).select_related("uploaded_by"), pk=kwargs["pk"]
        )

    def get_page_title(self):
        return f"Import #{self.run.pk}"

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action")
        try:
            if action == "commit":
                hr_import.claim_commit(self.run)
                enqueue_after_commit(tasks.commit_hr_import, self.run.pk, request.user.pk)
            elif action == "discard":
                hr_import.discard(self.run)
                messages.success(request, "The import is discarded and its file deleted.")
                return redirect("hr_import_index")
            else:
                messages.error(request, "Choose Commit or Discard.")
        except hr_import.ImportRefused as error:
            messages.error(request, str(error))
        return redirect("hr_import_detail", pk=self.run.pk)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        report = self.run.report or {}
        context.update(
            run=self.run,
            report=report,
            counts=report.get("counts", {}),
            form=HRUploadForm() if self.run.status == HRImport.Status.FAILED else None,
        )
        return context


class HRTemplateView(ProgrammeManagerOnly, View):
    """A CSV with the columns and one example row, to start a file from."""

    def get(self, request, *args, **kwargs):
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="hr-import-template.csv"'
        writer = csv.writer(response)
        writer.writerow([name for name, _, _ in COLUMN_HELP])
        writer.writerow([example for _, _, example in COLUMN_HELP])
        return response


RECORDS_PER_PAGE = 50


class HRRecordsView(HRImportScreen):
    """The HR records as last imported: find an employee by id, name or email; leavers apart.
    Ratings are not listed (they stay in the record, for the insights' aggregates)."""

    template_name = "insights/admin/hr_records.html"
    page_title = "HR records"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        search = self.request.GET.get("q", "").replace("\x00", "").strip()[:100]
        leavers = self.request.GET.get("leavers") == "1"
        records = queries.records_for_staff(self.request.user, search, leavers)
        page = Paginator(records, RECORDS_PER_PAGE).get_page(self.request.GET.get("p"))
        context.update(page=page, search=search, leavers=leavers)
        return context
