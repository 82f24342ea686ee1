"""Admin list screens read as sentences, not field values ("Open", not "Is open: True")."""

import re

from django.urls import reverse

from tests.programmes.factories import cohort, cycle, programme


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_the_programme_list_says_whether_applications_are_open(client, programme_manager):
    open_one = programme(name="Emerging Leaders Circle")
    closed = programme(name="Finance Futures", is_open=False)
    for p in (open_one, closed):
        p.managers.add(programme_manager)
    client.force_login(programme_manager)
    body = client.get(reverse("programme_admin:index")).content.decode()
    assert "True" not in _text(body) and "False" not in _text(body)
    assert re.search(r"Emerging Leaders Circle.*?Open", _text(body))
    assert re.search(r"Finance Futures.*?Closed", _text(body))


def test_the_cohort_list_names_the_level_in_words(client, programme_manager):
    circle = programme(name="Emerging Leaders Circle")
    circle.managers.add(programme_manager)
    cohort(cycle(circle), name="Spring pod", level=3)
    client.force_login(programme_manager)
    body = _text(client.get(reverse("cohort_admin:index")).content.decode())
    row = body[body.index("Spring pod") :]
    assert "Senior director" in row.split("Page 1 of 1")[0]


def test_consents_and_collections_read_as_states(client, communications):
    from django.utils import timezone

    from content.models import ConsentRecord, CuratedCollection
    from tests.factories import UserFactory

    ConsentRecord.objects.create(person=UserFactory(first_name="Amara"), evidence="Signed form")
    ConsentRecord.objects.create(
        person=UserFactory(first_name="Daniel"), evidence="Email", withdrawn_at=timezone.now()
    )
    CuratedCollection.objects.create(
        title="First 90 days", slug="first-90-days", intro="Start here.", is_featured=True
    )
    client.force_login(communications)
    consents = _text(
        client.get(reverse("wagtailsnippets_content_consentrecord:list")).content.decode()
    )
    assert re.search(r"Amara.*?Given", consents)
    assert re.search(r"Daniel.*?Withdrawn on", consents)
    assert "None" not in consents
    collections = _text(
        client.get(reverse("wagtailsnippets_content_curatedcollection:list")).content.decode()
    )
    assert re.search(r"First 90 days.*?Featured", collections)
    assert "True" not in collections
