"""Forms for programme managers' decisions on the waiting list."""

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
