"""Portal shell views: home, sign-in, health check, profile, CSRF failure."""

import logging
import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from wagtail.admin.views.account import LoginView as WagtailLoginView

from allauth.account.views import LoginView, SignupView

from content.cards import cards_for_ids
from content.queries import recommended_ids
from portal import home as home_tasks
from portal.demo import logins as demo_logins
from portal.demo.data import DEMO_PASSWORD
from portal.people.forms import ProfileForm
from portal.people.queries import open_invitation
from portal.people.services import ensure_profile, save_profile
from search.engines import get_engine

logger = logging.getLogger(__name__)


class AdminSignInView(WagtailLoginView):
    """Wagtail's admin sign-in, whose `next` is only ever a path on this site.

    Wagtail redirects with `redirect(next)`, which reads a value without a slash as a view name:
    `/admin/login/?next=-1` was a NoReverseMatch (500). Django's own check (same host) still
    applies; anything that is not a path goes to the admin's dashboard."""

    def get_success_url(self):
        url = self.get_redirect_url()
        return (
            url
            if url.startswith("/") and not url.startswith("//")
            else reverse("wagtailadmin_home")
        )


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """What needs me now: tasks across my roles, and next steps when there are none."""
    return render(
        request,
        "portal/home.html",
        {
            "tasks": home_tasks.tasks_for(request.user),
            "next_steps": home_tasks.next_steps_for(request.user),
            "scorecard": home_tasks.scorecard_headline(request.user),
            "for_your_goals": cards_for_ids(recommended_ids(request.user, limit=4)),
        },
    )


class SignInView(LoginView):
    """allauth's sign-in, offering the demo's logins where the demo organisation exists."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["demo_logins"] = demo_logins.offered_on_sign_in()
        context["demo_password"] = DEMO_PASSWORD if context["demo_logins"] else ""
        return context


class SignUpView(SignupView):
    """allauth's sign-up; a link from an invitation email (`?invitation=<token>`) fills in the
    invited address and carries the token, so the invitation's roles are given on sign-up."""

    def get_invitation(self):
        if not hasattr(self, "_invitation"):
            token = self.request.POST.get("invitation") or self.request.GET.get("invitation", "")
            self._invitation = open_invitation(token)
        return self._invitation

    def get_initial(self):
        initial = super().get_initial()
        invitation = self.get_invitation()
        if invitation is not None:
            initial.update(email=invitation.email, invitation=self.request.GET.get("invitation"))
        return initial

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["invitation"] = self.get_invitation()
        context["invitation_token_given"] = bool(self.request.GET.get("invitation"))
        return context


@login_required
def edit_profile(request: HttpRequest) -> HttpResponse:
    profile = ensure_profile(request.user)
    form = ProfileForm(
        request.POST or None, request.FILES or None, instance=profile, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        save_profile(request.user, form.cleaned_data)
        messages.success(request, "Your profile is saved.")
        return redirect("home")
    return render(request, "portal/profile_form.html", {"form": form})


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    """Liveness for load balancers: is the database answering, can the search index be opened,
    does the shared cache answer?

    Without the database or the index the node cannot serve: 503. Without the cache it still
    serves (pages are built uncached, more slowly): 200 with status "degraded", for the alerting.
    """
    checks = {}
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        checks["database"] = "ok"
    except Exception:  # any failure means unhealthy; the details go to the log, not the response
        logger.exception("health check: database unreachable")
        checks["database"] = "unavailable"
    checks["search"] = "ok" if get_engine().is_reachable() else "unavailable"
    checks["cache"] = "ok" if _cache_answers() else "unavailable"
    if checks["database"] != "ok" or checks["search"] != "ok":
        status, code = "unavailable", 503
    else:
        status, code = ("ok" if checks["cache"] == "ok" else "degraded"), 200
    return JsonResponse({"status": status, "checks": checks}, status=code)


def _cache_answers() -> bool:
    """The shared cache stores and returns a value (the fail-safe wrapper turns an unreachable
    server into a miss, and logs it)."""
    probe = secrets.token_hex(8)
    cache.set("healthz:probe", probe, timeout=10)
    return cache.get("healthz:probe") == probe


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A CSRF failure in the site's look, with what to do about it."""
    return render(request, "403_csrf.html", status=403)
