"""Forms for programme managers' decisions on the waiting list, nominations and the roll-over
of a cycle."""

from django import forms

from portal.ids import IdField
from portal.programmes.models import Cohort


class DecisionForm(forms.Form):
    """Admit (into a chosen cohort), defer or remove one application, with a reason.

    Cohort choices are passed in, read once per page, so a list of forty rows does not run
    forty queries for its dropdowns.
    """

    ADMIT, DEFER, REMOVE = "admit", "defer", "remove"

    application = IdField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(
        choices=[(ADMIT, "Admit"), (DEFER, "Defer"), (REMOVE, "Remove")],
        widget=forms.HiddenInput,
    )
    cohort = forms.TypedChoiceField(coerce=int, required=False, label="Cohort")
    reason = forms.CharField(
        max_length=300,
        required=False,
        label="Reason",
        widget=forms.TextInput,
        help_text="Required to defer or remove; the applicant reads it.",
    )

    def __init__(self, *args, cohorts: list[Cohort], **kwargs):
        super().__init__(*args, **kwargs)
        self.cohorts = {cohort.pk: cohort for cohort in cohorts}
        self.fields["cohort"].choices = [("", "Best fit")] + [
            (cohort.pk, f"{cohort.cycle.name} · {cohort.name}") for cohort in cohorts
        ]

    def clean_reason(self) -> str:
        return self.cleaned_data["reason"].strip()

    def clean(self) -> dict:
        cleaned = super().clean()
        decision = cleaned.get("decision")
        if decision in (self.DEFER, self.REMOVE) and not cleaned.get("reason"):
            self.add_error("reason", "Give a reason to defer or remove: the applicant reads it.")
        return cleaned

    def chosen_cohort(self) -> Cohort | None:
        pk = self.cleaned_data.get("cohort")
        return self.cohorts.get(pk) if pk else None


class NominationForm(forms.Form):
    """A sponsor's or manager's nomination: which programme, whom (by email), and why."""

    programme = forms.ModelChoiceField(
        queryset=None, label="Programme", empty_label=None, help_text="Nomination-only programmes."
    )
    email = forms.EmailField(
        label="Their email address",
        max_length=254,
        help_text="The address they sign in with.",
    )
    reason = forms.CharField(
        label="Why you nominate them",
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="They read this on the programme's page.",
        error_messages={"required": "Say why you nominate them: they will read it."},
    )

    def __init__(self, *args, programmes, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = programmes

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()


ISO_DATE = {"type": "date"}


class NextCycleForm(forms.Form):
    """The cycle after this one, prefilled by the roll-over screen."""

    name = forms.CharField(label="Name", max_length=80)
    # A date input shows only ISO dates; in the locale's format the prefilled value is blank.
    starts_on = forms.DateField(label="Starts on", widget=forms.DateInput(ISO_DATE, "%Y-%m-%d"))
    ends_on = forms.DateField(label="Ends on", widget=forms.DateInput(ISO_DATE, "%Y-%m-%d"))
    seats = forms.IntegerField(label="Seats", min_value=0, max_value=10000)

    def clean(self) -> dict:
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_on"), cleaned.get("ends_on")
        if starts and ends and ends <= starts:
            self.add_error("ends_on", "The cycle must end after it starts.")
        return cleaned


class RollOverForm(forms.Form):
    """The confirmation: the application ids the preview showed, so a changed list is caught."""

    expected = forms.CharField(widget=forms.HiddenInput, required=False, max_length=100000)

    def clean_expected(self) -> frozenset[int]:
        raw = self.cleaned_data["expected"]
        try:
            return frozenset(int(part) for part in raw.split(",") if part)
        except ValueError:
            raise forms.ValidationError("The preview was not understood; open it again.") from None
