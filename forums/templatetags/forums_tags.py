"""Template helpers for the community pages."""

from django import template

from forums import markup

register = template.Library()


@register.filter
def forum_markup(text: str):
    """Render a member's markdown safely (for previews; saved posts use machina's field)."""
    return markup.render(text or "")
