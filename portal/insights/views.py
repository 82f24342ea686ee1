"""The insight pages: read-only, for sponsors and the programme managers of each programme.
Thin: the scope decides which programmes (queries.scorecard_programmes), the scorecard module
computes (or reads from the cache) the suppressed figures, the template shows them.

Equity monitoring: the programmes come from `queries.equity_programmes(request.user)`, the
figures from `queries.equity_report`, already suppressed; the download writes the same rows
through Wagtail's SpreadsheetExportMixin, which portal/exports.py makes formula-safe and records
in the audit trail."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.decorators import method_decorator
from django.views import View

from wagtail.admin.views.mixins import SpreadsheetExportMixin

from portal.insights import equity, queries, scorecard
from portal.insights.forms import EquityForm, ProgrammeForm, ScorecardFilterForm


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


def _chosen(request: HttpRequest):
    """The programmes the reader may see, the one chosen (the first by default) and the
    programme form (with its error when the choice was not one of them)."""
    if not queries.may_read_equity(request.user):
        raise PermissionDenied
    programmes = list(queries.equity_programmes(request.user).order_by("name"))
    if not programmes:
        return programmes, None, None
    form = ProgrammeForm(request.GET if "programme" in request.GET else None, programmes=programmes)
    chosen = programmes[0]
    if form.is_bound and form.is_valid():
        chosen = next(p for p in programmes if p.slug == form.cleaned_data["programme"])
    return programmes, chosen, form


@login_required
def equity_page(request: HttpRequest) -> HttpResponse:
    programmes, programme, _form = _chosen(request)
    if programme is None:
        return render(request, "insights/equity.html", {"programmes": []})
    report = queries.equity_report(programme)
    form = EquityForm(
        request.GET or {"programme": programme.slug}, programmes=programmes, choices=report.choices
    )
    form.is_valid()  # its errors are shown; a choice it refuses shows everyone instead
    within = report.within(form.cleaned_data.get("within") or "")
    tables = report.tables(within)
    alerts = report.alerts()
    return render(
        request,
        "insights/equity.html",
        {
            "programmes": programmes,
            "programme": programme,
            "form": form,
            "within": within,
            "tables": tables,
            "alerts": alerts,
            "charts": equity.chart_data(tables),
            "definitions": equity.DEFINITIONS,
            "may_download": queries.may_download(request.user, programme),
            "hidden_views": any(report.published.hidden_filters.values()),
        },
    )


HEADINGS = {
    "view": "View",
    "dimension": "Dimension",
    "group": "Group",
    "eligible": "Eligible",
    "participants": "Took part",
    "participation": "Participation rate",
    "matched": "Matched",
    "match_rate": "Match rate",
    "completed": "Completed",
    "completion": "Completion rate",
    "outcome": "Outcome (mean rating)",
}


def download_rows(report: queries.Report) -> list[dict]:
    """Every view's every row, as the page shows them ("hidden" where suppressed)."""
    rows = []
    for within in (None, *report.choices):
        view_label = "Everyone" if within is None else within.label
        for table in report.tables(within):
            for row in (*table.rows, table.total):
                counts = ["hidden" if n is None else n for n in row.counts]
                rates = ["" if r is None else round(r, 4) for r in row.rates]
                rows.append(
                    {
                        "view": view_label,
                        "dimension": table.title,
                        "group": row.label,
                        "eligible": counts[0],
                        "participants": counts[1],
                        "participation": rates[0],
                        "matched": counts[2],
                        "match_rate": rates[1],
                        "completed": counts[3],
                        "completion": rates[2],
                        "outcome": "" if row.outcome is None else round(row.outcome, 2),
                    }
                )
    return rows


@method_decorator(login_required, name="dispatch")
class EquityDownload(SpreadsheetExportMixin, View):
    """The programme's equity figures as CSV or XLSX, for its managers."""

    list_export = list(HEADINGS)
    export_headings = HEADINGS

    def get_page_title(self) -> str:
        return f"Equity monitoring: {self.programme}"

    def get_filename(self) -> str:
        return f"equity-{self.programme.slug}"

    def get(self, request: HttpRequest) -> HttpResponse:
        _programmes, programme, form = _chosen(request)
        if programme is None or (form is not None and form.errors):
            raise Http404
        if not queries.may_download(request.user, programme):
            raise PermissionDenied
        export_format = request.GET.get("export")
        if export_format not in self.FORMATS:
            raise Http404
        self.programme = programme
        return self.as_spreadsheet(download_rows(queries.equity_report(programme)), export_format)
