"""What a person must do first before an action of a lower app: applying to a programme, being
matched, posting in the communities.

Governance sits above programmes, matching and forums (it reads them), yet it decides whether a
person may take those actions: whether they have acknowledged the policies that apply to them.
So the app that owns the action asks `require` (one person) or `held_back` (many, for a matching
run) here, and the app that owns the condition registers a check at start-up
(`GovernanceConfig.ready`). With nothing registered every action is open.

A refused action raises `Blocked`; `BlockedMiddleware` sends the person to the page where they
can meet the condition, with a safe `next` back to where they were.
"""

from collections.abc import Callable, Collection
from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme


class Action(StrEnum):
    APPLY = "apply to a programme"
    MATCH = "be matched"
    POST = "post in the communities"


@dataclass(frozen=True)
class Unmet:
    """One condition not met: a sentence for the person (or the programme team) and the path
    of the page where the person meets it."""

    reason: str
    url: str


# (user ids, action, programme id or None) -> {user id: the conditions each has not met}
Check = Callable[[Collection[int], Action, int | None], dict[int, list[Unmet]]]
_checks: list[Check] = []


def register(check: Check) -> None:
    """Add a condition to every gated action (once, at start-up)."""
    if check not in _checks:
        _checks.append(check)


def held_back(
    user_ids: Collection[int], action: Action, programme_id: int | None = None
) -> dict[int, list[Unmet]]:
    """The people among `user_ids` who may not take `action` now, with what each must do."""
    found: dict[int, list[Unmet]] = {}
    if not user_ids:
        return found
    for check in _checks:
        for user_id, unmet in check(user_ids, action, programme_id).items():
            found.setdefault(user_id, []).extend(unmet)
    return found


class Blocked(Exception):
    """The person may not take the action yet; `unmet` says what they must do first."""

    def __init__(self, action: Action, unmet: list[Unmet]):
        super().__init__(f"Before you {action}: " + " ".join(u.reason for u in unmet))
        self.action = action
        self.unmet = unmet


def require(user_id: int, action: Action, programme_id: int | None = None) -> None:
    """Raise Blocked unless the person may take `action` (in the programme, if one is given)."""
    unmet = held_back([user_id], action, programme_id).get(user_id)
    if unmet:
        raise Blocked(action, unmet)


def safe_next(request: HttpRequest, candidate: str | None) -> str | None:
    """`candidate` if it is a path on this site, else None (never another host, never //x)."""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return None


def where_they_were(request: HttpRequest) -> str:
    """The page to come back to: this one for a GET; for a form sent, the page it was sent
    from when that is on this site, else the home page (a form's address may answer only POST)."""
    if request.method in ("GET", "HEAD"):
        return request.get_full_path()
    return safe_next(request, request.headers.get("referer")) or "/"


def redirect_to_meet(blocked: Blocked, next_url: str) -> HttpResponseRedirect:
    """To the page of the first unmet condition, which sends the person on to `next_url`."""
    target = blocked.unmet[0].url
    glue = "&" if "?" in target else "?"
    return HttpResponseRedirect(f"{target}{glue}{urlencode({'next': next_url})}")


class BlockedMiddleware:
    """Turns Blocked into a redirect to the first unmet condition's page, `next` attached.

    ATOMIC_REQUESTS has already rolled the view's writes back when this runs."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, Blocked):
            return None
        return redirect_to_meet(exception, where_they_were(request))
