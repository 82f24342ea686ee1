"""Views of the mentee intake: parse the step's form, call a service in services.py, render.

Only the signed-in person's own intake is ever read or written: every view works on
`request.user` and no URL carries an id.
"""

import functools
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from portal.people.forms import ProfileForm
from portal.people.intake import services as service
from portal.people.intake.forms import (
    AimsForm,
    DemographicsForm,
    PreferencesForm,
    competency_choices,
    goal_formset,
)
from portal.people.models import Competency, Intake
from portal.people.roles import Role

StepView = Callable[[HttpRequest, Intake], HttpResponse]
NOT_FOR_YOU = (
    "The intake is for mentees applying to a programme. Your profile is where you tell the "
    "programme team about yourself."
)


def _mentees_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Someone who is no mentee is sent to their profile, with a sentence saying why."""

    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not request.user.has_role(Role.MENTEE):
            messages.info(request, NOT_FOR_YOU)
            return redirect("edit_profile")
        return view(request, *args, **kwargs)

    return wrapper


@login_required
@_mentees_only
def start(request: HttpRequest) -> HttpResponse:
    """Resume the intake at the furthest step reached."""
    return redirect("intake:step", service.current_step(service.find_intake(request.user)))


@login_required
@_mentees_only
@require_http_methods(["GET", "POST"])
def step(request: HttpRequest, step_name: str) -> HttpResponse:
    """Show one step; a valid POST saves it and moves on (or home, for "Save and leave")."""
    if step_name not in STEP_VIEWS:
        raise Http404("No such intake step.")
    intake = service.find_intake(request.user)
    if not service.step_is_open(intake, step_name):
        messages.info(request, "Please finish this step first; the later ones open after it.")
        return redirect("intake:step", service.current_step(intake))
    return STEP_VIEWS[step_name](request, intake)


def _render(request: HttpRequest, intake: Intake, step_name: str, **context: Any) -> HttpResponse:
    number = service.step_number(step_name)
    return render(
        request,
        f"people/intake/{step_name}.html",
        {
            "intake": intake,
            "step_name": step_name,
            "step_number": number,
            "step_count": len(service.STEPS),
            "step_label": service.STEP_LABELS[step_name],
            "steps": service.progress(intake, step_name),
            "previous_step": service.STEPS[number - 2] if number > 1 else None,
            # A step is only re-rendered after a POST when the POST did not validate.
            "has_errors": request.method == "POST",
            **context,
        },
    )


def _saved(request: HttpRequest, step_name: str) -> HttpResponse:
    """After a step is saved: on to the next one, or home when the person chose to leave."""
    if request.POST.get("then") == "leave":
        messages.success(request, "Your answers are saved. Pick up where you left off any time.")
        return redirect("home")
    following = service.next_step(step_name)
    return redirect("intake:step", following or step_name)


def _career(request: HttpRequest, intake: Intake) -> HttpResponse:
    form = ProfileForm(
        request.POST or None,
        instance=service.find_profile(request.user),
        user=request.user,
        intake=True,
    )
    if request.method == "POST" and form.is_valid():
        service.save_career(request.user, form.cleaned_data)
        return _saved(request, "career")
    return _render(request, intake, "career", form=form)


def _goals(request: HttpRequest, intake: Intake) -> HttpResponse:
    data = request.POST if request.method == "POST" else None
    competencies = competency_choices(Competency.objects.select_related("cluster"))
    goals = goal_formset(
        data,
        goals=[] if data is not None else service.goal_rows(request.user),
        competencies=competencies,
    )
    aims = AimsForm(data, instance=intake)
    if data is not None and goals.is_valid() and aims.is_valid():
        service.replace_goals(request.user, goals.goals, aims.cleaned_data["aims"])
        return _saved(request, "goals")
    return _render(request, intake, "goals", goals=goals, form=aims)


def _preferences(request: HttpRequest, intake: Intake) -> HttpResponse:
    form = PreferencesForm(request.POST or None, instance=intake)
    if request.method == "POST" and form.is_valid():
        service.save_preferences(
            request.user,
            formats=form.cleaned_data["formats"],
            availability=form.cleaned_data["availability"],
            hours_per_month=form.cleaned_data["hours_per_month"],
            preferred_styles=form.cleaned_data["preferred_styles"],
        )
        return _saved(request, "preferences")
    return _render(request, intake, "preferences", form=form)


def _demographics(request: HttpRequest, intake: Intake) -> HttpResponse:
    if request.method == "POST":
        form = DemographicsForm(request.POST)
    else:
        form = DemographicsForm(initial=service.demographic_initial(request.user))
    if request.method == "POST" and form.is_valid():
        outcome = service.record_demographics(
            request.user, consent=form.cleaned_data["consent"], answers=form.cleaned_data
        )
        if outcome is service.DemographicsOutcome.DELETED:
            messages.success(request, "Your demographic data has been deleted.")
        return _saved(request, "demographics")
    return _render(request, intake, "demographics", form=form)


def _review(request: HttpRequest, intake: Intake) -> HttpResponse:
    if request.method == "POST":
        service.submit_intake(request.user)
        messages.success(
            request,
            "Thank you: your intake is submitted. The programme team will use it to match you "
            "with a mentor; you can still change your answers.",
        )
        return redirect("home")
    return _render(request, intake, "review", summary=service.summarise(request.user, intake))


STEP_VIEWS: dict[str, StepView] = {
    "career": _career,
    "goals": _goals,
    "preferences": _preferences,
    "demographics": _demographics,
    "review": _review,
}
