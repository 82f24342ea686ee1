"""The sponsors' read-only risk register (programme managers edit it in the admin)."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from portal.governance import queries


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
