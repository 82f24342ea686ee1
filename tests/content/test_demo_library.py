"""The demo library: enough believable items of every type, playable, and idempotent."""

import random

from content.models import ITEM_TYPES, CuratedCollection, LibraryPage, SimulationRun
from content.queries import everyone_choices
from portal.demo.content_seed import seed_content
from portal.demo.services import seed_demo
from portal.people.models import CompetencyCluster


def test_the_demo_library_has_every_type_and_reruns_add_nothing(db):
    seed_demo()
    seed_content(1, random.Random(1))
    count = LibraryPage.objects.live().count()
    assert count >= 30
    every = LibraryPage.objects.count()  # drafts in review included
    for model in ITEM_TYPES:
        assert model.objects.live().exists(), model
    assert CuratedCollection.objects.count() == CompetencyCluster.objects.count()
    assert LibraryPage.objects.exclude(audience="members").exists()
    seed_content(1, random.Random(1))
    assert LibraryPage.objects.live().count() == count
    assert LibraryPage.objects.count() == every
    for simulation in ITEM_TYPES[2].objects.all():
        assert not everyone_choices(simulation, None)["suppressed"]
    assert SimulationRun.objects.filter(finished_at__isnull=False).exists()
