"""Forms of the governance registers: the admin's risk and review forms (viewsets.py) and
the incident chooser.

Forms of the governance pages: declaring a conflict of interest, and a manager's review.

The acknowledgement form: one box to tick per policy version the person must acknowledge.

Forms of external experts' due diligence: the expert's details and evidence, a manager's
checks and approval, a sponsor's decision."""

from datetime import date
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from wagtail.admin.forms import WagtailAdminModelForm

from portal.governance import evidence
from portal.governance.models import (
    IMPACT_MESSAGE,
    LIKELIHOOD_MESSAGE,
    ConflictDeclaration,
    ExpertVetting,
    PolicyVersion,
)
from portal.governance.queries import current_quarter
from portal.governance.services import REJECT_NEEDS_A_REASON, WITH_ONESELF, default_expiry
from portal.ids import IdChoiceField, IdField, IdsChoiceField
from portal.people.models import BusinessUnit, Competency, User
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


MAX_EXPERTISE = 8


class ExpertDetailsForm(forms.Form):
    """What an external expert tells the programme team when they join from an invitation."""

    expertise = IdsChoiceField(
        label="Your expertise",
        queryset=Competency.objects.select_related("cluster").order_by("cluster__name", "name"),
        widget=forms.CheckboxSelectMultiple,
        help_text=f"Up to {MAX_EXPERTISE} competencies from the organisation's taxonomy; you can "
        "rate each one later on your mentor profile.",
        error_messages={"required": "Choose at least one competency you bring."},
    )
    firm = forms.CharField(
        label="Firm or organisation",
        max_length=200,
        help_text="Where you work, or “Independent”.",
        error_messages={"required": "Enter your firm, or “Independent”."},
    )
    monthly_hours = forms.IntegerField(
        label="Hours a month you offer",
        min_value=1,
        max_value=40,
        error_messages={
            "required": "Enter the hours a month you can give, from 1 to 40.",
            "min_value": "Offer at least 1 hour a month.",
            "max_value": "40 hours a month is the most we ask of anyone.",
            "invalid": "Enter a whole number of hours, e.g. 4.",
        },
    )
    compensation = forms.ChoiceField(
        label="Compensation",
        choices=ExpertVetting.Compensation.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose pro bono or a day rate."},
    )
    day_rate = forms.DecimalField(
        label="Day rate",
        required=False,
        min_value=1,
        max_digits=9,
        decimal_places=2,
        help_text="For a day rate only, in the contract's currency.",
        error_messages={"invalid": "Enter an amount, e.g. 1200."},
    )
    fee_cap = forms.DecimalField(
        label="Cap on the total",
        required=False,
        min_value=1,
        max_digits=10,
        decimal_places=2,
        help_text="For a day rate only: the most to be paid in total.",
        error_messages={"invalid": "Enter an amount, e.g. 12000."},
    )
    contract_reference = forms.CharField(
        label="Contract reference",
        max_length=100,
        required=False,
        help_text="As on your contract or engagement letter, if you have one yet.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["expertise"].label_from_instance = lambda c: f"{c.name} ({c.cluster.name})"

    def clean_expertise(self):
        chosen = self.cleaned_data["expertise"]
        if len(chosen) > MAX_EXPERTISE:
            raise forms.ValidationError(
                f"Choose at most {MAX_EXPERTISE}: the ones you would most like to mentor in."
            )
        return chosen

    def clean(self) -> dict:
        data = super().clean()
        if data.get("compensation") == ExpertVetting.Compensation.DAY_RATE:
            if data.get("day_rate") is None and "day_rate" not in self.errors:
                self.add_error("day_rate", "Enter your day rate, or choose pro bono.")
            if data.get("fee_cap") is None and "fee_cap" not in self.errors:
                self.add_error("fee_cap", "Enter the cap on the total: a day rate needs one.")
            rate, cap = data.get("day_rate"), data.get("fee_cap")
            if rate is not None and cap is not None and cap < rate:
                self.add_error("fee_cap", "The cap is below one day's rate.")
        return data


class EvidenceForm(forms.Form):
    file = forms.FileField(
        label="Add a file",
        help_text=f"{evidence.ACCEPTED}, up to {evidence.MAX_BYTES // (1024 * 1024)} MB. Kept "
        "privately: only you, the programme team and the approving sponsor can open it.",
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,image/png,image/jpeg"}),
        error_messages={
            "required": "Choose a file to upload.",
            "empty": "This file is empty. Choose the scan or PDF you meant to upload.",
        },
    )


class ItemCheckForm(forms.Form):
    decision = forms.ChoiceField(choices=[("complete", "Checked"), ("reopen", "Reopen")])
    note = forms.CharField(
        label="What you checked",
        max_length=500,
        required=False,
        help_text="Kept with the item and on the expert's record.",
    )


class ManagerApprovalForm(forms.Form):
    expires_on = forms.DateField(
        label="Vetting expires on",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        help_text="The vetting holds until this date; the expert and you are reminded 30 days "
        "before. Twelve months by default.",
        error_messages={"required": "Enter the expiry date.", "invalid": "Enter a date."},
    )
    reason = forms.CharField(
        label="Why you approve",
        max_length=300,
        error_messages={"required": "Say why you approve: it is kept on the expert's page."},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["expires_on"].initial = default_expiry(timezone.now().date())

    def clean_expires_on(self) -> date:
        value = self.cleaned_data["expires_on"]
        if value <= timezone.now().date():
            raise forms.ValidationError("The expiry date must be in the future.")
        return value


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label="Decision",
        choices=[("approve", "Approve"), ("reject", "Reject")],
        widget=forms.RadioSelect,
        error_messages={"required": "Choose approve or reject."},
    )
    reason = forms.CharField(
        label="Your reason",
        max_length=300,
        help_text="Recorded with your name; the expert reads it when you reject.",
        error_messages={"required": "Give your reason: it is recorded with your decision."},
    )
