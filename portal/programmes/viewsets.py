"""Programme managers' screens for programmes, cycles and cohorts in the Wagtail admin.

Every view of these viewsets reads through `queries.managed`: a programme manager lists,
filters, chooses, edits, copies, deletes and reads the history and usage of the rows of the
programmes they manage only, and gets 404 for any other id. A programme a manager creates is
theirs: they are added to its managers.
"""

from django import forms
from django.contrib.admin.utils import unquote
from django.db.models import Count
from django.shortcuts import get_object_or_404

from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.tables import Column
from wagtail.admin.views import generic
from wagtail.admin.views.generic.history import HistoryView
from wagtail.admin.views.generic.usage import UsageView
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup

import django_filters

from portal.people.models import Profile, User
from portal.people.roles import Role, manages_every_programme
from portal.programmes import queries
from portal.programmes.models import Cohort, Cycle, IntakeQuestion, MatchingMode, Programme


class ManagedScope:
    """`via`: the path from the view's model to its programme."""

    via = "pk"

    def managed(self, queryset):
        return queries.managed(queryset, self.request.user, self.via)


class ManagedChoices:
    """`scoped_choices`: the form's fields whose choices are narrowed to the programmes the
    user manages, each with the path from the field's own model to its programme."""

    scoped_choices: dict[str, str] = {}

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        for name, via in self.scoped_choices.items():
            field = form.fields[name]
            field.queryset = queries.managed(field.queryset, self.request.user, via)
        return form


class ManagedIndexView(ManagedScope, generic.IndexView):
    def get_base_queryset(self):
        return self.managed(super().get_base_queryset())


class ManagedCreateView(ManagedChoices, ManagedScope, generic.CreateView):
    pass


class ManagedEditView(ManagedChoices, ManagedScope, generic.EditView):
    def get_queryset(self):
        return self.managed(super().get_queryset())


class ManagedDeleteView(ManagedScope, generic.DeleteView):
    def get_queryset(self):
        return self.managed(super().get_queryset())


class ManagedCopyView(ManagedChoices, ManagedScope, generic.CopyView):
    def get_object(self, queryset=None):
        pk = unquote(str(self.kwargs[self.pk_url_kwarg]))
        get_object_or_404(self.managed(self.model._default_manager.all()), pk=pk)
        return super().get_object(queryset)


class ManagedHistoryView(ManagedScope, HistoryView):
    def get_base_object_queryset(self):
        return self.managed(super().get_base_object_queryset())


class ManagedUsageView(ManagedScope, UsageView):
    def get_base_object_queryset(self):
        return self.managed(super().get_base_object_queryset())


class ManagedModelViewSet(ModelViewSet):
    """A ModelViewSet scoped to the programmes the user manages (see the module docstring).

    A view added here later (inspect, reorder) must get a Managed… class too: the staff
    scoping test fails on any admin URL it does not know."""

    via = "pk"
    scoped_choices: dict[str, str] = {}
    index_view_class = ManagedIndexView
    add_view_class = ManagedCreateView
    edit_view_class = ManagedEditView
    delete_view_class = ManagedDeleteView
    copy_view_class = ManagedCopyView
    history_view_class = ManagedHistoryView
    usage_view_class = ManagedUsageView

    def get_common_view_kwargs(self, **kwargs):
        return super().get_common_view_kwargs(
            via=self.via, scoped_choices=self.scoped_choices, **kwargs
        )


def _managed_programmes(request):
    return queries.managed_programmes(request.user)


class CreatorManages:
    """A programme created by someone who does not manage every programme is managed by them,
    so it does not vanish from their screens the moment it is saved."""

    def save_instance(self):
        instance = super().save_instance()
        if not manages_every_programme(self.request.user):
            instance.managers.add(self.request.user)
        return instance


class ProgrammeCreateView(CreatorManages, ManagedCreateView):
    pass


class ProgrammeCopyView(CreatorManages, ManagedCopyView):
    pass


class ProgrammeViewSet(ManagedModelViewSet):
    model = Programme
    add_view_class = ProgrammeCreateView
    copy_view_class = ProgrammeCopyView
    icon = "doc-full-inverse"
    menu_label = "Programmes"
    add_to_admin_menu = False
    form_fields = [
        "name",
        "slug",
        "purpose",
        "strategic_priority",
        "formats",
        "hours_per_month",
        "duration_months",
        "checkin_every_months",
        "eligible_levels",
        "eligible_units",
        "min_tenure_years",
        "nomination_required",
        "cross_unit_pairs",
        "max_timezone_difference_hours",
        "matching_mode",
        "is_open",
        "managers",
    ]
    # Words, not Wagtail's tick icons titled "True"/"False".
    list_display = [
        "name",
        Column(
            "is_open",
            label="Applications",
            accessor=lambda programme: "Open" if programme.is_open else "Closed",
            sort_key="is_open",
        ),
        "hours_per_month",
        "duration_months",
    ]
    search_fields = ["name", "purpose"]

    def formfield_for_dbfield(self, db_field, **kwargs):
        # Levels are stored as a JSON list of numbers; people pick them as checkboxes.
        if db_field.name == "eligible_levels":
            return forms.TypedMultipleChoiceField(
                choices=Profile.Level.choices,
                coerce=int,
                required=False,
                widget=forms.CheckboxSelectMultiple,
                label="Eligible levels",
                help_text=db_field.help_text,
            )
        if db_field.name in ("formats", "eligible_units"):
            kwargs["widget"] = forms.CheckboxSelectMultiple
        if db_field.name == "matching_mode":
            # A post without it (a script, an older form) gets the default mode, as the model would.
            return forms.TypedChoiceField(
                choices=MatchingMode.choices,
                required=False,
                empty_value=MatchingMode.BEST_FIT,
                initial=MatchingMode.BEST_FIT,
                widget=forms.RadioSelect,
                label="Matching mode",
                help_text=db_field.help_text,
            )
        if db_field.name == "managers":
            kwargs["queryset"] = User.objects.filter(groups__name=Role.PROGRAMME_MANAGER.value)
        return super().formfield_for_dbfield(db_field, **kwargs)


