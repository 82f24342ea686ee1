"""Around a library item: related items the reader may open, and "discuss this in the
community", which opens one topic in the every-member Q&A and then links to it."""

import re

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

import pytest

from content.models import ArticlePage, Audience, CaseStudyPage
from forums import services as forum_services
from forums.models import Discussion
from tests.content.factories import add_item

TALENT = ["talent-and-succession"]


@pytest.fixture
def questions(db):
    forum_services.ensure_standard_communities()


def _token(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def test_an_item_shows_related_items_the_reader_may_open(client, mentee, library):
    _, section = library
    item = add_item(section, CaseStudyPage, "Two plants, one budget", TALENT)
    related = add_item(section, ArticlePage, "Succession without surprises", TALENT)
    add_item(section, ArticlePage, "Mentor calibration dates", TALENT, audience=Audience.MENTORS)
    add_item(section, ArticlePage, "An unrelated note")
    client.force_login(mentee)
    body = client.get(item.url).content.decode()
    assert "Related in the library" in body
    assert related.title in body
    assert "Mentor calibration dates" not in body
    assert "An unrelated note" not in body


def test_a_member_starts_the_discussion_then_everyone_joins_it(mentee, mentor, library, questions):
    _, section = library
    item = add_item(section, CaseStudyPage, "Two plants, one budget", TALENT)
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(mentee)
    page = browser.get(item.url).content.decode()
    assert "Discuss this in the community" in page
    opened = browser.post(f"/library/discuss/{item.pk}/", {"csrfmiddlewaretoken": _token(page)})
    assert opened.status_code == 302
    topic_page = browser.get(opened["Location"])
    assert topic_page.status_code == 200
    assert "Two plants, one budget" in topic_page.content.decode()
    other = Client()
    other.force_login(mentor)
    again = other.get(item.url).content.decode()
    assert "Join the discussion" in again and opened["Location"] in again
    assert Discussion.objects.count() == 1


def test_a_restricted_item_is_not_discussed_in_the_open(client, mentor, library, questions):
    _, section = library
    item = add_item(
        section, ArticlePage, "Mentor calibration dates", TALENT, audience=Audience.MENTORS
    )
    client.force_login(mentor)
    assert "Discuss this in the community" not in client.get(item.url).content.decode()
    assert client.post(f"/library/discuss/{item.pk}/").status_code == 404
    assert not Discussion.objects.exists()


def test_nobody_discusses_an_item_they_cannot_open(client, mentee, library, questions):
    _, section = library
    item = add_item(section, ArticlePage, "Mentor calibration", TALENT, audience=Audience.MENTORS)
    client.force_login(mentee)
    assert client.post(f"/library/discuss/{item.pk}/").status_code == 404


def test_an_item_page_reads_the_same_number_of_queries_however_many_relate(
    client, mentee, library, questions
):
    _, section = library
    item = add_item(section, CaseStudyPage, "Two plants, one budget", TALENT)
    add_item(section, ArticlePage, "Related 0", TALENT, slug="related-0")
    client.force_login(mentee)
    client.get(item.url)
    with CaptureQueriesContext(connection) as before:
        client.get(item.url)
    for n in range(1, 6):
        add_item(section, ArticlePage, f"Related {n}", TALENT, slug=f"related-{n}")
    client.get(item.url)
    with CaptureQueriesContext(connection) as after:
        client.get(item.url)
    assert len(after) == len(before)
