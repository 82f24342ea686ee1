"""Staff screens for external experts' due diligence (Wagtail admin): the list of experts by
stage, and one expert's checklist where a programme manager checks items (with evidence),
approves with an expiry date, rejects or reopens.

Programme managers and superusers only (a plain 403 for anyone else, as the People screens);
people are one pool, so every expert's due diligence is theirs to work on. Every object is read
through governance.queries; every change goes through governance.services.
"""

from django.contrib import messages
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import TemplateView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from portal.governance import queries, services
from portal.governance.forms import (
    DecisionForm,
    EvidenceForm,
    ItemCheckForm,
    ManagerApprovalForm,
)
from portal.governance.models import ExpertVetting
from portal.governance.views import rows
from portal.ids import parse_id
from portal.programmes.admin_views import ProgrammeManagerOnly


class ExpertsScreen(ProgrammeManagerOnly, WagtailAdminTemplateMixin, TemplateView):
    header_icon = "doc-full"

    def get_breadcrumbs_items(self):
        items = [
            *self.breadcrumbs_items,
            {"url": reverse("governance_experts"), "label": "External experts"},
        ]
        title = self.get_page_title()
        if title != "External experts":
            items.append({"url": "", "label": title})
        return items


class ExpertsIndexView(ExpertsScreen):
    """Every external expert's due diligence, those needing the manager first."""

    template_name = "governance/admin/experts.html"
    page_title = "External experts"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        vettings = queries.with_progress(queries.vettings_visible_to(self.request.user))
        context["groups"] = [
            (label, [v for v in vettings if v.stage == value])
            for value, label in ExpertVetting.Stage.choices
        ]
        return context


class ExpertView(ExpertsScreen):
    """One expert's due diligence. POST `action`: check (an item, optionally with a file),
    approve (with the expiry date), reject, reopen."""

    template_name = "governance/admin/expert.html"

    def load_objects(self, request, *args, **kwargs):
        self.vetting = get_object_or_404(
            queries.with_progress(queries.vettings_visible_to(request.user)), pk=kwargs["pk"]
        )

    def get_page_title(self):
        return str(self.vetting.mentor.user)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        vetting = self.vetting
        errors = kwargs.get("item_errors", {})
        context.update(
            vetting=vetting,
            expert=vetting.mentor.user,
            rows=rows(vetting, errors),
            is_self=vetting.mentor.user_id == self.request.user.pk,
            open=vetting.stage in services.OPEN_STAGES,
            missing=services.missing_items(vetting),
            approve_form=kwargs.get("approve_form") or ManagerApprovalForm(),
            reject_form=kwargs.get("reject_form") or DecisionForm(initial={"decision": "reject"}),
            check_form=ItemCheckForm(),
            evidence_help=EvidenceForm.base_fields["file"].help_text,
            log_entries=queries.record_of(vetting),
        )
        return context

    def post(self, request, *args, **kwargs):
        action = request.POST.get("action")
        handler = {
            "check": self._check,
            "approve": self._approve,
            "reject": self._reject,
            "reopen": self._reopen,
        }.get(action)
        if handler is None:
            messages.error(request, "Choose what to do.")
            return redirect("governance_expert", pk=self.vetting.pk)
        return handler(request)

    def _done(self, message):
        messages.success(self.request, message)
        return redirect("governance_expert", pk=self.vetting.pk)

    def _check(self, request):
        item = get_object_or_404(
            queries.items_uploadable_by(request.user).filter(vetting=self.vetting),
            pk=parse_id(request.POST.get("item")),
        )
        form = ItemCheckForm(request.POST)
        upload = request.FILES.get("file")
        if not form.is_valid():
            return self._refused_item(item, "Choose checked or reopen.")
        try:
            # One savepoint: a refused file undoes the check (the note is checked first, so a
            # refused check never writes its file).
            with transaction.atomic():
                services.mark_item(
                    item.pk,
                    request.user,
                    form.cleaned_data["decision"] == "complete",
                    form.cleaned_data["note"],
                )
                if upload is not None:
                    services.add_evidence(item, request.user, upload)
        except services.VettingError as error:
            return self._refused_item(item, str(error))
        return self._done(f"“{item.get_kind_display()}” is saved.")

    def _refused_item(self, item, problem):
        context = self.get_context_data(item_errors={item.pk: problem})
        return self.render_to_response(context, status=400)

    def _approve(self, request):
        form = ManagerApprovalForm(request.POST)
        if form.is_valid():
            try:
                services.manager_approve(
                    self.vetting.pk,
                    request.user,
                    form.cleaned_data["expires_on"],
                    form.cleaned_data["reason"],
                )
            except services.VettingError as error:
                form.add_error(None, str(error))
            else:
                return self._done(
                    f"{self.vetting.mentor.user}'s due diligence is approved: a sponsor approves "
                    "next."
                )
        return self.render_to_response(self.get_context_data(approve_form=form), status=400)

    def _reject(self, request):
        form = DecisionForm(request.POST)
        if form.is_valid():
            try:
                services.reject(self.vetting.pk, request.user, form.cleaned_data["reason"])
            except services.VettingError as error:
                form.add_error(None, str(error))
            else:
                return self._done(f"{self.vetting.mentor.user}'s due diligence is rejected.")
        return self.render_to_response(self.get_context_data(reject_form=form), status=400)

    def _reopen(self, request):
        try:
            services.reopen(self.vetting.pk, request.user, "Reopened for another round of checks.")
        except services.VettingError as error:
            messages.error(request, str(error))
            return redirect("governance_expert", pk=self.vetting.pk)
        return self._done("The due diligence is open again for its checks.")
