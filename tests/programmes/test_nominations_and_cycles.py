"""Nominations and cycles (issue 14): sponsors and managers nominate people into
nomination-only programmes with a reason the nominee reads, and the nominee can then apply; a
manager opens the next cycle and rolls the waiting list over from a preview, once."""

from datetime import timedelta

from django.core import mail
from django.urls import reverse

import pytest

from portal.people.roles import Role
from portal.programmes import services
from portal.programmes.models import Application, Cycle, Nomination, ProgrammeLogEntry
from tests.factories import UserFactory
from tests.people.test_membership import csrf_client, post_form
from tests.programmes import factories as pf

pytestmark = pytest.mark.django_db

NOMINATIONS = reverse("programmes:nominations")


@pytest.fixture
def board(programme_manager):
    board = pf.programme(name="Board Readiness", nomination_required=True)
    board.managers.add(programme_manager)
    pf.cohort(pf.cycle(board, starts_in=20, seats=3))
    return board


def nominate(client, programme, email, reason="Ready for the board."):
    return post_form(
        client, NOMINATIONS, {"programme": programme.pk, "email": email, "reason": reason}
    )


def test_a_sponsor_nominates_a_mentee_who_reads_the_reason_and_applies(sponsor, board):
    nominee = pf.applicant(email="kwame@example.com")
    detail = reverse("programmes:detail", args=[board.slug])
    before = csrf_client(nominee).get(detail).content.decode()
    assert "It needs a nomination" in before

    response = nominate(csrf_client(sponsor), board, "KWAME@example.com", "Led the <b>rebuild</b>")
    assert response.status_code == 302
    nomination = Nomination.objects.get(nominee=nominee)
    assert nomination.nominated_by == sponsor
    [email] = mail.outbox
    assert email.to == ["kwame@example.com"] and "Led the <b>rebuild</b>" in email.body

    client = csrf_client(nominee)
    page = client.get(detail).content.decode()
    assert "You are nominated by James Whitfield" in page
    assert "Led the &lt;b&gt;rebuild&lt;/b&gt;" in page  # escaped on the page
    assert "It needs a nomination" not in page
    post_form(client, reverse("programmes:apply", args=[board.slug]), {}, page_url=detail)
    assert Application.objects.filter(applicant=nominee, programme=board).exists()


def test_nominating_someone_already_admitted_is_refused_and_nothing_is_saved(sponsor, board):
    nominee = pf.applicant(email="amara@example.org")
    Nomination.objects.create(programme=board, nominee=nominee, nominated_by=None, note="x")
    services.apply_to_programme(nominee, board)
    Nomination.objects.all().delete()
    response = nominate(csrf_client(sponsor), board, "amara@example.org")
    body = response.content.decode()
    assert response.status_code == 200
    assert "has already applied to Board Readiness" in body
    assert not Nomination.objects.exists()
    assert not mail.outbox


def test_a_second_nomination_of_the_same_person_says_who_nominated_first(
    sponsor, programme_manager, board
):
    pf.applicant(email="lena@example.com")
    nominate(csrf_client(sponsor), board, "lena@example.com")
    response = nominate(csrf_client(programme_manager), board, "lena@example.com")
    assert "was already nominated for Board Readiness by James Whitfield" in (
        response.content.decode()
    )
    assert Nomination.objects.count() == 1


@pytest.mark.parametrize(
    ("email", "reason", "message"),
    [
        ("nobody@example.com", "Because.", "Nobody with that address has joined"),
        ("lena@example.com", "", "Say why you nominate them"),
        ("not-an-address", "Because.", "Enter a valid email address"),
    ],
)
def test_bad_nominations_say_why(sponsor, board, email, reason, message):
    pf.applicant(email="lena@example.com")
    response = nominate(csrf_client(sponsor), board, email, reason)
    assert response.status_code == 200 and message in response.content.decode()
    assert not Nomination.objects.exists()


def test_a_manager_nominates_only_into_their_own_nomination_only_programmes(
    programme_manager, board
):
    other = pf.programme(name="Other board", nomination_required=True)
    open_to_all = pf.programme(name="Open to all")
    open_to_all.managers.add(programme_manager)
    pf.applicant(email="lena@example.com")
    client = csrf_client(programme_manager)
    page = client.get(NOMINATIONS).content.decode()
    assert "Board Readiness" in page and "Other board" not in page and "Open to all" not in page
    for programme in (other, open_to_all):
        response = nominate(client, programme, "lena@example.com")
        assert "Select a valid choice" in response.content.decode()
    assert not Nomination.objects.exists()


def test_a_mentee_cannot_nominate(mentee, board):
    assert csrf_client(mentee).get(NOMINATIONS).status_code == 403


