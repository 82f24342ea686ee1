"""The mentor catalog (mentees browse and shortlist) and a mentor's own catalog profile."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from portal.people.catalog import cache as catalog_cache
from portal.people.catalog import queries as catalog
from portal.people.catalog import services
from portal.people.catalog.forms import CatalogFilterForm, MentorProfileForm, StrengthFormSet
from portal.people.models import MentorProfile
from portal.people.roles import Role

MENTORS_PER_PAGE = 12


@login_required
@require_GET
def mentor_list(request: HttpRequest) -> HttpResponse:
    """Listed mentors, filtered, ordered by how well they meet the viewer's learning gaps."""
    catalog_cache.read_generations(request.user.pk)  # before any query: see catalog_cache
    form = CatalogFilterForm(request.GET)
    form.is_valid()  # a bad value becomes a message on its field; the valid filters still apply
    viewer = catalog.viewer_state(request.user)
    filters = form.filters()
    ranked = catalog.ranked_mentor_ids(filters, viewer.gaps)
    page = Paginator(ranked, MENTORS_PER_PAGE).get_page(request.GET.get("page"))
    mentor_ids = list(page.object_list)
    grid = catalog.card_grid(mentor_ids, viewer) if mentor_ids else ""
    return render(
        request,
        "people/catalog/list.html",
        {
            "form": form,
            "page": page,
            "grid": grid,
            "has_goals": bool(viewer.gaps),
            # Only mentees have learning goals (the intake asks an internal business unit).
            "asks_for_goals": request.user.has_role(Role.MENTEE),
            "mentors": request.user.has_role(Role.MENTOR)
            or request.user.has_role(Role.EXTERNAL_EXPERT),
            "is_filtered": filters != catalog.CatalogFilters(),
            "list_url": reverse("catalog:list"),
            "next_url": request.get_full_path(),
        },
    )


@login_required
@require_GET
def mentor_detail(request: HttpRequest, pk: int) -> HttpResponse:
    catalog_cache.read_generations(request.user.pk)  # before any query: see catalog_cache
    mentor = catalog.mentor_page(pk, catalog.viewer_state(request.user))
    if mentor is None:
        raise Http404("No listed mentor has this id.")
    return render(
        request,
        "people/catalog/detail.html",
        {"mentor": mentor, "is_self": mentor.user_id == request.user.pk},
    )


@login_required
@require_POST
def shortlist(request: HttpRequest, pk: int) -> HttpResponse:
    """Put a listed mentor on the viewer's shortlist, or take them off it."""
    mentor = get_object_or_404(MentorProfile.objects.listed().select_related("user"), pk=pk)
    name = mentor.user.get_full_name()
    if mentor.user_id == request.user.pk:
        messages.error(request, "You cannot shortlist yourself.")
    elif services.toggle_shortlist(request.user, mentor):
        messages.success(request, f"{name} is on your shortlist.")
    else:
        messages.success(request, f"{name} is no longer on your shortlist.")
    return redirect(_next_url(request, reverse("catalog:detail", args=[mentor.pk])))


def _next_url(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


# --- the mentor's own profile ---------------------------------------------------------------------


@login_required
def edit_mentor_profile(request: HttpRequest) -> HttpResponse:
    """A mentor edits their own catalog entry and sees whether (and why not) it is listed."""
    if not request.user.has_role(Role.MENTOR):
        raise PermissionDenied("Only mentors have a catalog profile.")
    profile = services.mentor_profile_of(request.user)
    # Read before binding: a bound form writes what was typed onto the instance.
    gaps = catalog.listing_gaps(profile)
    data, files = (request.POST, request.FILES) if request.method == "POST" else (None, None)
    form = MentorProfileForm(data, files, instance=profile)
    strengths = StrengthFormSet(data, instance=profile, prefix="strengths")
    if request.method == "POST" and all([form.is_valid(), strengths.is_valid()]):
        services.save_mentor_profile(request.user, form.cleaned_data, strengths.strengths)
        messages.success(request, "Your mentor profile is saved.")
        return redirect("catalog:edit_profile")
    return render(
        request,
        "people/mentor_profile_form.html",
        {"form": form, "strengths": strengths, "profile": profile, "listing_gaps": gaps},
    )
