"""The sign-up form: allauth's, telling a person plainly when their address is already in use,
and letting in only the organisation's own domains and invited people (services.admission_for).

allauth's enumeration protection would instead pretend to succeed and email the owner; for a
company-internal portal we prefer the clear message the sign-up form owes its user (recorded in
docs/decisions/0002-accounts.md). Password reset keeps the protection.
"""

from django import forms

from allauth.account.forms import SignupForm as AllauthSignupForm
from allauth.account.models import EmailAddress

from portal.people.models import Invitation, User
from portal.people.services import JoinRefused, admission_for

EMAIL_TAKEN = (
    "An account already uses this email address. Sign in, or reset your password if you "
    "have forgotten it."
)


class SignupForm(AllauthSignupForm):
    def validate_unique_email(self, value: str) -> str:
        if (
            EmailAddress.objects.filter(email__iexact=value).exists()
            or User.objects.filter(email__iexact=value).exists()
        ):
            raise forms.ValidationError(EMAIL_TAKEN, code="email_taken")
        return super().validate_unique_email(value)

    def clean(self) -> dict:
        cleaned_data = super().clean()
        email = cleaned_data.get("email")
        if not email:
            return cleaned_data
        try:
            admission = admission_for(email, cleaned_data.get("invitation", ""))
        except JoinRefused as refused:
            self.add_error("email", str(refused))
            return cleaned_data
        cleaned_data["admission"] = admission
        needs_role = not isinstance(admission, Invitation) and not cleaned_data.get("role")
        if needs_role and "role" not in self.errors:
            self.add_error("role", "Choose whether you would like to be a mentee or a mentor.")
        return cleaned_data
