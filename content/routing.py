"""Finding the page behind a library URL without walking the page tree on every request.

Wagtail's routing reads the site, its root page, then each page down the path and its specific
type: about eight queries for an item. Which page a path leads to, and what that page holds,
only change when pages or sites do, so the routed page is cached under the library version
(content/versions.py) with the number of path components it consumed. Each request gets its own
unpickled copy; the page then routes what is left of the path (a simulation's play/, the feeds)
exactly as Wagtail would. Whether the reader may open the page is decided afterwards, on every
request, by Wagtail's serve view and its hooks (content.wagtail_hooks).
"""

import hashlib

from django.core.cache import cache
from django.http import Http404, HttpRequest

from wagtail.models import Page, Site

from content import versions


def _key(request: HttpRequest, path: str) -> str:
    where = f"{request.get_host()}:{request.get_port()}:{path}"
    return f"content:route:{versions.library()}:{hashlib.sha256(where.encode()).hexdigest()}"


def route_from_cache(request: HttpRequest, path: str) -> None:
    """Set Wagtail's per-request route for `path` (what Page.route_for_request would find),
    from the cache when it is there; otherwise let Wagtail route and remember where it led."""
    key = _key(request, path)
    found = cache.get(key)
    if found is not None:
        page, consumed = found
        components = [component for component in path.split("/") if component]
        try:
            request._wagtail_route_for_request = page.route(request, components[consumed:])
        except Http404:
            request._wagtail_route_for_request = None
        return
    result = Page.route_for_request(request, path)
    if result is None:
        return
    page = result[0]
    consumed = page.depth - Site.find_for_request(request).root_page.depth
    # Pickled now, before serving the request has set anything on the page.
    cache.set(key, (page, consumed), versions.TIMEOUT)
