"""The sponsors' read-only risk register (programme managers edit it in the admin).

Participants' governance pages: my conflict-of-interest declarations and a form to declare.

Thin: the list reads through queries (always from request.user), a declaration goes through
services.declare_conflict.

Participants' governance pages: the policies and charters that concern them, one page per
document (readable on a phone), and the one page where they acknowledge what is asked of them
before they apply, are matched or post.

Thin: read through queries (starting from request.user), change through services.

Participants' governance pages: an external expert's own due diligence (details and
evidence), a sponsor's approvals, and the one download of evidence files.

Thin: every object is fetched through a scoped query from `queries` (a 404 for anything out of
the reader's scope, guessed ids included), every change goes through `services`.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from portal import gates
from portal.governance import queries, services
from portal.governance.forms import (
    AcknowledgeForm,
    DecisionForm,
    DeclareConflictForm,
    EvidenceForm,
    ExpertDetailsForm,
)
from portal.governance.models import EXPERT_EVIDENCE, ConflictDeclaration, ExpertVetting, Policy
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
@require_POST
def withdraw_conflict(request: HttpRequest, pk: int) -> HttpResponse:
    """Take back one of my own declarations (anyone else's id is a 404)."""
    get_object_or_404(ConflictDeclaration.objects.declared_by(request.user), pk=pk)
    try:
        declaration = services.withdraw_conflict(pk, request.user)
    except services.GovernanceError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            f"Your conflict with {declaration.concerns} is withdrawn; matching no longer "
            "applies it. The record keeps both.",
        )
    return redirect("governance:conflicts")


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


def _details_initial(vetting: ExpertVetting) -> dict:
    mentor = vetting.mentor
    return {
        "expertise": [s.competency_id for s in mentor.strengths.all()],
        "firm": vetting.firm,
        "monthly_hours": mentor.monthly_hours if vetting.details_given_at else None,
        "compensation": vetting.compensation,
        "day_rate": vetting.day_rate,
        "fee_cap": vetting.fee_cap,
        "contract_reference": vetting.contract_reference,
    }


def rows(vetting: ExpertVetting, errors: dict[int, str], uploadable=frozenset()) -> list[dict]:
    """The checklist's rows for _items.html: each item, whether the reader may add a file to
    it here (its kind in `uploadable`), and the error of a refused upload."""
    return [
        {"item": item, "upload": item.kind in uploadable, "error": errors.get(item.pk)}
        for item in queries.items_with_evidence(vetting)
    ]


def _expert_page(request, vetting, details_form=None, upload_errors=None, status=200):
    open_ = vetting.stage in services.OPEN_STAGES
    return render(
        request,
        "governance/my_vetting.html",
        {
            "vetting": vetting,
            "details_form": details_form or ExpertDetailsForm(initial=_details_initial(vetting)),
            "rows": rows(
                vetting, upload_errors or {}, uploadable=EXPERT_EVIDENCE if open_ else frozenset()
            ),
            "upload_help": EvidenceForm.base_fields["file"].help_text,
            "open": open_,
        },
        status=status,
    )


@login_required
def my_vetting(request: HttpRequest) -> HttpResponse:
    """The expert's own due diligence: their details (GET shows, POST saves) and the checklist
    with an upload for each item that needs their evidence."""
    if not request.user.has_role(Role.EXTERNAL_EXPERT):
        raise Http404
    try:
        vetting = services.due_diligence_of(request.user)
    except services.VettingError as error:
        messages.error(request, str(error))
        return redirect("home")
    if request.method != "POST":
        return _expert_page(request, vetting)
    form = ExpertDetailsForm(request.POST)
    if not form.is_valid():
        return _expert_page(request, vetting, details_form=form, status=400)
    try:
        services.save_expert_details(
            request.user, form.cleaned_data, [c.pk for c in form.cleaned_data["expertise"]]
        )
    except services.VettingError as error:
        form.add_error(None, str(error))
        return _expert_page(request, vetting, details_form=form, status=400)
    messages.success(request, "Your details are saved. Next, upload your evidence below.")
    return redirect("governance:my_vetting")


@login_required
@require_POST
def upload_evidence(request: HttpRequest, pk: int) -> HttpResponse:
    """The expert adds a file to one of their own items (scoped: any other id is a 404)."""
    item = get_object_or_404(
        queries.items_uploadable_by(request.user)
        .filter(vetting__mentor__user=request.user)
        .select_related("vetting__mentor__user"),
        pk=pk,
    )
    form = EvidenceForm(request.POST, request.FILES)
    problem = None
    if form.is_valid():
        try:
            services.add_evidence(item, request.user, form.cleaned_data["file"])
        except services.VettingError as error:
            problem = str(error)
    else:
        problem = form.errors["file"][0]
    if problem:
        return _expert_page(request, item.vetting, upload_errors={item.pk: problem}, status=400)
    messages.success(request, f"Your file is added to “{item.get_kind_display()}”.")
    return redirect(f"{reverse('governance:my_vetting')}#item-{item.pk}")


def evidence_download(request: HttpRequest, pk: int) -> FileResponse:
    """One evidence file, to those who may read its due diligence (queries.evidence_visible_to);
    anyone else, signed in or not, and any guessed id, gets 404 (not a sign-in page, which
    would tell that the file exists). Always a download, with the type its content
    was checked as, under a generated name."""
    record = get_object_or_404(queries.evidence_visible_to(request.user), pk=pk)
    try:
        handle = record.file.open("rb")
    except FileNotFoundError as missing:
        raise Http404 from missing
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=f"evidence-{record.pk}.{record.file.name.rsplit('.', 1)[-1]}",
        content_type=record.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@login_required
def sponsor_list(request: HttpRequest) -> HttpResponse:
    """A sponsor's page: external experts whose due diligence awaits a sponsor's approval."""
    if not request.user.has_role(Role.SPONSOR):
        raise Http404
    return render(
        request,
        "governance/sponsor_list.html",
        {"vettings": queries.awaiting_sponsor(request.user)},
    )


@login_required
def sponsor_review(request: HttpRequest, pk: int) -> HttpResponse:
    """One expert's due diligence for a sponsor: details, checks, evidence; approve or reject."""
    vetting = get_object_or_404(
        queries.awaiting_sponsor(request.user).select_related("mentor__user"), pk=pk
    )
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        approve = form.cleaned_data["decision"] == "approve"
        try:
            if approve:
                services.sponsor_approve(vetting.pk, request.user, form.cleaned_data["reason"])
            else:
                services.reject(vetting.pk, request.user, form.cleaned_data["reason"])
        except services.VettingError as error:
            form.add_error(None, str(error))
        else:
            who = vetting.mentor.user
            messages.success(
                request,
                f"{who} is approved until {vetting.expires_on:%-d %B %Y}."
                if approve
                else f"{who}'s due diligence is rejected; they are told why.",
            )
            return redirect("governance:sponsor_list")
    return render(
        request,
        "governance/sponsor_review.html",
        {"vetting": vetting, "rows": rows(vetting, {}), "form": form},
        status=400 if request.method == "POST" else 200,
    )
