"""Forms for the mentor catalog: the mentee's filters and the mentor's own profile."""

from django import forms
from django.core.exceptions import ValidationError
from django.forms import BaseInlineFormSet, inlineformset_factory

from portal import generations
from portal.ids import IdChoiceField, IdsChoiceField
from portal.people.catalog import cache as catalog_cache
from portal.people.catalog.queries import CatalogFilters
from portal.people.images import PhotoField
from portal.people.models import (
    AvailabilityWindow,
    Competency,
    Format,
    Function,
    Language,
    MentorProfile,
    MentorStrength,
    ProficiencyLevel,
)
from portal.people.timezones import BAND_LABELS, Band
from portal.programmes.models import IntakeQuestion

MAX_INDUSTRIES = 8
MAX_INDUSTRY_LENGTH = 40
MIN_STRENGTHS = 1
MAX_STRENGTHS = 8


def _competency_choices(value_field: str = "pk") -> list:
    """Competencies grouped by cluster (for <optgroup>), read in one query."""
    groups: dict[str, list[tuple[object, str]]] = {}
    for competency in Competency.objects.select_related("cluster"):
        value = getattr(competency, value_field)
        groups.setdefault(competency.cluster.name, []).append((value, competency.name))
    return list(groups.items())


# --- the catalog filters --------------------------------------------------------------------------


INVALID_CHOICE = forms.ModelChoiceField.default_error_messages["invalid_choice"]


def filter_choices() -> dict[str, dict]:
    """The filter form's options and the ids behind them, read once per generation of the
    reference data.

    {"competency": {"choices": [...], "ids": {slug: id}}, "format": ..., "language": ...}:
    the catalog page reads them on every request, and they change only when an administrator
    edits the competency framework or the reference lists, which retires `REFERENCE`.
    """
    return generations.cached(
        ("catalog-filter-choices",), (catalog_cache.REFERENCE,), _read_filter_choices
    )


def _read_filter_choices() -> dict[str, dict]:
    formats = list(Format.objects.values_list("pk", "code", "name"))
    languages = list(Language.objects.values_list("pk", "code", "name"))
    competencies: dict[str, list[tuple[str, str]]] = {}
    competency_ids: dict[str, int] = {}
    for competency in Competency.objects.select_related("cluster"):
        competencies.setdefault(competency.cluster.name, []).append(
            (competency.slug, competency.name)
        )
        competency_ids[competency.slug] = competency.pk
    # Programmes' choice questions that mentors answer and a manager offered as a filter.
    questions = [
        (question.pk, question.prompt, question.options)
        for question in IntakeQuestion.objects.filter(
            catalog_filter=True, programme__is_open=True
        ).order_by("programme__name", "sort_order", "pk")
    ]
    return {
        "questions": questions,
        "competency": {
            "choices": [("", "Any competency"), *competencies.items()],
            "ids": competency_ids,
        },
        "format": {
            "choices": [("", "Any format"), *((code, name) for _, code, name in formats)],
            "ids": {code: pk for pk, code, _ in formats},
        },
        "language": {
            "choices": [
                ("", "Any language"),
                *((code, name) for _, code, name in languages),
            ],
            "ids": {code: pk for pk, code, _ in languages},
        },
    }


class CatalogFilterForm(forms.Form):
    """The catalog's GET filters; every one optional, bad values reported, not fatal.

    Slugs and codes as option values keep URLs readable and stable across databases. The
    options come from `filter_choices()` (cached), so showing and checking the filters costs no
    query; `filters()` maps the chosen slugs and codes back to ids. A valid form renders the same
    for everyone who chose the same filters: `fragment_key` names that HTML in the cache.
    """

    competency = forms.ChoiceField(
        required=False,
        label="Strength in",
        error_messages={"invalid_choice": INVALID_CHOICE},
    )
    format = forms.ChoiceField(
        required=False,
        label="Format",
        error_messages={"invalid_choice": INVALID_CHOICE},
    )
    kind = forms.ChoiceField(
        choices=[("", "Any type"), *MentorProfile.Kind.choices],
        required=False,
        label="Mentor type",
    )
    language = forms.ChoiceField(
        required=False,
        label="Language",
        error_messages={"invalid_choice": INVALID_CHOICE},
    )
    band = forms.ChoiceField(
        choices=[("", "Any time zone"), *((band.value, BAND_LABELS[band]) for band in Band)],
        required=False,
        label="Time zone",
    )
    has_free_places = forms.BooleanField(required=False, label="Only mentors with free places")

    # The rendered form is kept until the options change (list.html's {% fragment %}).
    fragment_scopes = (catalog_cache.REFERENCE,)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._choices = filter_choices()
        for name in ("competency", "format", "language"):
            # A callable: Django normalises the options only when it reads them (to check a
            # chosen value, or to render), not for every form built.
            options = self._choices[name]["choices"]
            self.fields[name].choices = lambda options=options: options
        for pk, prompt, question_options in self._choices["questions"]:
            self.fields[f"q{pk}"] = forms.ChoiceField(
                required=False,
                label=prompt,
                choices=[("", "Any answer"), *((option, option) for option in question_options)],
                error_messages={"invalid_choice": INVALID_CHOICE},
            )

    @property
    def question_fields(self) -> list:
        """The programmes' question filters, bound, in order (for the template)."""
        return [self[f"q{pk}"] for pk, _, _ in self._choices["questions"]]

    def filters(self) -> CatalogFilters:
        """The valid filters; a field with a bad value is left out (its error is shown)."""
        data = self.cleaned_data if hasattr(self, "cleaned_data") else {}

        def chosen_id(name: str) -> int | None:
            return self._choices[name]["ids"].get(data.get(name) or "")

        return CatalogFilters(
            competency_id=chosen_id("competency"),
            format_id=chosen_id("format"),
            kind=data.get("kind") or None,
            language_id=chosen_id("language"),
            band=Band(data["band"]) if data.get("band") else None,
            has_free_places=bool(data.get("has_free_places")),
            answers=tuple(
                (pk, data[f"q{pk}"])
                for pk, _, _ in self._choices["questions"]
                if data.get(f"q{pk}")
            ),
        )

    @property
    def is_filtered(self) -> bool:
        return self.filters() != CatalogFilters()

    @property
    def fragment_key(self) -> str:
        """What the rendered form depends on when valid (besides the options: what was chosen);
        else "", and the form is rendered afresh with its errors."""
        if not self.is_valid():
            return ""
        return repr(sorted(self.cleaned_data.items()))


