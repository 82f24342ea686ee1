"""Forms for the mentee intake, one per step; they validate, the services in services.py save."""

from collections.abc import Iterable
from typing import Any

from django import forms
from django.forms import BaseFormSet, formset_factory

from portal.ids import IdsChoiceField
from portal.people.models import (
    AvailabilityWindow,
    Competency,
    DemographicRecord,
    Format,
    Intake,
    LeadershipStyle,
    ProficiencyLevel,
)

MAX_GOALS = 5
LEVEL_CHOICES = [("", "Choose a level"), *ProficiencyLevel.choices]

GroupedChoices = list[tuple[str, list[tuple[int, str]]]]


def competency_choices(competencies: Iterable[Competency]) -> GroupedChoices:
    """Competencies grouped by cluster, for a <select> with <optgroup>s.

    `competencies` must come with their cluster (select_related), so this runs no query.
    """
    groups: dict[str, list[tuple[int, str]]] = {}
    for competency in competencies:
        groups.setdefault(competency.cluster.name, []).append((competency.pk, competency.name))
    return list(groups.items())


class GoalForm(forms.Form):
    """One learning goal: a competency, where you are and where you want to be."""

    competency = forms.TypedChoiceField(
        label="Competency",
        coerce=int,
        empty_value=None,
        error_messages={"required": "Choose a competency for this goal."},
    )
    current_level = forms.TypedChoiceField(
        label="Current level",
        coerce=int,
        empty_value=None,
        choices=LEVEL_CHOICES,
        error_messages={"required": "Choose your current level."},
    )
    target_level = forms.TypedChoiceField(
        label="Target level",
        coerce=int,
        empty_value=None,
        choices=LEVEL_CHOICES,
        error_messages={"required": "Choose the level you are aiming for."},
    )

    def __init__(
        self, *args: Any, competencies: GroupedChoices, optional: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["competency"].choices = [("", "Choose a competency"), *competencies]
        # Rows after the first are optional: their fields are needed only once the row is used.
        self.optional = optional
        if optional:
            for field in self.fields.values():
                field.required = False

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if self.optional and any(data.get(name) for name in self.fields):
            for name, field in self.fields.items():
                if data.get(name) is None and name not in self.errors:
                    self.add_error(name, field.error_messages["required"])
        current, target = data.get("current_level"), data.get("target_level")
        if current is not None and target is not None and target <= current:
            self.add_error("target_level", "Your target level must be above your current level.")
        return data


class BaseGoalFormSet(BaseFormSet):
    """Up to five goal rows; blank rows are skipped, so a goal is removed by clearing its row."""

    def get_form_kwargs(self, index: int | None) -> dict[str, Any]:
        # Every row may be left blank, including rows that held a saved goal.
        kwargs = super().get_form_kwargs(index)
        return {
            **kwargs,
            "empty_permitted": True,
            "use_required_attribute": False,
            "optional": bool(index),
        }

    def clean(self) -> None:
        if any(self.errors):
            return
        seen: set[int] = set()
        for form in self.forms:
            competency = form.cleaned_data.get("competency")
            if competency is None:
                continue
            if competency in seen:
                form.add_error(
                    "competency",
                    "You chose this competency twice; keep one goal for it.",
                )
            seen.add(competency)
        if not seen and not any(self.errors):
            raise forms.ValidationError("Add at least one learning goal.", code="no_goals")

    @property
    def goals(self) -> list[dict[str, int]]:
        """The filled-in rows, in order (only after is_valid())."""
        return [form.cleaned_data for form in self.forms if form.cleaned_data.get("competency")]


GoalFormSet = formset_factory(
    GoalForm,
    formset=BaseGoalFormSet,
    extra=0,
    max_num=MAX_GOALS,
    absolute_max=MAX_GOALS,
    validate_max=True,
)


def goal_formset(
    data: Any, *, goals: list[dict[str, int]], competencies: GroupedChoices
) -> BaseGoalFormSet:
    """Always five rows: the saved goals first, then blank rows for new ones."""
    kwargs = {"prefix": "goals", "form_kwargs": {"competencies": competencies}}
    if data is not None:
        return GoalFormSet(data, **kwargs)
    rows = goals + [{}] * (MAX_GOALS - len(goals))
    return GoalFormSet(initial=rows, **kwargs)


class AimsForm(forms.ModelForm):
    """The free-text aims that go with the goals."""

    class Meta:
        model = Intake
        fields = ["aims"]
        labels = {"aims": "What do you want to get out of mentoring?"}
        help_texts = {
            "aims": "In your own words, up to 2,000 characters: what you want to be able to do "
            "in a year's time, and what gets in the way today."
        }
        widgets = {"aims": forms.Textarea(attrs={"rows": 6})}


class PreferencesForm(forms.ModelForm):
    """Step 3: how and when you would like to be mentored."""

    formats = IdsChoiceField(
        label="Formats you would welcome",
        queryset=Format.objects.all(),
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one format."},
    )
    availability = forms.MultipleChoiceField(
        label="When you can usually meet (your own time, weekdays)",
        choices=AvailabilityWindow.choices,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one time of day."},
    )
    preferred_styles = forms.MultipleChoiceField(
        label="Mentoring styles you would welcome",
        choices=LeadershipStyle.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="Optional. Matching favours mentors whose style you chose.",
    )
    hours_per_month = forms.IntegerField(
        label="Hours per month you can give to mentoring",
        min_value=1,
        max_value=40,
        help_text="Between 1 and 40; most mentees give 2 to 4.",
        error_messages={"required": "Enter how many hours a month you can give (1 to 40)."},
    )

    class Meta:
        model = Intake
        fields = ["formats", "availability", "preferred_styles", "hours_per_month"]


class DemographicsForm(forms.Form):
    """Step 4 (optional): demographic data, stored only with explicit consent."""

    CONSENT_TEXT = (
        "I agree that Lodestar stores this to monitor the programme's fairness in aggregate; "
        "it is never shown on any page about me and I can delete it at any time"
    )

    consent = forms.BooleanField(label=CONSENT_TEXT, required=False)
    gender = forms.ChoiceField(
        label="Gender",
        choices=DemographicRecord.Gender.choices,
        widget=forms.RadioSelect,
        required=False,
    )
    gender_self_description = forms.CharField(
        label="If you describe yourself another way: how?",
        max_length=60,
        required=False,
        help_text="Only used when you choose “I describe myself another way”.",
    )
    age_band = forms.ChoiceField(
        label="Age",
        choices=DemographicRecord.AgeBand.choices,
        widget=forms.RadioSelect,
        required=False,
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        if not data.get("consent"):
            return data
        if data.get("gender") == DemographicRecord.Gender.SELF_DESCRIBED:
            if not data.get("gender_self_description", "").strip():
                self.add_error(
                    "gender_self_description",
                    "Tell us how you describe yourself, or choose another answer.",
                )
        else:
            data["gender_self_description"] = ""
        return data
