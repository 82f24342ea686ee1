"""Programme managers' screens for programmes, cycles and cohorts in the Wagtail admin."""

from django import forms

from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup

from portal.people.models import Profile, User
from portal.people.roles import Role
from portal.programmes.models import Cohort, Cycle, Programme


class ProgrammeViewSet(ModelViewSet):
    model = Programme
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
        "eligible_levels",
        "eligible_units",
        "min_tenure_years",
        "nomination_required",
        "cross_unit_pairs",
        "is_open",
        "managers",
    ]
    list_display = ["name", "is_open", "hours_per_month", "duration_months"]
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
        if db_field.name == "managers":
            kwargs["queryset"] = User.objects.filter(groups__name=Role.PROGRAMME_MANAGER.value)
        return super().formfield_for_dbfield(db_field, **kwargs)


class CycleViewSet(ModelViewSet):
    model = Cycle
    icon = "date"
    menu_label = "Cycles"
    add_to_admin_menu = False
    form_fields = ["programme", "name", "starts_on", "ends_on", "seats"]
    list_display = ["name", "programme", "starts_on", "ends_on", "seats"]
    list_filter = ["programme"]

    def get_index_view_kwargs(self, **kwargs):
        queryset = Cycle.objects.select_related("programme")
        return super().get_index_view_kwargs(queryset=queryset, **kwargs)


class CohortViewSet(ModelViewSet):
    model = Cohort
    icon = "group"
    menu_label = "Cohorts"
    add_to_admin_menu = False
    form_fields = ["cycle", "name", "business_unit", "level", "strategic_priority"]
    list_display = ["name", "cycle", "business_unit", "level"]
    list_filter = ["cycle__programme"]

    def get_index_view_kwargs(self, **kwargs):
        queryset = Cohort.objects.select_related("cycle__programme", "business_unit")
        return super().get_index_view_kwargs(queryset=queryset, **kwargs)


class ProgrammeAdminGroup(ModelViewSetGroup):
    menu_label = "Programmes"
    menu_icon = "doc-full-inverse"
    menu_order = 200
    # Namespaced apart from the member pages' "programmes" URL namespace.
    items = (
        ProgrammeViewSet("programme_admin", url_prefix="programmes/programmes"),
        CycleViewSet("cycle_admin", url_prefix="programmes/cycles"),
        CohortViewSet("cohort_admin", url_prefix="programmes/cohorts"),
    )
