"""Participants' governance pages: the policies and charters that concern them, one page per
document (readable on a phone), and the one page where they acknowledge what is asked of them
before they apply, are matched or post.

Thin: read through queries (starting from request.user), change through services.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from portal import gates
from portal.governance import queries, services
from portal.governance.forms import AcknowledgeForm
from portal.governance.models import Policy
from portal.ids import parse_id


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """The policies that apply to the reader, with what they have acknowledged, and the
    charters of their programmes."""
    policies = list(queries.readable_policies(request.user))
    due = {
        v.policy_id
        for v in queries.outstanding([request.user.pk], queries.programme_ids_of(request.user)).get(
            request.user.pk, []
        )
    }
    roles = request.user.role_names
    for policy in policies:
        policy.to_acknowledge = policy.pk in due
        policy.concerns_reader = bool(roles & set(policy.audience))
    return render(
        request,
        "governance/index.html",
        {"policies": policies, "charters": queries.readable_charters(request.user)},
    )


@login_required
def policy_detail(request: HttpRequest, slug: str) -> HttpResponse:
    policy = get_object_or_404(Policy.objects.live().select_related("programme"), slug=slug)
    return render(
        request,
        "governance/policy.html",
        {"policy": policy, "version": queries.latest_version(policy)},
    )


@login_required
def charter_detail(request: HttpRequest, slug: str) -> HttpResponse:
    charter = get_object_or_404(
        queries.readable_charters(request.user).prefetch_related("steering_group", "leadership"),
        programme__slug=slug,
    )
    return render(request, "governance/charter.html", {"charter": charter})


@login_required
def acknowledge(request: HttpRequest) -> HttpResponse:
    """What the reader must acknowledge (the organisation's policies, their programmes', and
    the programme they are about to apply to), then back to `next` when it is on this site."""
    next_url = gates.safe_next(request, request.GET.get("next"))
    programme_ids = queries.programme_ids_of(request.user)
    asked = parse_id(request.GET.get("programme"))
    if asked is not None:
        programme_ids.add(asked)
    versions = queries.outstanding([request.user.pk], programme_ids).get(request.user.pk, [])
    form = AcknowledgeForm(versions, request.POST or None)
    if request.method == "POST" and versions and form.is_valid():
        services.acknowledge(request.user, versions)
        messages.success(request, "Thank you: your acknowledgement is recorded.")
        return redirect(next_url or "governance:index")
    if request.method == "POST" and not versions:
        return redirect(next_url or "governance:index")
    return render(
        request,
        "governance/acknowledge.html",
        {
            "form": form,
            "items": [(v, form.field_of(v)) for v in versions],
            "next_url": next_url,
        },
        status=400 if form.is_bound and form.errors else 200,
    )
