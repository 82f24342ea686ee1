"""The risk register and the quarterly reviews in the Wagtail admin.

Every risk view reads through `queries.risks_managed_by`: a programme manager lists, filters,
edits, deletes and reads the history of their programmes' risks and the organisation-wide
ones, and gets 404 for any other id. The steering group's reviews are organisation-wide: every
programme manager reads and records them. Wagtail's views log each create, edit and delete
(GovernanceLogEntry, registered in wagtail_hooks.py).
"""

from django import forms

from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, FieldRowPanel, InlinePanel, ObjectList
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.views.generic.history import HistoryView
from wagtail.admin.views.generic.usage import UsageView
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup

import django_filters

from portal.governance import queries, services
from portal.governance.forms import ReviewForm, RiskForm
from portal.governance.heatmap import SCALE
from portal.governance.models import GovernanceReview, Risk
from portal.programmes.queries import managed_programmes


class RiskScope:
    def scoped(self, queryset):
        allowed = queries.risks_managed_by(self.request.user).values("pk")
        return queryset.filter(pk__in=allowed)


class RiskIndexView(RiskScope, generic.IndexView):
    template_name = "governance/admin/risk_index.html"

    def get_base_queryset(self):
        return self.scoped(super().get_base_queryset()).select_related("programme", "owner")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["heat_map"] = queries.heat_map(queries.risks_managed_by(self.request.user))
        return context


class RiskEditView(RiskScope, generic.EditView):
    template_name = "governance/admin/risk_edit.html"

    def get_queryset(self):
        return self.scoped(super().get_queryset())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["incidents"] = self.object.incidents.all()
        return context


class RiskDeleteView(RiskScope, generic.DeleteView):
    def get_queryset(self):
        return self.scoped(super().get_queryset())


class RiskHistoryView(RiskScope, HistoryView):
    def get_base_object_queryset(self):
        return self.scoped(super().get_base_object_queryset())


class RiskUsageView(RiskScope, UsageView):
    def get_base_object_queryset(self):
        return self.scoped(super().get_base_object_queryset())


def _managed_programmes(request):
    return managed_programmes(request.user)


SCALE_CHOICES = [(n, str(n)) for n in SCALE]


class RiskFilterSet(WagtailFilterSet):
    status = django_filters.MultipleChoiceFilter(choices=Risk.Status.choices, label="Status")
    category = django_filters.ChoiceFilter(choices=Risk.Category.choices, label="Category")
    programme = django_filters.ModelChoiceFilter(
        queryset=_managed_programmes, label="Programme", null_label="Organisation-wide"
    )
    likelihood = django_filters.ChoiceFilter(choices=SCALE_CHOICES, label="Likelihood")
    impact = django_filters.ChoiceFilter(choices=SCALE_CHOICES, label="Impact")

    class Meta:
        model = Risk
        fields = ["status", "category", "programme", "likelihood", "impact"]


class RiskViewSet(ModelViewSet):
    model = Risk
    icon = "warning"
    menu_label = "Risk register"
    add_to_admin_menu = False
    copy_view_enabled = False
    index_view_class = RiskIndexView
    edit_view_class = RiskEditView
    delete_view_class = RiskDeleteView
    history_view_class = RiskHistoryView
    usage_view_class = RiskUsageView
    filterset_class = RiskFilterSet
    search_fields = ["title", "description"]
    list_display = [
        "title",
        Column("scope", label="Programme", accessor="scope_label"),
        Column("category", label="Category", accessor="get_category_display"),
        Column(
            "score",
            label="Score",
            accessor=lambda r: f"{r.score} ({r.band}): L{r.likelihood} × I{r.impact}",
        ),
        Column("owner", label="Owner", accessor=lambda risk: risk.owner.get_full_name()),
        Column("status", label="Status", accessor="get_status_display", sort_key="status"),
        Column(
            "next_review_on",
            label="Next review",
            accessor=lambda risk: f"{risk.next_review_on:%-d %b %Y}",
            sort_key="next_review_on",
        ),
    ]
    edit_handler = ObjectList(
        [
            FieldPanel("title"),
            FieldPanel("description"),
            FieldRowPanel([FieldPanel("category"), FieldPanel("programme")]),
            FieldRowPanel([FieldPanel("likelihood"), FieldPanel("impact")], heading="Score"),
            FieldRowPanel(
                [FieldPanel("owner"), FieldPanel("status"), FieldPanel("next_review_on")]
            ),
            InlinePanel("mitigations", heading="Mitigations", label="Mitigation"),
        ],
        base_form_class=RiskForm,
    )


class ReviewCreateView(generic.CreateView):
    def save_instance(self):
        self.form.instance.created_by = self.request.user
        services.prefill_agenda(self.form.instance)
        return super().save_instance()


class ReviewEditView(generic.EditView):
    template_name = "governance/admin/review_edit.html"


class ReviewViewSet(ModelViewSet):
    model = GovernanceReview
    icon = "clipboard-list"
    menu_label = "Quarterly reviews"
    add_to_admin_menu = False
    copy_view_enabled = False
    add_view_class = ReviewCreateView
    edit_view_class = ReviewEditView
    list_display = [
        Column("quarter", label="Review", accessor=str),
        Column("held_on", label="Meeting", accessor=lambda r: f"{r.held_on:%-d %B %Y}"),
        Column(
            "actions",
            label="Actions open",
            accessor=lambda review: _open_actions(review),
        ),
    ]
    edit_handler = ObjectList(
        [
            FieldRowPanel([FieldPanel("year"), FieldPanel("quarter"), FieldPanel("held_on")]),
            FieldPanel("attendees", widget=forms.CheckboxSelectMultiple),
            InlinePanel("decisions", heading="Decisions", label="Decision"),
            InlinePanel("actions", heading="Actions", label="Action"),
            FieldPanel("notes"),
        ],
        base_form_class=ReviewForm,
    )

    def get_index_view_kwargs(self, **kwargs):
        return super().get_index_view_kwargs(queryset=queries.reviews(), **kwargs)


def _open_actions(review: GovernanceReview) -> str:
    waiting = [action for action in review.actions.all() if not action.done]
    if not waiting:
        return "None"
    return "; ".join(
        f"{action.action} ({action.owner.get_full_name()}, {action.due_on:%-d %b %Y})"
        for action in waiting
    )


class GovernanceAdminGroup(ModelViewSetGroup):
    menu_label = "Governance"
    menu_icon = "warning"
    menu_order = 260
    items = (
        RiskViewSet("risk_admin", url_prefix="governance/risks"),
        ReviewViewSet("review_admin", url_prefix="governance/reviews"),
    )
