"""Policies and charters in the admin, narrowed like their lists: a programme manager chooses,
opens, edits, compares, reverts or deletes the organisation's and their own programmes'
documents only; any other id answers 404 (queries.managed_policies / managed_charters).
Wagtail's snippet views read objects by id alone, so each is subclassed here."""

from collections.abc import Callable

from django.db.models import QuerySet
from django.http import Http404

from wagtail.snippets.views.chooser import (
    ChooseResultsView,
    ChooseView,
    SnippetChooserViewSet,
    SnippetChosenMultipleView,
    SnippetChosenView,
)
from wagtail.snippets.views.snippets import SnippetViewSet

Scope = Callable[..., QuerySet]


def scoped_chooser(scope: Scope) -> type[SnippetChooserViewSet]:
    """A chooser viewset whose every view reads through `scope(user)`."""

    class Choose(ChooseView):
        def get_object_list(self):
            return scope(self.request.user)

    class ChooseResults(ChooseResultsView):
        def get_object_list(self):
            return scope(self.request.user)

    class Chosen(SnippetChosenView):
        def get_object(self, pk):
            return scope(self.request.user).get(pk=pk)

    class ChosenMultiple(SnippetChosenMultipleView):
        def get_objects(self, pks):
            return scope(self.request.user).filter(pk__in=pks)

    class Scoped(SnippetChooserViewSet):
        choose_view_class = Choose
        choose_results_view_class = ChooseResults
        chosen_view_class = Chosen
        chosen_multiple_view_class = ChosenMultiple

    return Scoped


def scoped_view(base: type, scope: Scope) -> type:
    """`base` (a snippet view that reads one object) answering 404 for an object outside
    `scope(user)`: edit, delete, copy, history, usage, compare, revert, unpublish, preview."""

    class Scoped(base):  # type: ignore[misc, valid-type]
        def get_object(self, *args, **kwargs):
            found = super().get_object(*args, **kwargs)
            if not scope(self.request.user).filter(pk=found.pk).exists():
                raise Http404("Not one of your programmes' documents.")
            return found

    Scoped.__name__ = Scoped.__qualname__ = f"Scoped{base.__name__}"
    return Scoped


OBJECT_VIEWS = (
    "copy_view_class",
    "edit_view_class",
    "delete_view_class",
    "usage_view_class",
    "history_view_class",
    "revisions_compare_view_class",
    "revisions_unschedule_view_class",
    "unpublish_view_class",
    "preview_on_edit_view_class",
    "workflow_history_view_class",
    "workflow_history_detail_view_class",
)


def scoped_viewset(scope: Scope) -> type[SnippetViewSet]:
    """A SnippetViewSet whose chooser and every object view read through `scope(user)` (the
    index is narrowed by the subclass's own `get_queryset`)."""
    attributes: dict[str, type] = {
        name: scoped_view(getattr(SnippetViewSet, name), scope)
        for name in OBJECT_VIEWS
        if isinstance(getattr(SnippetViewSet, name, None), type)
    }
    attributes["chooser_viewset_class"] = scoped_chooser(scope)
    return type("ScopedSnippetViewSet", (SnippetViewSet,), attributes)
