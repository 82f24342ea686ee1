"""Community views beside machina's: reporting a post and resolving reports."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from forums import queries, services
from forums.forms import ReportForm, ResolveReportForm


def _post_url(post) -> str:
    return f"{services.topic_url(post.topic)}?post={post.pk}#{post.pk}"


@login_required
@require_POST
def report_post(request: HttpRequest, pk: int) -> HttpResponse:
    post = get_object_or_404(queries.reportable_posts(request.user), pk=pk)
    form = ReportForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose what is wrong with the post to report it.")
        return redirect(_post_url(post))
    services.report_post(post, request.user, **form.cleaned_data)
    messages.success(
        request, "Thank you: a moderator will look at this post. It stays visible until then."
    )
    return redirect(_post_url(post))


@login_required
@require_POST
def resolve_report(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(queries.open_reports_for(request.user), pk=pk)
    form = ResolveReportForm(request.POST)
    if not form.is_valid():
        raise Http404
    remove = form.cleaned_data["action"] == "remove"
    services.resolve_report(report, request.user, remove_post=remove)
    messages.success(
        request, "The post was removed." if remove else "The report was dismissed; the post stays."
    )
    return redirect("forum_moderation:queue")
