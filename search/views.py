"""The portal's search page, and machina's forum search routed to it."""

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from portal import ratelimits
from search.documents import POST_TYPE_LABEL
from search.engines.base import FACETS
from search.forms import SearchForm
from search.service import search_for

FACET_LABELS = {"type": "Type", "competency": "Competency", "community": "Community"}


def _link(params: dict, **changes) -> str:
    """A link to these results with `changes` (params never hold a page: a new filter starts
    at page one)."""
    merged = {**params, **changes}
    return "?" + urlencode({name: value for name, value in merged.items() if value})


@login_required
@require_GET
def results(request: HttpRequest) -> HttpResponse:
    form = SearchForm(request.GET or None)
    context: dict = {"form": form, "searched": form.is_bound}
    if form.is_bound and not ratelimits.allow(request.user, "search"):
        # Their words stay in the box; the page says when to try again.
        context.update(searched=False, refused=ratelimits.wait_message("search"))
        return render(request, "search/results.html", context, status=429)
    if form.is_bound and form.is_valid():
        text = form.cleaned_data["q"]
        chosen = form.filters()
        exact = form.cleaned_data["exact"]
        outcome = search_for(
            request.user, text, chosen, form.cleaned_data.get("page") or 1, exact=exact
        )
        # Filters and pages stay with the words the results are for (a correction, if any).
        params = {"q": outcome.query, **chosen, "exact": "1" if exact else ""}
        facets = []
        for name in FACETS:
            values = outcome.results.facets.get(name, [])
            if not values and name not in chosen:
                continue
            facets.append(
                {
                    "name": name,
                    "label": FACET_LABELS[name],
                    "chosen": chosen.get(name, ""),
                    "clear_url": _link(params, **{name: ""}),
                    "values": [
                        {
                            "value": value,
                            "count": count,
                            "selected": chosen.get(name) == value,
                            "url": _link(params, **{name: value}),
                        }
                        for value, count in values
                    ],
                }
            )
        context.update(
            query=outcome.query,
            outcome=outcome,
            results=outcome.results,
            facets=facets,
            chosen=chosen,
            suggestion_url=_link({"q": outcome.results.suggestion})
            if outcome.results.suggestion
            else "",
            exact_url=_link({"q": outcome.corrected_from, **chosen}, exact="1")
            if outcome.corrected_from
            else "",
            previous_url=_link(params, page=outcome.page - 1) if outcome.page > 1 else "",
            next_url=_link(params, page=outcome.page + 1) if outcome.page < outcome.pages else "",
        )
    return render(request, "search/results.html", context)


@login_required
@require_GET
def forum_search(request: HttpRequest) -> HttpResponseRedirect:
    """machina's forum search (its form and links) answered by the portal's search, limited to
    discussions: the same index, the same permissions, the same answers."""
    params = {"q": request.GET.get("q", ""), "type": POST_TYPE_LABEL}
    return HttpResponseRedirect(reverse("search:results") + "?" + urlencode(params))
