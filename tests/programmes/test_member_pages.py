"""Member pages: the programmes, one programme with Apply, and my applications."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

import pytest

from portal.people.models import Format
from portal.programmes import services
from portal.programmes.models import Application
from tests.programmes.factories import applicant, available_mentor, cohort, cycle, programme

pytestmark = pytest.mark.django_db


@pytest.fixture
def ela():
    accelerator = programme(
        name="Executive Leadership Accelerator",
        slug="executive-leadership-accelerator",
        eligible_levels=[2, 3],
        hours_per_month=4,
        duration_months=12,
    )
    accelerator.formats.set(Format.objects.filter(code="one_on_one"))
    current = cycle(accelerator, seats=1, name="Spring 2026")
    cohort(current)
    cycle(accelerator, starts_in=150, seats=4, name="Autumn 2026")
    return accelerator


@pytest.fixture
def amara(db):
    return applicant(email="amara@example.com", first_name="Amara", last_name="Okafor")


def test_the_list_shows_each_open_programme_and_whether_i_may_apply(client, ela, amara):
    programme(name="Closed programme", is_open=False)
    client.force_login(amara)
    body = client.get(reverse("programmes:list")).content.decode()
    assert "Executive Leadership Accelerator" in body
    assert "Closed programme" not in body
    assert "One-on-one" in body
    assert "4 hours a month for 12 months" in body
    assert "Autumn 2026" in body
    assert "Directors and Senior directors." in body
    assert "You can apply." in body


def test_the_detail_spells_out_every_reason_i_cannot_apply(client, ela):
    person = applicant(level=1, intake=False)
    client.force_login(person)
    body = client.get(reverse("programmes:detail", args=[ela.slug])).content.decode()
    assert "This programme is for Directors and Senior directors; your profile says " in body
    assert "Complete your intake first." in body
    assert 'action="/programmes/executive-leadership-accelerator/apply/"' not in body


def test_applying_when_seats_are_taken_shows_position_reason_and_estimate(client, ela, amara):
    available_mentor()
    services.apply_to_programme(applicant(), ela)  # takes the only seat
    client.force_login(amara)

    response = client.post(reverse("programmes:apply", args=[ela.slug]), follow=True)

    body = response.content.decode()
    estimate = (timezone.localdate() + timedelta(days=150)).strftime("%B %Y")
    assert (
        "You're number 1 on the waiting list</strong> — This cycle&#x27;s 1 seat is taken." in body
    )
    assert f"Estimated start: {(timezone.localdate() + timedelta(days=150)).day} {estimate}" in body
    assert "People left out of the previous cycle come first." in body


def test_applying_with_a_free_seat_and_mentor_says_im_in(client, ela, amara):
    available_mentor()
    client.force_login(amara)
    body = client.post(reverse("programmes:apply", args=[ela.slug]), follow=True).content.decode()
    assert "You're in: Everyone</strong>" in body


def test_an_ineligible_apply_shows_the_reasons_and_saves_nothing(client, ela):
    person = applicant(level=5)
    client.force_login(person)
    response = client.post(reverse("programmes:apply", args=[ela.slug]), follow=True)
    assert "your profile says Executive." in response.content.decode()
    assert not Application.objects.exists()


def test_apply_needs_a_post(client, ela, amara):
    client.force_login(amara)
    assert client.get(reverse("programmes:apply", args=[ela.slug])).status_code == 405


def test_my_applications_show_status_position_reason_and_withdraw(client, ela, amara):
    ela_waiting = services.apply_to_programme(amara, programme_with_no_seats())
    client.force_login(amara)
    body = client.get(reverse("programmes:mine")).content.decode()
    assert "You're number 1 on the waiting list" in body
    assert "Estimated start: when a new cycle is scheduled." in body
    assert reverse("programmes:withdraw", args=[ela_waiting.pk]) in body

    client.post(reverse("programmes:withdraw", args=[ela_waiting.pk]))
    ela_waiting.refresh_from_db()
    assert ela_waiting.status == Application.Status.WITHDRAWN


def programme_with_no_seats():
    full = programme()
    cycle(full, seats=0)
    return full


def test_a_mentee_cannot_withdraw_another_persons_application(client, ela, amara):
    someone_else = services.apply_to_programme(applicant(), programme_with_no_seats())
    client.force_login(amara)
    response = client.post(reverse("programmes:withdraw", args=[someone_else.pk]))
    assert response.status_code == 404
    someone_else.refresh_from_db()
    assert someone_else.status == Application.Status.WAITING
    assert (
        str(someone_else.applicant) not in client.get(reverse("programmes:mine")).content.decode()
    )


def test_pages_need_sign_in(client, ela):
    for url in (reverse("programmes:list"), reverse("programmes:mine")):
        response = client.get(url)
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]


def test_an_unknown_programme_is_404(client, amara):
    client.force_login(amara)
    assert client.get(reverse("programmes:detail", args=["nope"])).status_code == 404


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _grow(n: int, amara):
    """n more programmes, each with two cycles and someone waiting; amara applies to each."""
    for _ in range(n):
        more = programme()
        more.formats.set(Format.objects.all()[:2])
        cycle(more, seats=0)
        cycle(more, starts_in=100, seats=2)
        services.apply_to_programme(applicant(), more)
        services.apply_to_programme(amara, more)


@pytest.mark.parametrize("url_name", ["programmes:list", "programmes:mine"])
def test_member_pages_run_the_same_queries_as_data_grows(client, ela, amara, url_name):
    client.force_login(amara)
    url = reverse(url_name)
    _grow(1, amara)
    client.get(url)  # warm per-process caches
    before = _queries(client, url)
    _grow(5, amara)
    assert _queries(client, url) == before


def test_the_detail_page_runs_the_same_queries_as_data_grows(client, ela, amara):
    client.force_login(amara)
    url = reverse("programmes:detail", args=[ela.slug])
    services.apply_to_programme(amara, ela)
    client.get(url)
    before = _queries(client, url)
    for _ in range(6):
        services.apply_to_programme(applicant(), ela)
    assert _queries(client, url) == before