# --- the mentor's own profile ---------------------------------------------------------------------


class MentorProfileForm(forms.ModelForm):
    """What a mentor tells mentees about themselves; the photo is cleaned by process_photo."""

    functions = forms.MultipleChoiceField(
        choices=Function.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Functions you have led or know well",
    )
    industries = forms.CharField(
        required=False,
        max_length=MAX_INDUSTRIES * (MAX_INDUSTRY_LENGTH + 2),
        label="Industries",
        help_text=(
            f"Separated by commas, up to {MAX_INDUSTRIES}, e.g. Retail, Energy, Pharmaceuticals."
        ),
    )
    availability = forms.MultipleChoiceField(
        choices=AvailabilityWindow.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="When you can meet (weekdays, your time zone)",
    )
    formats = IdsChoiceField(
        Format.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Formats you offer",
    )
    photo = PhotoField()

    class Meta:
        model = MentorProfile
        fields = [
            "leadership_style",
            "functions",
            "industries",
            "formats",
            "availability",
            "capacity",
            "monthly_hours",
            "outcomes",
            "bio",
            "photo",
        ]
        labels = {
            "leadership_style": "Your mentoring style",
            "capacity": "Mentees at once",
            "monthly_hours": "Hours a month",
            "outcomes": "What mentees can expect",
        }
        help_texts = {
            "capacity": "Across every programme, 1 to 10.",
            "monthly_hours": "Time you can give each month, 1 to 40.",
            "bio": "Your career in a few sentences: roles, sectors, what you are known for.",
        }
        widgets = {
            "capacity": forms.NumberInput(attrs={"min": 1, "max": 10}),
            "monthly_hours": forms.NumberInput(attrs={"min": 1, "max": 40}),
            "outcomes": forms.Textarea(attrs={"rows": 4}),
            "bio": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leadership_style"].choices = [
            ("", "Choose the style closest to yours"),
            *MentorProfile.LeadershipStyle.choices,
        ]
        if not self.is_bound:
            self.initial["industries"] = ", ".join(self.instance.industries or [])

    def clean_industries(self) -> list[str]:
        names: list[str] = []
        for part in self.cleaned_data["industries"].split(","):
            name = " ".join(part.split())
            if name and name.casefold() not in {n.casefold() for n in names}:
                names.append(name)
        too_long = [name for name in names if len(name) > MAX_INDUSTRY_LENGTH]
        if too_long:
            raise ValidationError(
                f"Keep each industry under {MAX_INDUSTRY_LENGTH} characters "
                f"(“{too_long[0][:MAX_INDUSTRY_LENGTH]}…” is longer)."
            )
        if len(names) > MAX_INDUSTRIES:
            raise ValidationError(
                f"List at most {MAX_INDUSTRIES} industries (you gave {len(names)})."
            )
        return names


class StrengthForm(forms.ModelForm):
    class Meta:
        model = MentorStrength
        fields = ["competency", "level"]
        field_classes = {"competency": IdChoiceField}
        labels = {"competency": "Competency", "level": "Level"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["level"].choices = [("", "Choose a level"), *ProficiencyLevel.choices]


class BaseStrengthFormSet(BaseInlineFormSet):
    """1 to 8 strengths, each competency once; the competency list is read once for every row."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("", "Choose a competency"), *_competency_choices()]
        for form in self.forms:
            form.fields["competency"].choices = choices

    def clean(self) -> None:
        # Before super().clean(): its own uniqueness check words the error less plainly.
        seen: set[int] = set()
        for form in self.forms:
            if not form.has_changed() or self._should_delete_form(form):
                continue
            competency = form.cleaned_data.get("competency")
            if competency is None:
                continue
            if competency.pk in seen:
                raise ValidationError(f"{competency.name} is listed twice: keep it once.")
            seen.add(competency.pk)
        super().clean()

    @property
    def strengths(self) -> dict[int, int]:
        """The rows kept, as {competency id: level} (only after is_valid())."""
        return {
            form.cleaned_data["competency"].pk: form.cleaned_data["level"]
            for form in self.forms
            if form.cleaned_data.get("competency") and not self._should_delete_form(form)
        }


StrengthFormSet = inlineformset_factory(
    MentorProfile,
    MentorStrength,
    form=StrengthForm,
    formset=BaseStrengthFormSet,
    extra=3,
    min_num=MIN_STRENGTHS,
    max_num=MAX_STRENGTHS,
    validate_min=True,
    validate_max=True,
    can_delete=True,
)
