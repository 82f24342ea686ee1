"""The scorecard's filters: one cycle, one cohort of the programme (both optional)."""

from django import forms

from portal.ids import IdChoiceField
from portal.insights import queries


class ScorecardFilterForm(forms.Form):
    cycle = IdChoiceField(
        queryset=None,
        required=False,
        empty_label="Every cycle",
        error_messages={"invalid_choice": "Choose one of this programme's cycles."},
    )
    cohort = IdChoiceField(
        queryset=None,
        required=False,
        empty_label="Every cohort",
        error_messages={"invalid_choice": "Choose one of this programme's cohorts."},
    )

    def __init__(self, *args, programme, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cycle"].queryset = queries.cycles_of(programme)
        self.fields["cohort"].queryset = queries.cohorts_of(programme)
        self.fields["cohort"].label_from_instance = lambda c: f"{c.cycle.name} · {c.name}"

    def clean(self):
        data = super().clean()
        cycle, cohort = data.get("cycle"), data.get("cohort")
        if cycle and cohort and cohort.cycle_id != cycle.pk:
            self.add_error("cohort", "That cohort is in another cycle: choose one of this cycle's.")
        return data
