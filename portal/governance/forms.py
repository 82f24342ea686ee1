"""Forms of the governance pages: declaring a conflict of interest, and a manager's review."""

from django import forms
from django.core.exceptions import ValidationError

from portal.governance.models import ConflictDeclaration
from portal.governance.services import REJECT_NEEDS_A_REASON, WITH_ONESELF
from portal.ids import IdChoiceField, IdField
from portal.people.models import BusinessUnit, User


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
