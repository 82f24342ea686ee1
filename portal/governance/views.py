"""The sponsors' read-only risk register (programme managers edit it in the admin).

Participants' governance pages: my conflict-of-interest declarations and a form to declare.

Thin: the list reads through queries (always from request.user), a declaration goes through
services.declare_conflict.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from portal.governance import queries, services
from portal.governance.forms import DeclareConflictForm
from portal.people.roles import Role


@login_required
def risk_register(request: HttpRequest) -> HttpResponse:
    if not queries.may_read_register(request.user):
        raise PermissionDenied
    risks = queries.risks_readable_by(request.user)
    return render(
        request,
        "governance/risks.html",
        {
            "risks": risks,
            "heat_map": queries.heat_map(risks),
            "actions": queries.open_actions_of(request.user),
        },
    )


# Who declares: the people matching pairs (mentees, mentors, external experts).
DECLARERS = (Role.MENTEE, Role.MENTOR, Role.EXTERNAL_EXPERT)


@login_required
def conflicts(request: HttpRequest) -> HttpResponse:
    """My declarations with their status and reviewer's reason; the form to declare one."""
    if not any(request.user.has_role(role) for role in DECLARERS):
        raise PermissionDenied
    form = DeclareConflictForm(request.POST or None, declarer=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            declaration = services.declare_conflict(
                request.user,
                data["kind"],
                other_person=data["email"],
                business_unit=data["business_unit"],
                description=data["description"],
            )
        except services.GovernanceError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                f"Your conflict with {declaration.concerns} is declared; a programme manager "
                "reviews it.",
            )
            return redirect("governance:conflicts")
    return render(
        request,
        "governance/conflicts.html",
        {"form": form, "declarations": list(queries.my_conflicts(request.user))},
    )
