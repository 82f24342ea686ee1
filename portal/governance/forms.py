"""Forms of external experts' due diligence: the expert's details and evidence, a manager's
checks and approval, a sponsor's decision."""

from datetime import date
from typing import Any

from django import forms
from django.utils import timezone

from portal.governance import evidence
from portal.governance.models import ExpertVetting
from portal.governance.services import default_expiry
from portal.ids import IdsChoiceField
from portal.people.models import Competency

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
