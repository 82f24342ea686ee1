"""The governance registers in the Wagtail admin: the risk register and the quarterly
reviews (viewsets.py), the incident chooser (admin_views.py) and their log.

Governance in the Wagtail admin: the conflict-of-interest queue and the log's wording.

Staff screens for charters and policies in the Wagtail admin ("Governance"): the documents as
snippets with drafts, revisions and Wagtail's history and compare views, and the
acknowledgement screens (admin_views.py). Their changes are logged in Wagtail's log entries.

Governance in the Wagtail admin: external experts' due diligence screens and log actions.

Governance in the Wagtail admin. The audit trail: its screen (in place of Wagtail's site
history), its menu item, the auditor's desk, and the log action every admin export writes
(portal.exports)."""

from django import forms
from django.http import Http404
from django.urls import path, reverse

from wagtail import hooks
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.components import Component
from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSetGroup

from portal import exports
from portal.governance import admin_views, audit, queries, services, snippet_scope
from portal.governance.audit_views import AuditTrailView
from portal.governance.models import (
    ROLE_CHOICES,
    Charter,
    GovernanceLogEntry,
    GovernanceReview,
    Policy,
    PolicyLogEntry,
    Risk,
)
from portal.governance.viewsets import GovernanceAdminGroup
from portal.people.roles import Role, may_manage_people, may_manage_programmes, may_open_audit_trail
from portal.programmes.queries import managed_programmes


@hooks.register("register_log_actions")
def log_governance(actions):
    """Changes to risks and reviews are logged with the risk's programme, so the site history
    shows each manager only theirs (models.GovernanceLogEntry)."""
    for model in (Risk, GovernanceReview):
        actions.register_model(model, GovernanceLogEntry)
    actions.register_action(services.INCIDENT_LINKED, "Link incident", "Incident linked")
    actions.register_action(services.INCIDENT_UNLINKED, "Unlink incident", "Incident unlinked")


@hooks.register("register_admin_viewset")
def register_governance_viewsets():
    return GovernanceAdminGroup()


@hooks.register("register_admin_urls")
def register_incident_urls():
    return [
        path(
            "governance/risks/<id:pk>/incidents/",
            admin_views.LinkIncidentView.as_view(),
            name="governance_link_incident",
        ),
        path(
            "governance/incidents/<id:pk>/unlink/",
            admin_views.UnlinkIncidentView.as_view(),
            name="governance_unlink_incident",
        ),
    ]


@hooks.register("register_log_actions")
def governance_log_actions(actions):
    actions.register_action(services.CONFLICT_DECLARED, "Declare conflict", "Conflict declared")
    actions.register_action(
        services.CONFLICT_ACCEPTED, "Accept conflict", "Conflict accepted as a hard rule"
    )
    actions.register_action(services.CONFLICT_NOTED, "Note conflict", "Conflict noted only")
    actions.register_action(services.CONFLICT_REJECTED, "Reject conflict", "Conflict rejected")
    actions.register_action(
        services.CONFLICT_WITHDRAWN, "Withdraw conflict", "Conflict withdrawn by its declarer"
    )


@hooks.register("register_admin_urls")
def register_governance_urls():
    return [
        path(
            "governance/conflicts/",
            admin_views.ConflictQueueView.as_view(),
            name="governance_conflicts",
        ),
    ]


class ProgrammeManagerMenuItem(MenuItem):
    def is_shown(self, request):
        return may_manage_programmes(request.user)


@hooks.register("register_admin_menu_item")
def register_conflicts_menu_item():
    return ProgrammeManagerMenuItem(
        "Conflicts of interest", reverse("governance_conflicts"), icon_name="warning", order=192
    )


class ProgrammeChoices(WagtailAdminModelForm):
    """The programme to choose is one the editor manages (superusers: any)."""

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        if for_user is not None and "programme" in self.fields:
            self.fields["programme"].queryset = managed_programmes(for_user)


class CharterForm(ProgrammeChoices):
    """The charter's people are chosen among those who sponsor or run programmes."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("senior_sponsor", "steering_group", "leadership"):
            self.fields[name].queryset = queries.charter_people()


class PolicyForm(ProgrammeChoices):
    audience = forms.MultipleChoiceField(
        choices=ROLE_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        help_text="The roles that must read and acknowledge it.",
    )


class PolicyViewSet(snippet_scope.scoped_viewset(queries.managed_policies)):
    model = Policy
    icon = "doc-full"
    menu_label = "Policies"
    list_display = [
        "title",
        Column("applies_to", label="Applies to", accessor="applies_to_label"),
        "kind",
    ]
    list_filter = ["kind"]
    search_fields = ["title", "summary"]
    # The form class goes with the panels: Wagtail builds a snippet's form from its edit handler.
    edit_handler = ObjectList(
        [
            FieldPanel("title"),
            FieldPanel("slug"),
            FieldPanel("kind"),
            MultiFieldPanel([FieldPanel("programme"), FieldPanel("audience")], heading="Who"),
            FieldPanel("summary"),
            FieldPanel("body"),
        ],
        base_form_class=PolicyForm,
    )

    def get_queryset(self, request):
        return queries.managed_policies(request.user).select_related("programme")


class CharterViewSet(snippet_scope.scoped_viewset(queries.managed_charters)):
    model = Charter
    icon = "clipboard-list"
    menu_label = "Charters"
    list_display = ["programme", "senior_sponsor"]
    edit_handler = ObjectList(
        [
            FieldPanel("programme"),
            FieldPanel("purpose"),
            MultiFieldPanel(
                [
                    FieldPanel("senior_sponsor"),
                    FieldPanel("steering_group", widget=forms.CheckboxSelectMultiple),
                    FieldPanel("leadership", widget=forms.CheckboxSelectMultiple),
                ],
                heading="People",
            ),
            FieldPanel("decision_rights"),
            FieldPanel("escalation_path"),
            FieldPanel("resource_commitments"),
        ],
        base_form_class=CharterForm,
    )

    def get_queryset(self, request):
        return queries.managed_charters(request.user).select_related("programme", "senior_sponsor")


class GovernanceGroup(SnippetViewSetGroup):
    items = (PolicyViewSet, CharterViewSet)
    menu_icon = "doc-full"
    menu_label = "Governance"
    menu_name = "governance"
    menu_order = 195


register_snippet(GovernanceGroup)


def _refuse_unmanaged(request, instance) -> None:
    """Another programme's policy or charter is not there for a manager (edit, revert, delete)."""
    if isinstance(instance, Policy):
        scope = queries.managed_policies(request.user)
    elif isinstance(instance, Charter):
        scope = queries.managed_charters(request.user)
    else:
        return
    if not scope.filter(pk=instance.pk).exists():
        raise Http404


