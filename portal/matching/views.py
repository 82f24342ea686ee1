"""Members' matching pages: the proposed match with why it was proposed, accept or decline.

Reads go through queries.matches_for(request.user): nobody can open another person's match.
Explanations show the factors only, never demographic data.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from portal.matching import presenters, queries, services
from portal.matching.forms import ResponseForm
from portal.matching.models import Match
from portal.people.roles import Role


def _empty_state_for(user) -> str:
    """Which empty state fits the person: mentees wait on their applications, mentors on the
    programme team's rounds, external experts on their review; others are not matched."""
    for role in (Role.MENTEE, Role.MENTOR, Role.EXTERNAL_EXPERT):
        if user.has_role(role):
            return role.name.lower()
    return "other"


@login_required
def my_matches(request, form=None, failed_pk=None):
    matches = list(queries.matches_for(request.user))
    entries = [
        presenters.member_view(match, request.user, form if match.pk == failed_pk else None)
        for match in matches
    ]
    return render(
        request,
        "matching/mine.html",
        {
            "as_mentee": [e for e in entries if e.is_mentee],
            "as_mentor": [e for e in entries if not e.is_mentee],
            "current_mentees": list(queries.current_mentees(request.user)),
            "empty_for": _empty_state_for(request.user),
        },
        status=400 if form is not None else 200,
    )


@login_required
@require_POST
def respond(request, pk):
    match = get_object_or_404(queries.matches_for(request.user), pk=pk)
    form = ResponseForm(request.POST, prefix=f"match-{match.pk}")
    if not form.is_valid():
        return my_matches(request, form=form, failed_pk=match.pk)
    accept = form.cleaned_data["answer"] == ResponseForm.ACCEPT
    try:
        match = services.respond_to_match(match, request.user, accept, form.cleaned_data["reason"])
    except services.MatchingError as error:
        form.add_error(None, str(error))
        return my_matches(request, form=form, failed_pk=match.pk)
    if not accept:
        messages.success(
            request, "Thank you. You declined; the programme team will find a better match."
        )
    elif match.status == Match.Status.ACCEPTED:
        messages.success(request, "You're matched. Your engagement has started.")
    else:
        messages.success(request, "Accepted. We'll let you know when the other person answers.")
    return redirect("matching:mine")
