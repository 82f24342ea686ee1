"""What matching says: words for members and numbers for managers, a confirmation before
publishing that counts pairs, and an override menu that tells mentors apart and offers no full
one."""

import re

from django.test import Client
from django.urls import reverse

import pytest

from portal.matching import services
from portal.matching.models import Match
from portal.people.services import ensure_roles
from portal.programmes.models import Engagement
from tests.matching.factories import cohort_with_people
from tests.programmes.factories import applicant, available_mentor

pytestmark = pytest.mark.django_db

SCORE = re.compile(r"\+\d+\.\d\d")


@pytest.fixture
def pm(programme_manager):
    ensure_roles()
    return programme_manager


def _token(html: str) -> str:
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def test_a_mentee_reads_why_in_words_and_the_manager_reads_the_numbers(client, pm):
    cohort, (mentee, _), _ = cohort_with_people(mentees=2, mentors=1, managers=[pm])
    run = services.run_matching(cohort, pm)
    client.force_login(pm)
    run_page = client.get(reverse("matching_run", args=[run.pk])).content.decode()
    assert SCORE.search(run_page)
    services.publish_run(run, pm)
    client.force_login(mentee)
    page = client.get(reverse("matching:mine")).content.decode()
    assert "Why this match" in page
    assert not SCORE.search(page)
    assert "A main reason" in page


def test_publishing_asks_for_confirmation_then_counts_pairs_not_people(pm):
    cohort, _, _ = cohort_with_people(mentees=2, mentors=1, managers=[pm])
    run = services.run_matching(cohort, pm)
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(pm)
    url = reverse("matching_run", args=[run.pk])
    page = browser.get(url).content.decode()
    asked = browser.post(url, {"csrfmiddlewaretoken": _token(page), "action": "publish"})
    assert asked.status_code == 302 and asked["Location"] == f"{url}?confirm=publish"
    assert not Match.objects.exists()
    confirm = browser.get(asked["Location"]).content.decode()
    assert "Publish 2 pairs?" in confirm
    assert "cannot be undone" in confirm
    done = browser.post(
        url,
        {
            "csrfmiddlewaretoken": _token(confirm),
            "action": "publish",
            "confirmed": "yes",
            "reason": "Reviewed.",
        },
        follow=True,
    ).content.decode()
    assert "Published 2 pairs: each mentee and mentor was asked to accept" in done
    assert "people were asked" not in done
    assert Match.objects.count() == 2


def test_the_override_menu_tells_namesakes_apart_and_offers_no_full_mentor(client, pm):
    cohort, _, (first,) = cohort_with_people(mentees=1, mentors=1, managers=[pm])
    namesake = available_mentor()
    for mentor, title in ((first, "VP Finance"), (namesake, "Head of Audit")):
        mentor.user.first_name, mentor.user.last_name = "Sam", "Lee"
        mentor.user.save()
        mentor.user.profile.job_title = title
        mentor.user.profile.save()
    full = available_mentor(capacity=1)
    full.user.first_name, full.user.last_name = "Fay", "Full"
    full.user.save()
    Engagement.objects.create(
        mentee=applicant(), mentor=full, programme=cohort.cycle.programme, status="active"
    )
    run = services.run_matching(cohort, pm)
    client.force_login(pm)
    page = client.get(reverse("matching_run", args=[run.pk])).content.decode()
    menu = page[page.index('id="id_override-mentor"') :].split("</select>")[0]
    assert "Sam Lee — VP Finance" in menu
    assert "Sam Lee — Head of Audit" in menu
    assert "Fay Full" not in menu
