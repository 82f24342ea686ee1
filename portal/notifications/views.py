"""The inbox, opening a notification, marking all read, preferences and one-click unsubscribe.

Thin: every read starts from `queries.inbox(request.user)` (another person's notification is a
404), every change is a service call.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from portal.notifications import queries, services
from portal.notifications.forms import PreferencesForm
from portal.notifications.kinds import KINDS, kinds_for
from portal.notifications.unsubscribe import read_unsubscribe_token

PER_PAGE = 20


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    page = Paginator(queries.inbox(request.user), PER_PAGE).get_page(request.GET.get("page"))
    for notification in page.object_list:
        kind = KINDS.get(notification.kind)
        notification.kind_label = kind.label if kind else ""
    return render(request, "notifications/inbox.html", {"page": page})


@login_required
def open_notification(request: HttpRequest, pk: int) -> HttpResponse:
    """Opening a notification reads it and goes straight to the page it is about."""
    notification = get_object_or_404(queries.inbox(request.user), pk=pk)
    return redirect(services.open_notification(notification))


@login_required
@require_POST
def mark_all_read(request: HttpRequest) -> HttpResponse:
    count = services.mark_all_read(request.user)
    if count:
        messages.success(request, f"Marked {count} notification{'s' if count != 1 else ''} read.")
    return redirect("notifications:inbox")


@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    user = request.user
    shown = kinds_for(user.roles, everything=user.is_superuser)
    form = PreferencesForm(request.POST or None, shown=shown, current=services.deliveries(user))
    if request.method == "POST":
        if form.is_valid():
            services.set_preferences(request.user, form.chosen())
            messages.success(request, "Your notification settings are saved.")
            return redirect("notifications:preferences")
        messages.error(request, "Choose one of the offered options for each kind.")
    return render(request, "notifications/preferences.html", {"form": form, "shown": shown})


# The token is the authorisation: mail clients post here without a session or a CSRF token
# (RFC 8058). A GET only shows what the button will do, so link scanners change nothing.
@csrf_exempt
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    found = read_unsubscribe_token(token)
    if found is None:
        return render(request, "notifications/unsubscribe.html", {"invalid": True}, status=400)
    user, chosen = found
    done = request.method == "POST"
    if done:
        services.unsubscribe(user, chosen)
    return render(
        request,
        "notifications/unsubscribe.html",
        {"kinds": chosen, "done": done, "token": token},
    )
