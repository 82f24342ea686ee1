"""Linking incidents to a risk in the Wagtail admin: a chooser of the recent incidents the
manager may see (queries.incidents_for), and unlinking one with a confirmation.

Programme managers and superusers only (ProgrammeManagerOnly: a plain 403 for anyone else);
the risk is read through queries.risks_managed_by, so another programme's risk answers 404.

Programme managers' governance screens in the Wagtail admin: the conflict-of-interest review
queue (accept, note only, reject with a reason). Programme managers and superusers only; each
reads the declarations of their scope (queries.reviewable_conflicts), another's id is a 404.

Managers' acknowledgement screens in the Wagtail admin: each current policy version with
its acknowledgement rate among the people it applies to, and one version's outstanding people
(paginated) with one button that reminds them.

Programme managers and superusers only (ProgrammeManagerOnly: a plain 403 for anyone else);
a manager sees the organisation's policies and their own programmes' (queries.versions_overseen),
and another programme's version is a 404.

Staff screens for external experts' due diligence (Wagtail admin): the list of experts by
stage, and one expert's checklist where a programme manager checks items (with evidence),
approves with an expiry date, rejects or reopens.

Programme managers and superusers only (a plain 403 for anyone else, as the People screens);
people are one pool, so every expert's due diligence is theirs to work on. Every object is read
through governance.queries; every change goes through governance.services.
"""

from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.generic import TemplateView

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from portal.governance import queries, services
from portal.governance.forms import (
    DecisionForm,
    EvidenceForm,
    ItemCheckForm,
    LinkIncidentForm,
    ManagerApprovalForm,
    ReviewConflictForm,
)
from portal.governance.models import ConflictDeclaration, ExpertVetting, IncidentLink
from portal.governance.views import rows
from portal.ids import parse_id
from portal.programmes.admin_views import ProgrammeManagerOnly


class RiskScreen(ProgrammeManagerOnly, WagtailAdminTemplateMixin, TemplateView):
    header_icon = "warning"

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse("risk_admin:index"), "label": "Risk register"},
            {"url": queries.admin_url_of(self.risk), "label": self.risk.title},
            {"url": "", "label": self.get_page_title()},
        ]


class LinkIncidentView(RiskScreen):
    """The recent incidents the manager may see and this risk does not yet link."""

    template_name = "governance/admin/link_incident.html"
    page_title = "Link an incident"

    def load_objects(self, request, pk, **kwargs):
        self.risk = get_object_or_404(queries.risks_managed_by(request.user), pk=pk)
        linked = set(self.risk.incidents.values_list("kind", "source_id"))
        self.incidents = [
            incident
            for incident in queries.incidents_for(request.user)
            if (incident.kind, incident.source_id) not in linked
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.setdefault("form", LinkIncidentForm(incidents=self.incidents))
        context.update(risk=self.risk, incidents=self.incidents)
        return context

    def post(self, request, *args, **kwargs):
        form = LinkIncidentForm(request.POST, incidents=self.incidents)
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form))
        try:
            services.link_incident(self.risk, form.chosen(), request.user)
        except services.GovernanceError as error:
            form.add_error("incident", str(error))
            return self.render_to_response(self.get_context_data(form=form))
        messages.success(request, "The incident is linked to this risk.")
        return redirect(queries.admin_url_of(self.risk))


class UnlinkIncidentView(RiskScreen):
    template_name = "governance/admin/unlink_incident.html"
    page_title = "Unlink an incident"

    def load_objects(self, request, pk, **kwargs):
        self.link = get_object_or_404(
            IncidentLink.objects.filter(
                risk__in=queries.risks_managed_by(request.user).values("pk")
            ).select_related("risk"),
            pk=pk,
        )
        self.risk = self.link.risk

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(risk=self.risk, link=self.link)
        return context

    def post(self, request, *args, **kwargs):
        services.unlink_incident(self.link, request.user)
        messages.success(request, "The incident is no longer linked to this risk.")
        return redirect(queries.admin_url_of(self.risk))


QUEUE_ROWS = 200
DECIDED_ROWS = 30


class ConflictQueueView(ProgrammeManagerOnly, WagtailAdminTemplateMixin, TemplateView):
    """Pending declarations, oldest first, each with its decision form; recent decisions below."""

    template_name = "governance/admin/conflicts.html"
    page_title = "Conflicts of interest"
    header_icon = "warning"

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def post(self, request, *args, **kwargs):
        form = ReviewConflictForm(request.POST, auto_id=self._auto_id(request.POST))
        if not form.is_valid():
            return self.render_to_response(self.get_context_data(failed_form=form))
        try:
            declaration = services.review_conflict(
                form.cleaned_data["declaration"],
                request.user,
                form.cleaned_data["decision"],
                form.cleaned_data["reason"],
            )
        except ConflictDeclaration.DoesNotExist:
            raise Http404 from None
        except services.GovernanceError as error:
            messages.error(request, str(error))
            return redirect("governance_conflicts")
        messages.success(
            request,
            f"{declaration.declarer}'s conflict with {declaration.concerns}: "
            f"{declaration.get_status_display().lower()}. They are told.",
        )
        return redirect("governance_conflicts")

    @staticmethod
    def _auto_id(data) -> str:
        return f"conflict{str(data.get('declaration', ''))[:20]}-%s"

    def get_context_data(self, failed_form=None, **kwargs):
        context = super().get_context_data(**kwargs)
        failed_pk = failed_form.data.get("declaration") if failed_form else None
        pending = [
            (
                declaration,
                failed_form
                if failed_form is not None and str(declaration.pk) == str(failed_pk)
                else ReviewConflictForm(
                    initial={"declaration": declaration.pk}, auto_id=f"conflict{declaration.pk}-%s"
                ),
            )
            for declaration in queries.pending_conflicts(self.request.user)[:QUEUE_ROWS]
        ]
        context.update(
            pending=pending,
            failed_form=failed_form,
            decided=list(queries.decided_conflicts(self.request.user)[:DECIDED_ROWS]),
        )
        return context


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
        valid = form.is_valid()
        missing = services.missing_items(self.vetting)
        if missing:
            # The checks are the first thing to mend, whatever else the form lacks.
            form.add_error(None, services.incomplete_message(missing))
        elif valid:
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
