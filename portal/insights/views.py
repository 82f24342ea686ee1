"""The insight pages: read-only, for sponsors and the programme managers of each programme.
Thin: the scope decides which programmes (queries.scorecard_programmes), the scorecard module
computes (or reads from the cache) the suppressed figures, the template shows them."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from portal.insights import queries, scorecard
from portal.insights.forms import ScorecardFilterForm


def _readable(request: HttpRequest):
    if not queries.may_read_scorecard(request.user):
        raise Http404("No such page.")
    return queries.scorecard_programmes(request.user)


def _fragment(scope: scorecard.Scope) -> dict:
    """What the page's markup of the figures is kept on: the scope, the day, its scopes."""
    return {
        "fragment_parts": (*scope.parts, timezone.localdate().isoformat()),
        "fragment_scopes": scorecard.cache_scopes(scope),
    }


@login_required
def scorecard_overview(request: HttpRequest) -> HttpResponse:
    """Every programme the reader may see, together, and the list of programmes."""
    programmes = _readable(request)
    listed = list(programmes.order_by("name"))
    scope = scorecard.scope_of(programmes)
    return render(
        request,
        "insights/scorecard.html",
        {
            "card": scorecard.cached(scope),
            **_fragment(scope),
            "programmes": listed,
            "programme": None,
            "definitions": scorecard.TEMPLATE_DEFINITIONS,
        },
    )


@login_required
def programme_scorecard(request: HttpRequest, pk: int) -> HttpResponse:
    """One programme's scorecard, optionally for one cycle or cohort (?cycle=&cohort=)."""
    programme = get_object_or_404(_readable(request), pk=pk)
    form = ScorecardFilterForm(request.GET or None, programme=programme)
    cycle = cohort = None
    if form.is_bound and form.is_valid():
        cycle, cohort = form.cleaned_data["cycle"], form.cleaned_data["cohort"]
    scope = scorecard.Scope((programme.pk,), cycle, cohort)
    return render(
        request,
        "insights/scorecard.html",
        {
            "card": scorecard.cached(scope),
            **_fragment(scope),
            "programme": programme,
            "form": form,
            "cycle": cycle,
            "cohort": cohort,
            "definitions": scorecard.TEMPLATE_DEFINITIONS,
        },
        status=400 if form.is_bound and not form.is_valid() else 200,
    )
