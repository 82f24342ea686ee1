"""The sponsors' read-only risk register (programme managers edit it in the admin).

Participants' governance pages: my conflict-of-interest declarations and a form to declare.

Thin: the list reads through queries (always from request.user), a declaration goes through
services.declare_conflict.

Participants' governance pages: the policies and charters that concern them, one page per
document (readable on a phone), and the one page where they acknowledge what is asked of them
before they apply, are matched or post.

Thin: read through queries (starting from request.user), change through services.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from portal import gates
from portal.governance import queries, services
from portal.governance.forms import AcknowledgeForm, DeclareConflictForm
from portal.governance.models import Policy
from portal.ids import parse_id
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
