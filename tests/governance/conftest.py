"""A programme Sofia manages, another manager's programme, and a way to add risks."""

import re
from datetime import timedelta
from itertools import count

from django.test import Client
from django.utils import timezone

import pytest

from portal.governance.models import Risk
from portal.people.roles import Role
from tests.factories import UserFactory
from tests.programmes import factories as pf

_numbers = count(1)


@pytest.fixture
def programme(programme_manager):
    programme = pf.programme(name="Aurora Programme")
    programme.managers.add(programme_manager)
    return programme


@pytest.fixture
def other_programme(db):
    manager = UserFactory(roles=[Role.PROGRAMME_MANAGER])
    programme = pf.programme(name="Zenith Programme")
    programme.managers.add(manager)
    return programme


def add_risk(owner, programme=None, **fields) -> Risk:
    defaults = {
        "title": f"Risk {next(_numbers)}",
        "category": Risk.Category.TIME,
        "likelihood": 3,
        "impact": 3,
        "next_review_on": timezone.localdate() + timedelta(days=30),
    }
    return Risk.objects.create(owner=owner, programme=programme, **{**defaults, **fields})


def signed_in(user) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    return client


def csrf_from(html: str) -> str:
    """The CSRF token of the first form on a rendered page."""
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
