"""Which page of a list a community view was asked for."""

from collections.abc import Callable

from django.http import Http404

from portal.ids import parse_id


def page_number(view, last_page: Callable[[], int]) -> int:
    """The page a list view was asked for, read as Django's ListView reads it ("last" counts the
    pages with `last_page()`); anything else is a 404."""
    requested = view.kwargs.get(view.page_kwarg) or view.request.GET.get(view.page_kwarg) or 1
    if requested == "last":
        return last_page()
    number = parse_id(requested)
    if number is None:
        raise Http404("No such page.")
    return number
