"""Member pages: the open programmes, one programme with an Apply button, my applications;
nominations for sponsors and programme managers.

Thin: read through queries (always starting from request.user), change through services.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from portal import gates
from portal.ids import parse_id
from portal.people.models import User
from portal.people.roles import Role, may_nominate
from portal.programmes import queries, questions, services, waiting_list
from portal.programmes.forms import NominationForm
from portal.programmes.models import Application, Programme

# Mentees apply to programmes; everyone else who opens these pages takes part another way.
HOW_YOU_TAKE_PART = {
    Role.MENTOR: "Mentors do not apply: the programme team pairs you with its mentees when it "
    "runs a matching round. Keep your capacity and strengths current in your mentor profile.",
    Role.EXTERNAL_EXPERT: "External experts do not apply: once the programme team has reviewed "
    "you, it pairs you with mentees when it runs a matching round.",
    Role.SPONSOR: "You sponsor these programmes: mentees apply here, and the scorecard shows "
    "how each programme is doing.",
    Role.PROGRAMME_MANAGER: "Mentees apply here; you manage your programmes, their cycles and "
    "waiting lists in the programme admin.",
    Role.COMMUNICATIONS: "Mentees apply here; you tell the programmes' stories in the library.",
    Role.MODERATOR: "Mentees apply here; you look after the programmes' communities.",
}
NOT_AN_APPLICANT = services.NOT_A_MENTEE


def _how_you_take_part(user) -> str | None:
    """None for a mentee (the page shows whether they can apply); a sentence for anyone else."""
    if user.has_role(Role.MENTEE):
        return None
    return next(
        (HOW_YOU_TAKE_PART[role] for role in HOW_YOU_TAKE_PART if user.has_role(role)),
        NOT_AN_APPLICANT,
    )


@login_required
def programme_list(request: HttpRequest) -> HttpResponse:
    """Open programmes as cards, each with whether the viewer may apply and where they stand."""
    cards = queries.programmes_for_member(request.user)
    return render(
        request,
        "programmes/list.html",
        {"cards": cards, "how_you_take_part": _how_you_take_part(request.user)},
    )


@login_required
def programme_detail(request: HttpRequest, slug: str) -> HttpResponse:
    """One programme: its rules spelled out, the viewer's eligibility, and Apply."""
    programmes = queries.programmes_with_cycles().filter(slug=slug)
    cards = queries.programmes_for_member(request.user, programmes)
    if not cards:
        raise Http404("No such programme.")
    return render(
        request,
        "programmes/detail.html",
        {
            "card": cards[0],
            "nomination": queries.nomination_of(request.user, cards[0].programme),
            "may_nominate": queries.nominatable_programmes(request.user)
            .filter(pk=cards[0].programme.pk)
            .exists(),
            "how_you_take_part": _how_you_take_part(request.user),
            "questions": _question_progress(request.user, cards[0].programme),
            "priority_rule": waiting_list.PRIORITY_RULE,
            "estimate_rule": waiting_list.ESTIMATE_RULE,
        },
    )


def _question_progress(user: User, programme: Programme) -> dict[str, int] | None:
    """How many of the programme's questions the viewer is asked and has answered (None when
    it asks them nothing)."""
    asked = questions.questions_for(user, programme)
    if not asked:
        return None
    answered = questions.answers_of(user, asked)
    return {"asked": len(asked), "answered": len(answered)}


