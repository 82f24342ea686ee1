"""Forms of the governance registers: the admin's risk and review forms (viewsets.py) and
the incident chooser.

Forms of the governance pages: declaring a conflict of interest, and a manager's review.

The acknowledgement form: one box to tick per policy version the person must acknowledge."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from wagtail.admin.forms import WagtailAdminModelForm

from portal.governance.models import (
    IMPACT_MESSAGE,
    LIKELIHOOD_MESSAGE,
    ConflictDeclaration,
    PolicyVersion,
)
from portal.governance.queries import current_quarter
from portal.governance.services import REJECT_NEEDS_A_REASON, WITH_ONESELF
from portal.ids import IdChoiceField, IdField
from portal.people.models import BusinessUnit, User
from portal.programmes.queries import managed

SCALE_MESSAGES = {"likelihood": LIKELIHOOD_MESSAGE, "impact": IMPACT_MESSAGE}


class RiskForm(WagtailAdminModelForm):
    """A risk with its mitigations inline. The programme is one the person manages, or none
    (organisation-wide); likelihood and impact out of 1–5 get one plain sentence each."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        programme = self.fields["programme"]
        programme.queryset = managed(programme.queryset, self.for_user, "pk")
        programme.empty_label = "Organisation-wide (no programme)"
        for name, message in SCALE_MESSAGES.items():
            field = self.fields[name]
            field.widget.attrs.update({"min": 1, "max": 5, "step": 1})
            field.error_messages.update(
                {"min_value": message, "max_value": message, "invalid": message % {"value": "that"}}
            )


class ReviewForm(WagtailAdminModelForm):
    """A quarter's review; a new one is offered the current quarter and today."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is None and not self.is_bound:
            today = timezone.localdate()
            year, quarter = current_quarter(today)
            self.initial.setdefault("year", year)
            self.initial.setdefault("quarter", quarter)
            self.initial.setdefault("held_on", today)


class LinkIncidentForm(forms.Form):
    """Which of the offered incidents to link (`choices`: queries.incidents_for the person)."""

    incident = forms.ChoiceField(label="Incident", widget=forms.RadioSelect)

    def __init__(self, *args, incidents=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.incidents = {incident.key: incident for incident in incidents}
        self.fields["incident"].choices = [
            (incident.key, incident.summary) for incident in incidents
        ]
        self.fields["incident"].error_messages["required"] = "Choose the incident to link."
        self.fields["incident"].error_messages["invalid_choice"] = (
            "That incident is no longer offered: choose one from the list."
        )

    def chosen(self):
        return self.incidents[self.cleaned_data["incident"]]


class DeclareConflictForm(forms.Form):
    """A conflict with one person (their work email, typed exactly: the form never lists the
    organisation's people) or one business unit, its kind and a short description."""

    email = forms.EmailField(
        label="The person's work email",
        required=False,
        max_length=254,
        help_text="Exactly as they sign in with it. Leave empty to name a business unit instead.",
    )
    business_unit = IdChoiceField(
        label="Or a business unit",
        queryset=BusinessUnit.objects.order_by("name"),
        required=False,
        empty_label="No business unit",
        help_text="A whole part of the organisation, e.g. a unit you hold shares in.",
    )
    kind = forms.ChoiceField(
        label="Kind of conflict",
        choices=[("", "Choose one"), *ConflictDeclaration.Kind.choices],
        error_messages={"required": "Choose what kind of conflict it is."},
    )
    description = forms.CharField(
        label="In a sentence (optional)",
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Only you and the programme managers read this.",
    )

    def __init__(self, *args, declarer: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.declarer = declarer

    def clean_email(self) -> User | None:
        email = self.cleaned_data["email"].strip().lower()
        if not email:
            return None
        if email == self.declarer.email.lower():
            raise ValidationError(WITH_ONESELF)
        person = User.objects.filter(email=email, is_active=True).first()
        if person is None:
            raise ValidationError(
                "Nobody in Lodestar signs in with that address. Check it letter by letter."
            )
        return person

    def clean(self) -> dict:
        cleaned = super().clean()
        person, unit = cleaned.get("email"), cleaned.get("business_unit")
        if self.has_error("email"):
            return cleaned
        if person is None and unit is None:
            self.add_error("email", "Give the person's work email, or choose a business unit.")
        elif person is not None and unit is not None:
            self.add_error("business_unit", "Name one person or one business unit, not both.")
        return cleaned


class ReviewConflictForm(forms.Form):
    """A manager's decision on one declaration; rejecting needs a reason."""

    declaration = IdField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(
        choices=[
            (ConflictDeclaration.Status.ACCEPTED, "Accept: never pair them"),
            (ConflictDeclaration.Status.NOTED, "Note only"),
            (ConflictDeclaration.Status.REJECTED, "Reject"),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose accept, note only or reject."},
    )
    reason = forms.CharField(
        label="Reason (the person reads it; needed to reject)", max_length=500, required=False
    )

    def clean(self) -> dict:
        cleaned = super().clean()
        rejected = cleaned.get("decision") == ConflictDeclaration.Status.REJECTED
        if rejected and not cleaned.get("reason", "").strip():
            self.add_error("reason", REJECT_NEEDS_A_REASON)
        return cleaned


MUST_TICK = "Tick this to confirm you have read the policy and will follow it."


class AcknowledgeForm(forms.Form):
    def __init__(self, versions: list[PolicyVersion], *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.versions = versions
        for version in versions:
            self.fields[f"version_{version.pk}"] = forms.BooleanField(
                label=f"I have read {version.policy.title} (version {version.number}) and will "
                "follow it.",
                error_messages={"required": MUST_TICK},
            )

    def field_of(self, version: PolicyVersion) -> forms.BoundField:
        return self[f"version_{version.pk}"]
