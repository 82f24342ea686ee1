"""Thin views of the library: its URLs (Wagtail's serve with a cached route) and the pages' extra
routes: play a simulation, its debrief, reflections, completing a module; and a mentor's
onboarding page (the required modules and the kickoff checklist).

Who may open the page is decided before the routes run (wagtail_hooks.restrict_library_pages,
which uses queries.can_view); they only ever read the member's own runs and reflections.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from wagtail.views import serve

from content import services
from content.forms import ReflectionForm
from content.models import LearningModulePage, SimulationPage, SimulationRun
from content.queries import (
    everyone_choices,
    kickoff_checklist,
    onboarding_modules,
    visible_pages_for,
)
from content.routing import route_from_cache
from content.seed_paths import LIBRARY_PATH
from portal.people.catalog.services import mentor_profile_of
from portal.people.roles import Role


@login_required
@require_POST
def discuss(request, pk: int):
    """Open (or find) the item's topic in the every-member Q&A and go there."""
    from forums.queries import questions_forum
    from forums.services import open_discussion

    page = get_object_or_404(visible_pages_for(request.user), pk=pk)
    forum = questions_forum()
    if page.is_restricted or forum is None:
        raise Http404("This item is not discussed in the community.")
    return redirect(open_discussion(page.title, page.url, forum, request.user))


def serve_library(request, subpath: str = ""):
    """Every URL under /library/: Wagtail's own serve view (hooks, privacy checks, the page's
    serve and routes), given the route from the cache instead of walking the tree."""
    path = LIBRARY_PATH + subpath
    route_from_cache(request, path)
    return serve(request, path)


def _subpage_url(page, name: str) -> str:
    return page.url + page.reverse_subpage(name)


def play_simulation(request, page: SimulationPage):
    """GET: the current situation (or the start). POST: start, or record a choice."""
    run = services.current_run(request.user, page)
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "start":
            services.start_run(request.user, page)
            return HttpResponseRedirect(_subpage_url(page, "play"))
        if action == "choose" and run is not None:
            try:
                run = services.choose(run, request.POST.get("choice", ""))
            except services.InvalidChoice as error:
                return _render_step(request, page, run, error=str(error), status=400)
            if run.is_finished:
                return HttpResponseRedirect(_subpage_url(page, "debrief"))
            return HttpResponseRedirect(_subpage_url(page, "play"))
        return _render_step(
            request, page, run, error="Choose one of the options shown.", status=400
        )
    if run is None or run.is_finished:
        return HttpResponseRedirect(page.url)
    return _render_step(request, page, run)


def _render_step(request, page, run, error: str = "", status: int = 200):
    if run is None:
        return HttpResponseRedirect(page.url)
    kind, situation = page.nodes().get(run.current_key, (None, None))
    response = page.render(
        request,
        template="content/simulation_play.html",
        context_overrides={
            "run": run,
            "situation": situation if kind == "situation" else None,
            "last_step": run.path[-1] if run.path else None,
            "step_number": len(run.path) + 1,
            "error": error,
        },
    )
    response.status_code = status
    return response


def simulation_debrief(request, page: SimulationPage):
    """The member's path, the ending, the lessons, and everyone's choices in aggregate."""
    run = (
        SimulationRun.objects.for_user(request.user)
        .filter(page=page, finished_at__isnull=False)
        .first()
    )
    if run is None:
        return HttpResponseRedirect(page.url)
    _, ending = page.nodes().get(run.ending_key, (None, None))
    return page.render(
        request,
        template="content/simulation_debrief.html",
        context_overrides={"run": run, "ending": ending, "everyone": everyone_choices(page, run)},
    )


def save_reflections(request, page: LearningModulePage):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = ReflectionForm(request.POST, prompts=page.prompts())
    if not form.is_valid():
        response = page.serve(request)
        response.context_data["reflection_form"] = form
        response.status_code = 400
        return response
    saved = services.save_reflections(request.user, page, form.answers())
    messages.success(
        request,
        f"Saved {saved} reflection{'s' if saved != 1 else ''}. Only you can see them.",
    )
    return HttpResponseRedirect(page.url + "#reflections")


def complete_module(request, page: LearningModulePage):
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    if services.complete_module(request.user, page):
        messages.success(
            request,
            "That was your last required module: your onboarding is done and "
            "mentees can now find you in the catalog.",
        )
        return HttpResponseRedirect(reverse("onboarding"))
    messages.success(request, f"“{page.title}” is marked complete.")
    if page.required_for_mentors and request.user.has_role(Role.MENTOR):
        return HttpResponseRedirect(reverse("onboarding"))
    return HttpResponseRedirect(page.url)


@login_required
def onboarding(request):
    """A mentor's onboarding: where it stands, the required modules, the kickoff checklist."""
    if not request.user.has_role(Role.MENTOR):
        raise PermissionDenied("Onboarding is for mentors.")
    mentor = mentor_profile_of(request.user)
    modules = onboarding_modules(request.user)
    return render(
        request,
        "content/onboarding.html",
        {
            "mentor": mentor,
            "modules": modules,
            "completed": sum(module.completed for module in modules),
            "checklist": kickoff_checklist(mentor, modules),
        },
    )