class CycleFilterSet(WagtailFilterSet):
    programme = django_filters.ModelChoiceFilter(queryset=_managed_programmes, label="Programme")

    class Meta:
        model = Cycle
        fields = ["programme"]


class CycleViewSet(ManagedModelViewSet):
    model = Cycle
    via = "programme"
    scoped_choices = {"programme": "pk"}
    icon = "date"
    menu_label = "Cycles"
    add_to_admin_menu = False
    form_fields = ["programme", "name", "starts_on", "ends_on", "seats"]
    list_display = ["name", "programme", "starts_on", "ends_on", "seats"]
    filterset_class = CycleFilterSet

    def get_index_view_kwargs(self, **kwargs):
        queryset = Cycle.objects.select_related("programme")
        return super().get_index_view_kwargs(queryset=queryset, **kwargs)


class CohortFilterSet(WagtailFilterSet):
    programme = django_filters.ModelChoiceFilter(
        field_name="cycle__programme", queryset=_managed_programmes, label="Programme"
    )

    class Meta:
        model = Cohort
        fields = ["programme"]


class CohortViewSet(ManagedModelViewSet):
    model = Cohort
    via = "cycle__programme"
    scoped_choices = {"cycle": "programme"}
    icon = "group"
    menu_label = "Cohorts"
    add_to_admin_menu = False
    form_fields = ["cycle", "name", "business_unit", "level", "strategic_priority"]
    list_display = [
        "name",
        "cycle",
        "business_unit",
        Column("level", accessor=lambda cohort: cohort.get_level_display() or "Any level"),
    ]
    filterset_class = CohortFilterSet

    def get_index_view_kwargs(self, **kwargs):
        queryset = Cohort.objects.select_related("cycle__programme", "business_unit")
        return super().get_index_view_kwargs(queryset=queryset, **kwargs)


class QuestionFilterSet(WagtailFilterSet):
    programme = django_filters.ModelChoiceFilter(queryset=_managed_programmes, label="Programme")

    class Meta:
        model = IntakeQuestion
        fields = ["programme"]


class QuestionViewSet(ManagedModelViewSet):
    """A programme's own intake questions (questions.py): who is asked, whether the answer is
    required, a catalog filter or a matching factor; the model's clean() says which goes with
    which."""

    model = IntakeQuestion
    via = "programme"
    scoped_choices = {"programme": "pk"}
    icon = "help"
    menu_label = "Questions"
    add_to_admin_menu = False
    form_fields = [
        "programme",
        "prompt",
        "help_text",
        "kind",
        "choices",
        "asked_of",
        "required",
        "catalog_filter",
        "matching_weight",
        "prefer",
        "sort_order",
    ]
    list_display = [
        "prompt",
        "programme",
        Column("kind", accessor=lambda question: question.get_kind_display()),
        Column("asked_of", label="Asked of", accessor=lambda q: q.get_asked_of_display()),
        Column(
            "answers",
            label="People who answered",
            accessor=lambda question: question.answered_by,
        ),
    ]
    filterset_class = QuestionFilterSet

    def get_index_view_kwargs(self, **kwargs):
        queryset = IntakeQuestion.objects.select_related("programme").annotate(
            answered_by=Count("answers__user", distinct=True)
        )
        return super().get_index_view_kwargs(queryset=queryset, **kwargs)

    def formfield_for_dbfield(self, db_field, **kwargs):
        if db_field.name in ("kind", "asked_of", "prefer"):
            kwargs["widget"] = forms.RadioSelect
        return super().formfield_for_dbfield(db_field, **kwargs)


class ProgrammeAdminGroup(ModelViewSetGroup):
    menu_label = "Programmes"
    menu_icon = "doc-full-inverse"
    menu_order = 200
    # Namespaced apart from the member pages' "programmes" URL namespace.
    items = (
        ProgrammeViewSet("programme_admin", url_prefix="programmes/programmes"),
        CycleViewSet("cycle_admin", url_prefix="programmes/cycles"),
        CohortViewSet("cohort_admin", url_prefix="programmes/cohorts"),
        QuestionViewSet("question_admin", url_prefix="programmes/questions"),
    )
