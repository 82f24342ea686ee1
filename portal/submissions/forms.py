"""The hidden token field of create forms."""

from django import forms

from portal.submissions import services

EXPIRED = "This form was open too long to be sent safely. Check it and send it again."
FIELD = "submission"


class SubmitOnceMixin:
    """Adds the one-time token (field `submission`) for `self.user`, the person submitting.

    The token is checked here (signature, owner, age) and consumed by the view through
    services.claim. A refused token is a form error that keeps everything typed, with a fresh
    token for the next send."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = getattr(self, "user", None)
        if user is not None and user.is_authenticated:
            self.fields[FIELD] = forms.CharField(
                widget=forms.HiddenInput, required=False, initial=services.new_token(user)
            )

    def clean_submission(self) -> str:
        token = self.cleaned_data.get(FIELD, "")
        if token:
            try:
                services.verify(self.user, token)
            except services.TokenRefused:
                self.data = self.data.copy()
                self.data[self.add_prefix(FIELD)] = services.new_token(self.user)
                # A form-wide error: the field is hidden, so its own errors would not show.
                self.add_error(None, forms.ValidationError(EXPIRED, code="expired"))
                return ""
        return token
