"""Forms for running and reviewing matching (programme managers) and answering a match (members)."""

from django import forms

from portal.ids import IdChoiceField, IdField
from portal.matching import engine
from portal.matching.models import MatchingWeights
from portal.matching.services import ALL_ZERO
from portal.programmes.models import Cohort, MatchingMode


def _weight_field(name: str) -> forms.FloatField:
    return forms.FloatField(
        label=engine.FACTOR_LABELS[name],
        min_value=0,
        max_value=100,
        initial=engine.DEFAULT_WEIGHTS[name],
    )


class WeightsForm(forms.ModelForm):
    class Meta:
        model = MatchingWeights
        fields = [*engine.FACTORS, "maximize_matched"]
        labels = {name: engine.FACTOR_LABELS[name] for name in engine.FACTORS}

    def weights(self) -> dict[str, float]:
        return {name: float(self.cleaned_data[name]) for name in engine.FACTORS}

    def clean(self) -> dict:
        cleaned = super().clean()
        if all(not cleaned.get(name) for name in engine.FACTORS):
            raise forms.ValidationError(ALL_ZERO)
        return cleaned


class RunForm(forms.Form):
    """Run matching for a cohort with the programme's weights or a what-if variation."""

    PROGRAMMES_MODE = ""

    cohort = IdChoiceField(queryset=Cohort.objects.none(), label="Cohort")
    maximize_matched = forms.BooleanField(
        required=False, label="Match as many people as possible first"
    )
    mode = forms.ChoiceField(
        label="Mode",
        required=False,
        widget=forms.RadioSelect,
        help_text="Best total fit adds up to the highest fit across the cohort; stable leaves "
        "no mentee and mentor who would both rather be paired with each other (“match as many "
        "as possible first” applies to best total fit only). Another mode than the programme's "
        "is a what-if: compare the two runs side by side.",
    )

    def __init__(self, *args, cohorts, programme_mode: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cohort"].queryset = cohorts
        self.fields["cohort"].label_from_instance = lambda c: (
            f"{c.cycle.programme.name} · {c.cycle.name} · {c.name}"
        )
        own = f" ({MatchingMode(programme_mode).label.lower()})" if programme_mode else ""
        self.fields["mode"].choices = [
            (self.PROGRAMMES_MODE, f"The programme's own mode{own}"),
            *MatchingMode.choices,
        ]
        self.fields["mode"].initial = self.PROGRAMMES_MODE
        for name in engine.FACTORS:
            self.fields[name] = _weight_field(name)

    def chosen_mode(self) -> str | None:
        """The mode asked for, or None for the programme's own."""
        return self.cleaned_data.get("mode") or None

    def weights(self) -> dict[str, float]:
        return {name: float(self.cleaned_data[name]) for name in engine.FACTORS}

    def clean(self) -> dict:
        cleaned = super().clean()
        if all(not cleaned.get(name) for name in engine.FACTORS if name in cleaned):
            raise forms.ValidationError(ALL_ZERO)
        return cleaned


class OverrideForm(forms.Form):
    mentee = IdField(widget=forms.HiddenInput)
    mentor = forms.TypedChoiceField(coerce=int, label="Mentor")
    reason = forms.CharField(
        max_length=300,
        required=False,
        label="Reason",
        help_text="Required when the pair breaks a hard rule; recorded with your name.",
    )

    def __init__(self, *args, mentors, **kwargs):
        super().__init__(*args, **kwargs)
        # Full mentors are not offered; two people of the same name differ by title and unit.
        self.fields["mentor"].choices = [("", "Choose a mentor")] + [
            (m.pk, mentor_choice_label(m)) for m in mentors if m.free_places > 0
        ]


class PublishForm(forms.Form):
    """The confirmation before a run is published: why now, kept in the audit trail with the
    publisher's name and the run's settings."""

    reason = forms.CharField(
        max_length=300,
        label="Why publish this run?",
        help_text="Kept in the audit trail with your name, the weights and the counts.",
        error_messages={"required": "Say why you publish this run: the audit trail keeps it."},
    )


def mentor_choice_label(mentor) -> str:
    """ "Daniel Hartmann — Vice President, Manufacturing · Industrial Solutions (1 place free)"."""
    profile = getattr(mentor.user, "profile", None)
    where = ", ".join(
        part
        for part in (
            getattr(profile, "job_title", ""),
            getattr(getattr(profile, "business_unit", None), "name", "")
            or getattr(profile, "organisation", ""),
        )
        if part
    )
    places = f"{mentor.free_places} place{'s' if mentor.free_places != 1 else ''} free"
    name = mentor.user.get_full_name()
    return f"{name} — {where} ({places})" if where else f"{name} ({places})"


class CompareForm(forms.Form):
    a = forms.TypedChoiceField(coerce=int, label="Run")
    b = forms.TypedChoiceField(coerce=int, label="Compare with")

    def __init__(self, *args, runs, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [
            (r.pk, f"Run #{r.pk} · {r.created_at:%d %b %H:%M} · {r.get_status_display()}")
            for r in runs
        ]
        self.fields["a"].choices = choices
        self.fields["b"].choices = choices


class ResponseForm(forms.Form):
    ACCEPT, DECLINE = "accept", "decline"

    answer = forms.ChoiceField(
        choices=[(ACCEPT, "Accept"), (DECLINE, "Decline")], widget=forms.HiddenInput
    )
    reason = forms.CharField(
        max_length=300,
        required=False,
        label="Reason (needed to decline)",
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def clean(self) -> dict:
        cleaned = super().clean()
        if cleaned.get("answer") == self.DECLINE and not (cleaned.get("reason") or "").strip():
            self.add_error("reason", "Say briefly why you decline: it helps find a better match.")
        return cleaned