@hooks.register("before_edit_snippet")
def refuse_editing_unmanaged(request, instance):
    _refuse_unmanaged(request, instance)


@hooks.register("before_delete_snippet")
def refuse_deleting_unmanaged(request, instances):
    for instance in instances:
        _refuse_unmanaged(request, instance)


@hooks.register("register_log_actions")
def policy_log_actions(actions):
    for model in (Policy, Charter):
        actions.register_model(model, PolicyLogEntry)
    actions.register_action(services.ACKNOWLEDGE, "Acknowledge", "Policy version acknowledged")
    actions.register_action(services.REMIND, "Remind", "Outstanding people reminded")


@hooks.register("register_admin_urls")
def register_policy_urls():
    return [
        path(
            "governance/acknowledgements/",
            admin_views.AcknowledgementsView.as_view(),
            name="governance_acknowledgements",
        ),
        path(
            "governance/acknowledgements/<id:pk>/",
            admin_views.OutstandingView.as_view(),
            name="governance_outstanding",
        ),
    ]


class ManagersMenuItem(MenuItem):
    def is_shown(self, request):
        return may_manage_programmes(request.user)


@hooks.register("register_admin_menu_item")
def register_acknowledgements_menu_item():
    return ManagersMenuItem(
        "Acknowledgements",
        reverse("governance_acknowledgements"),
        icon_name="tick-inverse",
        order=196,
    )


@hooks.register("register_log_actions")
def register_due_diligence_actions(actions):
    """Logged on the expert (people's PersonLogEntry), beside their vetting decisions."""
    actions.register_action(services.DETAILS_GIVEN, "Give expert details", "Expert details given")
    actions.register_action(services.EVIDENCE_ADDED, "Add evidence", "Evidence added")
    actions.register_action(services.ITEM_CHECKED, "Check item", "Due diligence item checked")
    actions.register_action(services.ITEM_REOPENED, "Reopen item", "Due diligence item reopened")
    actions.register_action(
        services.MANAGER_APPROVED, "Approve as manager", "Due diligence approved by a manager"
    )
    actions.register_action(
        services.EXPIRY_REMINDED, "Remind of expiry", "Vetting expiry reminder sent"
    )


@hooks.register("register_admin_urls")
def register_vetting_urls():
    return [
        path(
            "governance/experts/", admin_views.ExpertsIndexView.as_view(), name="governance_experts"
        ),
        path(
            "governance/experts/<id:pk>/",
            admin_views.ExpertView.as_view(),
            name="governance_expert",
        ),
    ]


class ExpertsMenuItem(MenuItem):
    def is_shown(self, request):
        return may_manage_people(request.user)


@hooks.register("register_admin_menu_item")
def register_experts_menu_item():
    return ExpertsMenuItem(
        "External experts", reverse("governance_experts"), icon_name="doc-full", order=192
    )


@hooks.register("register_admin_urls")
def register_audit_trail_urls():
    return [
        path("audit-trail/", AuditTrailView.as_view(), name="governance_audit_trail"),
        path(
            "audit-trail/results/",
            AuditTrailView.as_view(results_only=True),
            name="governance_audit_trail_results",
        ),
    ]


class AuditTrailMenuItem(MenuItem):
    def is_shown(self, request):
        return may_open_audit_trail(request.user)


@hooks.register("register_admin_menu_item")
def register_audit_trail_menu_item():
    return AuditTrailMenuItem(
        "Audit trail", reverse("governance_audit_trail"), icon_name="history", order=950
    )


@hooks.register("construct_reports_menu")
def the_audit_trail_replaces_site_history(request, menu_items):
    """Wagtail's site history is the audit trail now (its URL leads there: portal/urls.py)."""
    menu_items[:] = [item for item in menu_items if item.name != "site-history"]


@hooks.register("register_log_actions")
def register_audit_log_actions(actions):
    actions.register_action(exports.EXPORTED, "Export a list", "Exported a list")


class LatestEntriesPanel(Component):
    """An auditor's desk: the newest entries, and the way to all of them."""

    order = 10
    template_name = "governance/audit/latest_panel.html"
    rows = 8

    def __init__(self, request):
        self.request = request

    def get_context_data(self, parent_context):
        return {"entries": audit.latest(self.request.user, self.rows)}


@hooks.register("construct_homepage_panels")
def the_auditors_desk(request, panels):
    if request.user.has_role(Role.AUDITOR):
        panels.append(LatestEntriesPanel(request))