def test_the_nomination_screen_costs_the_same_queries_as_nominations_grow(
    sponsor, board, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = csrf_client(sponsor)
    client.get(NOMINATIONS)
    for _ in range(2):
        services.nominate(board, pf.applicant(), sponsor, "Ready.")
    with CaptureQueriesContext(connection) as small:
        client.get(NOMINATIONS)
    for _ in range(6):
        services.nominate(board, pf.applicant(), sponsor, "Ready.")
    with django_assert_max_num_queries(len(small)):
        client.get(NOMINATIONS)


# --- cycles and the roll-over ---------------------------------------------------------------


@pytest.fixture
def spring(programme_manager):
    ela = pf.programme(name="Leadership Accelerator")
    ela.managers.add(programme_manager)
    spring = pf.cycle(ela, starts_in=-30, seats=0, name="Spring")
    pf.cohort(spring, name="Directors")
    return spring


def roll_over_url(cycle):
    return reverse("programmes_roll_over", args=[cycle.pk])


def test_a_manager_opens_the_next_cycle_then_rolls_the_list_over_from_a_preview(
    programme_manager, spring
):
    waiting = [services.apply_to_programme(pf.applicant(), spring.programme) for _ in range(2)]
    client = csrf_client(programme_manager)
    page = client.get(roll_over_url(spring)).content.decode()
    assert "Open the next cycle first" in page

    opened = post_form(
        client,
        roll_over_url(spring),
        {
            "action": "open",
            "name": "Autumn",
            "starts_on": (spring.ends_on + timedelta(days=1)).isoformat(),
            "ends_on": (spring.ends_on + timedelta(days=181)).isoformat(),
            "seats": 4,
        },
    )
    assert opened.status_code == 302
    autumn = Cycle.objects.get(name="Autumn")
    assert [c.name for c in autumn.cohorts.all()] == ["Directors"]

    preview = client.get(roll_over_url(spring)).content.decode()
    assert "Who carries over to Autumn (2)" in preview
    for application in waiting:
        assert application.applicant.get_full_name() in preview
    assert Application.objects.filter(cycle=spring).count() == 2  # a preview changes nothing

    response = post_form(client, roll_over_url(spring), _expected(preview))
    assert response.status_code == 302
    assert response["Location"] == reverse("programmes_waiting_list", args=[autumn.pk])
    moved = Application.objects.filter(cycle=autumn)
    assert moved.count() == 2 and all(a.carried_over for a in moved)
    entry = ProgrammeLogEntry.objects.get(action=services.CYCLE_ROLLED_OVER)
    assert entry.user == programme_manager and entry.data["carried_over"] == 2


def _expected(preview: str) -> dict:
    import re

    return {"expected": re.search(r'name="expected" value="([^"]*)"', preview).group(1)}


def test_a_second_roll_over_of_the_same_cycle_is_refused_and_moves_nobody(
    programme_manager, spring
):
    autumn = pf.cycle(spring.programme, starts_in=200, name="Autumn")
    services.apply_to_programme(pf.applicant(), spring.programme)
    client = csrf_client(programme_manager)
    preview = client.get(roll_over_url(spring)).content.decode()
    post_form(client, roll_over_url(spring), _expected(preview))
    late = Application.objects.create(
        programme=spring.programme,
        cycle=spring,
        applicant=pf.applicant(),
        status=Application.Status.WAITING,
    )

    # A second tab still showing the preview confirms again.
    token = client.cookies["csrftoken"].value
    again = client.post(
        roll_over_url(spring), {"expected": str(late.pk), "csrfmiddlewaretoken": token}
    )
    follow = client.get(again["Location"]).content.decode()
    assert "was already rolled over to Autumn" in follow
    late.refresh_from_db()
    assert late.cycle == spring
    assert Application.objects.filter(cycle=autumn).count() == 1
    assert ProgrammeLogEntry.objects.filter(action=services.CYCLE_ROLLED_OVER).count() == 1


def test_a_list_that_changed_since_the_preview_is_not_rolled_over(programme_manager, spring):
    pf.cycle(spring.programme, starts_in=200, name="Autumn")
    services.apply_to_programme(pf.applicant(), spring.programme)
    client = csrf_client(programme_manager)
    preview = client.get(roll_over_url(spring)).content.decode()
    services.apply_to_programme(pf.applicant(), spring.programme)  # joins after the preview
    response = post_form(client, roll_over_url(spring), _expected(preview))
    assert "changed since the preview" in client.get(response["Location"]).content.decode()
    assert Application.objects.filter(cycle=spring).count() == 2
    assert not ProgrammeLogEntry.objects.filter(action=services.CYCLE_ROLLED_OVER).exists()


def test_a_garbled_preview_is_refused_without_a_500(programme_manager, spring):
    pf.cycle(spring.programme, starts_in=200, name="Autumn")
    client = csrf_client(programme_manager)
    response = post_form(client, roll_over_url(spring), {"expected": "1,abc,\x00"})
    assert response.status_code == 302
    assert not ProgrammeLogEntry.objects.filter(action=services.CYCLE_ROLLED_OVER).exists()


def test_another_managers_cycle_cannot_be_rolled_over(spring):
    bob = UserFactory(roles=[Role.PROGRAMME_MANAGER])
    pf.cycle(spring.programme, starts_in=200, name="Autumn")
    client = csrf_client(bob)
    assert client.get(roll_over_url(spring)).status_code == 404


def test_a_mentee_cannot_open_the_roll_over(mentee, spring):
    assert csrf_client(mentee).get(roll_over_url(spring)).status_code in (302, 403)
