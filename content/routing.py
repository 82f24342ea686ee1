"""Finding the page behind a library URL without walking the page tree on every request.

Wagtail's routing reads the site, its root page, then each page down the path and its specific
type: about eight queries for an item. Which page a path leads to, and what that page holds,
only change when pages or sites do, so the routed page is cached on the library's scope
(content/cache.py) with the number of path components it consumed. Each request gets its own
unpickled copy; the page then routes what is left of the path (a simulation's play/, the feeds)
exactly as Wagtail would. Whether the reader may open the page is decided afterwards, on every
request, by Wagtail's serve view and its hooks (content.wagtail_hooks).
"""

from django.http import Http404, HttpRequest

from wagtail.models import Page, Site

from content.cache import LIBRARY
from portal import generations


def route_from_cache(request: HttpRequest, path: str) -> None:
    """Set Wagtail's per-request route for `path` (what Page.route_for_request would find),
    from the cache when it is there; otherwise let Wagtail route and remember where it led."""

    def route_with_wagtail():
        result = Page.route_for_request(request, path)  # sets the request's route itself
        if result is None:
            return None  # no such page: not kept, Wagtail's serve answers 404
        page = result[0]
        # Pickled when stored, before serving the request has set anything on the page.
        return page, page.depth - Site.find_for_request(request).root_page.depth

    where = (request.get_host(), request.get_port(), path)
    found = generations.cached(("content-route", *where), (LIBRARY,), route_with_wagtail)
    if found is None or hasattr(request, "_wagtail_route_for_request"):
        return  # nothing to route, or Wagtail has just routed it
    page, consumed = found
    components = [component for component in path.split("/") if component]
    try:
        request._wagtail_route_for_request = page.route(request, components[consumed:])
    except Http404:
        request._wagtail_route_for_request = None
