"""Template helpers of the library (without needing wagtail.contrib.routable_page installed)."""

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def routeurl(context, page, name: str) -> str:
    """The URL of one of a routable page's extra routes: {% routeurl page "play" %}.

    A tag rather than a filter, like Wagtail's {% pageurl %}: the page's URL may need the sites
    (read once per request through the request in the context)."""
    return page.get_url(context.get("request")) + page.reverse_subpage(name)
