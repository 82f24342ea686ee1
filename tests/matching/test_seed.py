"""The demo's matching data: a published round with pending answers, seeded once."""

import random

import pytest

from portal.demo.matching_seed import seed_matching
from portal.demo.services import seed_demo
from portal.matching.models import Match, MatchRun


@pytest.mark.slow
def test_seed_matching_publishes_a_round_with_pending_answers_and_is_idempotent(db):
    seed_demo(scale=1)
    seed_matching(1, random.Random(1))
    runs = MatchRun.objects.count()
    assert MatchRun.objects.filter(status=MatchRun.Status.PUBLISHED).exists()
    assert Match.objects.filter(status=Match.Status.PENDING).exists()
    seed_matching(1, random.Random(1))
    assert MatchRun.objects.count() == runs
