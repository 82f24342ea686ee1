"""The one way to rebuild every search index.

Wagtail and django-haystack both ship an `update_index` command; which one `update_index` runs
depends on INSTALLED_APPS order. This command calls both command classes directly, so it does
not depend on that order, and then rebuilds the portal's own index.
"""

from django.core.management import call_command
from django.core.management.base import BaseCommand

from wagtail.search.management.commands.update_index import Command as WagtailUpdateIndex

from haystack.management.commands.rebuild_index import Command as HaystackRebuild

from search import index


class Command(BaseCommand):
    help = "Rebuild the portal index, Wagtail's page index and the forum (haystack) index."

    def handle(self, *args, **options) -> None:
        verbosity = options["verbosity"]
        index.create_empty()
        call_command(WagtailUpdateIndex(), verbosity=max(verbosity - 1, 0))
        call_command(HaystackRebuild(), interactive=False, verbosity=max(verbosity - 1, 0))
        if verbosity:
            self.stdout.write(self.style.SUCCESS("Search indexes rebuilt."))
