"""Template helpers for the community pages."""

from datetime import datetime
from functools import lru_cache

from django import template
from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils import timezone
from django.utils.formats import date_format

from forums import markup, pages

register = template.Library()


@register.simple_tag
def link_to(viewname: str, *args, **kwargs) -> str:
    """{% url %} for the community pages, remembered: `{% link_to 'forum:forum' f.slug f.pk %}`.

    A page of the communities has a dozen links and reversing each took a sizeable share of the
    page's time. A URL depends only on the view, its arguments and the URL configuration, all
    part of the key; the output is escaped like {% url %}'s."""
    return _reverse(
        viewname,
        args,
        tuple(sorted(kwargs.items())),
        get_script_prefix(),
        get_urlconf(),
        settings.ROOT_URLCONF,
    )


@lru_cache(maxsize=4096)
def _reverse(viewname, args, kwargs, _prefix, urlconf, _root_urlconf) -> str:
    return reverse(viewname, urlconf=urlconf, args=args or None, kwargs=dict(kwargs) or None)


@register.filter
def ago(moment: datetime | None) -> str:
    """How long ago `moment` was, as Django's naturaltime says it of the past ("now", "a minute
    ago", "3 hours ago", "2 days ago"), without its translation machinery (the pages are in
    English and a list of topics says it on every row). A week or more ago: the date."""
    if moment is None:
        return ""
    seconds = int((timezone.now() - moment).total_seconds())
    if seconds < 1:
        return "now"
    if seconds < 60:
        return _ago(seconds, "second")
    minutes = seconds // 60
    if minutes < 60:
        return _ago(minutes, "minute")
    hours = minutes // 60
    if hours < 24:
        return _ago(hours, "hour")
    if hours < 24 * 7:
        return _ago(hours // 24, "day")
    return date_format(timezone.localtime(moment), "j M Y")


def _ago(count: int, unit: str) -> str:
    if count == 1:
        return f"{'an' if unit == 'hour' else 'a'} {unit} ago"
    return f"{count} {unit}s ago"


@register.filter
def forum_markup(text: str):
    """Render a member's markdown safely (for previews; saved posts use machina's field)."""
    return markup.render(text or "")


@register.simple_tag(takes_context=True)
def may(context, method: str, *args) -> bool:
    """Ask the request's permission handler: {% may 'can_add_post' topic request.user as ok %}.

    What machina's {% get_permission %} does, without listing every method of the handler on
    each call. Only its public `can_*` questions may be asked."""
    if not method.startswith("can_"):
        raise template.TemplateSyntaxError(f"{method!r} is not a permission question")
    return getattr(context["request"].forum_permission_handler, method)(*args)


@register.simple_tag
def pending_topics(forum, user):
    """The reader's own topics in `forum` that wait for a moderator (at most one query)."""
    return pages.pending_topics(user, forum)


# The index lists the communities everyone knows first, then the reader's cohorts.
_SECTION_ORDER = {"questions": 0, "mentors": 1, "alumni": 2}


@register.simple_tag(takes_context=True)
def community_sections(context, nodes):
    """The index's forums as [(title, nodes, cohorts?)]: the standard communities, then cohorts
    (no query: the request's access rule has already loaded every forum's community)."""
    request = context["request"]
    communities = request.forum_permission_handler.access_for(request.user).communities
    standard, cohorts = [], []
    for node in nodes:
        community = communities.get(node.obj.pk)
        if community is not None and community.kind in _SECTION_ORDER:
            standard.append((_SECTION_ORDER[community.kind], node))
        else:
            cohorts.append(node)
    sections = [
        ("Open to you", [node for _, node in sorted(standard, key=lambda p: p[0])], False),
        ("Your cohorts", cohorts, True),
    ]
    return [section for section in sections if section[1]]
