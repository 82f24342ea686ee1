"""The sign-up form: allauth's, telling a person plainly when their address is already in use.

allauth's enumeration protection would instead pretend to succeed and email the owner; for a
company-internal portal we prefer the clear message the sign-up form owes its user (recorded in
docs/decisions/0002-accounts.md). Password reset keeps the protection.
"""

from django import forms

from allauth.account.forms import SignupForm as AllauthSignupForm
from allauth.account.models import EmailAddress

from portal.people.models import User

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
