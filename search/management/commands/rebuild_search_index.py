"""The one way to rebuild the search indexes: the portal's own (search/) and Wagtail's.

Wagtail's index serves the library's own filter box and the admin; the portal's index serves
every other search, machina's forum search included. Both `update_index` commands (Wagtail's and
haystack's) are left alone: haystack keeps no index here (docs/search.md).
"""

import time

from django.core.management import call_command
from django.core.management.base import BaseCommand

from wagtail.search.management.commands.update_index import Command as WagtailUpdateIndex

from search import tasks


class Command(BaseCommand):
    help = "Rebuild the portal's search index and Wagtail's page index."

    def handle(self, *args, **options) -> None:
        verbosity = options["verbosity"]
        started = time.perf_counter()
        count = tasks.rebuild()
        call_command(WagtailUpdateIndex(), verbosity=max(verbosity - 1, 0))
        if verbosity:
            self.stdout.write(
                self.style.SUCCESS(
                    f"Search indexes rebuilt: {count:,} documents in "
                    f"{time.perf_counter() - started:.1f} s."
                )
            )
