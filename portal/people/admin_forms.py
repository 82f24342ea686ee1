"""Forms of the People screens: role changes, role request decisions, invitations, marking a
mentor's onboarding done."""

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import validate_email

from portal.people.models import User
from portal.people.queries import open_invitations
from portal.people.roles import Role

MAX_INVITATIONS = 200


def role_choices(roles) -> list[tuple[str, str]]:
    return [(role.value, role.value) for role in Role if role in roles]


class RoleChangeForm(forms.Form):
    """The roles the manager may give or take away, ticked as the person holds them now."""

    roles = forms.MultipleChoiceField(
        label="Roles", widget=forms.CheckboxSelectMultiple, required=False
    )
    reason = forms.CharField(
        label="Why",
        max_length=300,
        help_text="Recorded with your name and the time on the person's page.",
        error_messages={"required": "Say why you are changing this person's roles."},
    )

    def __init__(self, *args, grantable: frozenset[Role], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["roles"].choices = role_choices(grantable)
        self.fields["roles"].error_messages["invalid_choice"] = (
            "%(value)s is a role you may not grant or remove."
        )


class RoleDecisionForm(forms.Form):
    APPROVE, DECLINE = "approve", "decline"

    request = forms.IntegerField(widget=forms.HiddenInput, min_value=1, max_value=2**62)
    decision = forms.ChoiceField(choices=[(APPROVE, "Approve"), (DECLINE, "Decline")])
    reason = forms.CharField(
        label="Reason (shown to the person if you decline)", max_length=500, required=False
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("decision") == self.DECLINE and not cleaned.get("reason", "").strip():
            self.add_error("reason", "Say why you are declining: the person will read it.")
        return cleaned


class InviteForm(forms.Form):
    """One address or a pasted list (one a line, or separated by commas or semicolons).

    Every line is checked before anything is saved: a malformed address, one listed twice, one
    that already has an account or an open invitation gets its own message, and nobody is
    invited until all lines are good."""

    emails = forms.CharField(
        label="Email addresses",
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text="One address, or a list pasted from a spreadsheet: one a line, or separated "
        "by commas.",
        error_messages={"required": "Enter at least one email address."},
    )
    roles = forms.MultipleChoiceField(
        label="Roles they get on joining",
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one role."},
    )

    def __init__(self, *args, grantable: frozenset[Role], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["roles"].choices = role_choices(grantable)
        self.fields["roles"].error_messages["invalid_choice"] = (
            "%(value)s is a role you may not grant."
        )

    def clean_emails(self) -> list[str]:
        text = self.cleaned_data["emails"].replace("\x00", "")
        entries = [
            entry.strip()
            for line in text.splitlines()
            for entry in line.replace(";", ",").split(",")
            if entry.strip()
        ]
        if not entries:
            raise ValidationError("Enter at least one email address.")
        if len(entries) > MAX_INVITATIONS:
            raise ValidationError(f"Invite at most {MAX_INVITATIONS} people at a time.")
        lowered = [entry.lower() for entry in entries]
        registered = set(User.objects.filter(email__in=lowered).values_list("email", flat=True))
        invited = {
            email.lower()
            for email in open_invitations()
            .filter(email__in=lowered)
            .values_list("email", flat=True)
        }
        problems, seen = [], set()
        for number, (entry, email) in enumerate(zip(entries, lowered, strict=True), start=1):
            shown = entry[:80]
            try:
                validate_email(entry)
            except ValidationError:
                problems.append(f"Line {number}: “{shown}” is not an email address.")
                continue
            if email in seen:
                problems.append(f"Line {number}: {shown} is listed twice.")
            elif email in registered:
                problems.append(f"Line {number}: {shown} already has an account.")
            elif email in invited:
                problems.append(f"Line {number}: {shown} already has an open invitation.")
            seen.add(email)
        if problems:
            raise ValidationError([*problems, "Nobody was invited: correct the lines above."])
        return lowered


class OnboardingDoneForm(forms.Form):
    reason = forms.CharField(
        label="Why is onboarding done without the modules?",
        max_length=300,
        help_text="Recorded with your name and the time on the person's page.",
        error_messages={"required": "Say why this mentor's onboarding is done."},
    )


class ReportsToForm(forms.Form):
    """Whom the person reports to, by their email exactly (empty: nobody), and why."""

    manager_email = forms.EmailField(
        label="Reports to (their line manager's email)",
        required=False,
        max_length=254,
        help_text="Exactly as on their account. Leave empty if they report to nobody here.",
    )
    reason = forms.CharField(
        label="Why",
        max_length=300,
        help_text="Recorded with your name and the time on the person's page.",
        error_messages={"required": "Say why the reporting line changes."},
    )

    def __init__(self, *args, **kwargs) -> None:
        # The person's page holds other forms with a "reason" field: ids stay unique.
        kwargs.setdefault("auto_id", "reports_to_%s")
        super().__init__(*args, **kwargs)

    def clean_manager_email(self) -> User | None:
        email = self.cleaned_data["manager_email"].strip().lower()
        if not email:
            return None
        manager = User.objects.filter(email=email, is_active=True).first()
        if manager is None:
            raise ValidationError(f"Nobody in Lodestar has the address {email}.")
        return manager
