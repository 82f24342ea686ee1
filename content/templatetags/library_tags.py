"""Template helpers of the library (without needing wagtail.contrib.routable_page installed)."""

from django import template

register = template.Library()


@register.filter
def route_url(page, name: str) -> str:
    """The URL of one of a routable page's extra routes, e.g. {{ page|route_url:"play" }}."""
    return page.url + page.reverse_subpage(name)


@register.filter
def library_cards(items) -> list:
    """The rendered cards of `items`, each from the shared card cache when it is there."""
    from content.cards import render_cards

    return render_cards(list(items))
