"""The view side of one-time submissions: claim before creating, then record the result."""

from django.contrib import messages
from django.shortcuts import redirect

from portal.submissions import services
from portal.submissions.forms import FIELD

ALREADY_SENT = "You had already sent this; it is saved once. Here it is."


class SubmitOnceViewMixin:
    """For create views whose form has SubmitOnceMixin: `form_valid(form, ...)` claims the
    form's token before creating and records the redirect it answers with; a repeated submit
    is sent to that page with a message instead of creating again."""

    def form_valid(self, form, *args, **kwargs):
        token = form.cleaned_data.get(FIELD)
        if not token:  # not sent from our page (no token): nothing to compare with
            return super().form_valid(form, *args, **kwargs)
        try:
            submission = services.claim(self.request.user, token)
        except services.AlreadySubmitted as done:
            messages.info(self.request, ALREADY_SENT)
            return redirect(done.url or self.request.get_full_path())
        response = super().form_valid(form, *args, **kwargs)
        if not response.has_header("Location"):
            # Nothing was created (the form came back with an error): the token stays usable.
            submission.delete()
            return response
        services.fulfil(submission, response["Location"])
        return response