@login_required
def answer_questions(request: HttpRequest, slug: str) -> HttpResponse:
    """The programme's own questions for the viewer (as applicant, mentor or both): answers are
    kept and can be changed at any time; `next` brings the person back to applying."""
    programme = get_object_or_404(Programme, slug=slug)
    asked = questions.questions_for(request.user, programme)
    if not asked:
        raise Http404("This programme asks you no questions.")
    next_url = gates.safe_next(request, request.GET.get("next") or request.POST.get("next"))
    applicant = questions.APPLICANTS in questions.sides_of(request.user)
    saved = questions.answers_of(request.user, asked)
    form = questions.AnswersForm(asked, request.POST or None, answers=saved, applicant=applicant)
    if request.method == "POST":
        if form.is_valid():
            count = questions.save_answers(request.user, asked, form.answers())
            messages.success(
                request,
                f"Your answers are saved ({count} of {len(asked)} answered).",
            )
            return redirect(next_url or reverse("programmes:detail", args=[programme.slug]))
        messages.error(request, "Some answers need attention; nothing was saved yet.")
    return render(
        request,
        "programmes/questions.html",
        {"programme": programme, "form": form, "next_url": next_url, "applicant": applicant},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def apply(request: HttpRequest, slug: str) -> HttpResponse:
    programme = get_object_or_404(Programme, slug=slug)
    not_an_applicant = _how_you_take_part(request.user)
    if not_an_applicant:
        messages.error(request, not_an_applicant)
        return redirect("programmes:detail", slug=programme.slug)
    try:
        services.apply_to_programme(request.user, programme)
    except gates.Blocked as blocked:
        # Acknowledge first, then back to this programme's page to apply.
        return gates.redirect_to_meet(blocked, reverse("programmes:detail", args=[programme.slug]))
    except services.NotEligible as refusal:
        for reason in refusal.reasons:
            messages.error(request, reason)
    return redirect("programmes:detail", slug=programme.slug)


@login_required
def my_applications(request: HttpRequest) -> HttpResponse:
    """The viewer's applications (and nobody else's) with status, position, reason, estimate."""
    applications = queries.member_applications(request.user)
    return render(
        request,
        "programmes/mine.html",
        {
            "applications": applications,
            "active_statuses": Application.ACTIVE,
            "priority_rule": waiting_list.PRIORITY_RULE,
        },
    )


@login_required
@require_POST
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    application = get_object_or_404(queries.applications_of(request.user), pk=pk)
    try:
        services.withdraw_application(application, request.user)
    except services.ApplicationError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"You have withdrawn from {application.programme}.")
    return redirect("programmes:mine")


@login_required
def nominations(request: HttpRequest) -> HttpResponse:
    """Sponsors and programme managers nominate people into nomination-only programmes, and see
    the nominations they made."""
    if not may_nominate(request.user):
        raise PermissionDenied("Only sponsors and programme managers nominate people.")
    programmes = queries.nominatable_programmes(request.user)
    initial = {"programme": request.GET.get("programme")} if request.method == "GET" else None
    form = NominationForm(
        request.POST if request.method == "POST" else None,
        programmes=programmes,
        initial=_valid_initial(initial, programmes),
    )
    if request.method == "POST" and form.is_valid():
        nominee = User.objects.filter(email__iexact=form.cleaned_data["email"]).first()
        if nominee is None:
            form.add_error(
                "email",
                "Nobody with that address has joined Lodestar yet: a programme manager can "
                "invite them first.",
            )
        else:
            try:
                nomination = services.nominate(
                    form.cleaned_data["programme"],
                    nominee,
                    request.user,
                    form.cleaned_data["reason"],
                )
            except services.ApplicationError as error:
                form.add_error(None, str(error))
            else:
                messages.success(
                    request,
                    f"{nomination.nominee} is nominated for {nomination.programme}: they can "
                    "apply now and read your reason.",
                )
                return redirect("programmes:nominations")
    return render(
        request,
        "programmes/nominations.html",
        {
            "form": form,
            "has_programmes": programmes.exists(),
            "made": queries.nominations_by(request.user)[:100],
        },
    )


def _valid_initial(initial: dict | None, programmes) -> dict | None:
    # ?programme= from the programme's page: kept only when it names one of the choices.
    programme_id = parse_id((initial or {}).get("programme"))
    if programme_id and programmes.filter(pk=programme_id).exists():
        return {"programme": programme_id}
    return None
