"""Who may join, with which roles: allowed domains, invitations, role requests, and the People
screens where programme managers find people and change their roles (issues 13 and 14).

Every form is posted through its rendered page, with the CSRF token read from the HTML."""

import re
from datetime import timedelta

from django.contrib.auth.models import Group
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend as LocmemBackend
from django.test import Client, TestCase
from django.urls import reverse
from django.utils import timezone

import pytest

from portal.people import services
from portal.people.models import AllowedDomain, Invitation, PersonLogEntry, RoleRequest, User
from portal.people.roles import Role
from tests.factories import ProfileFactory, UserFactory

pytestmark = pytest.mark.django_db

SIGNUP = reverse("account_signup")
PEOPLE = reverse("people_index")
REQUESTS = reverse("people_role_requests")
INVITE = reverse("people_invite")


def csrf_client(user=None) -> Client:
    client = Client(enforce_csrf_checks=True)
    if user is not None:
        client.force_login(user)
    return client


def post_form(client: Client, url: str, data: dict, page_url: str | None = None):
    """Open the page, read its CSRF token, post the form as a browser would (tasks queued on
    commit run then, as the request's transaction would commit)."""
    body = client.get(page_url or url).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body).group(1)
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(url, {**data, "csrfmiddlewaretoken": token})


def signup(client: Client, email: str, role: str | None = "Mentor", page_url=SIGNUP, **extra):
    data = {
        "first_name": "Lena",
        "last_name": "Fischer",
        "email": email,
        "password1": "a-long-unusual-passphrase-42",
        "password2": "a-long-unusual-passphrase-42",
        **extra,
    }
    if role:
        data["role"] = role
    return post_form(client, SIGNUP, data, page_url)


@pytest.fixture
def meridian(db):
    return AllowedDomain.objects.create(domain="meridian.example", grant_at_once=False)


@pytest.fixture
def superuser(db):
    return UserFactory(email="root@example.com", is_superuser=True, is_staff=True)


def pending_request(person: User, role: Role = Role.MENTOR) -> RoleRequest:
    return services.request_role(person, role)


# --- sign-up -----------------------------------------------------------------------------------


def test_sign_up_from_an_outside_domain_is_refused_with_a_clear_message(meridian):
    response = signup(csrf_client(), "lena@elsewhere.example")
    body = response.content.decode()
    assert response.status_code == 200
    assert "open to the organisation&#x27;s own email addresses" in body
    assert 'value="Lena"' in body  # what was typed is kept
    assert not User.objects.filter(email="lena@elsewhere.example").exists()


def test_sign_up_from_a_grant_at_once_domain_gets_the_role_immediately(meridian):
    meridian.grant_at_once = True
    meridian.save()
    response = signup(csrf_client(), "Lena.Fischer@Meridian.example", role="Mentee")
    assert response.status_code == 302
    person = User.objects.get(email="lena.fischer@meridian.example")
    assert person.roles == [Role.MENTEE]
    assert not RoleRequest.objects.exists()
    entry = PersonLogEntry.objects.get(object_id=str(person.pk))
    assert entry.action == services.ROLE_GRANTED and "meridian.example" in entry.data["reason"]


def test_sign_up_from_a_listed_domain_puts_the_request_in_the_queue(meridian, client):
    signup(csrf_client(), "lena@meridian.example", role="Mentor")
    person = User.objects.get(email="lena@meridian.example")
    assert person.roles == []
    request = RoleRequest.objects.get(person=person)
    assert (request.role, request.status) == ("Mentor", RoleRequest.Status.PENDING)
    client.force_login(person)
    assert "Your request to be a mentor is waiting" in client.get(reverse("home")).content.decode()


def test_sign_up_must_say_which_role(meridian):
    response = signup(csrf_client(), "lena@meridian.example", role=None)
    assert "Choose whether you would like to be a mentee or a mentor." in response.content.decode()
    assert not User.objects.exists()


def test_sign_up_asking_for_a_staff_role_is_refused(meridian):
    response = signup(csrf_client(), "lena@meridian.example", role="Programme manager")
    assert "Choose mentee or mentor" in response.content.decode()
    assert not User.objects.exists()
    with pytest.raises(services.MembershipError):
        services.request_role(UserFactory(), Role.PROGRAMME_MANAGER)
    assert not RoleRequest.objects.exists()


# --- invitations -------------------------------------------------------------------------------


def test_an_invitation_lets_an_outside_address_join_with_its_roles(programme_manager, meridian):
    response = post_form(
        csrf_client(programme_manager),
        INVITE,
        {"emails": "expert@northbridge.example", "roles": ["External expert", "Mentor"]},
    )
    assert response.status_code == 302
    invitation = Invitation.objects.get()
    assert invitation.invited_by == programme_manager and invitation.accepted_at is None
    (email,) = mail.outbox
    assert email.to == ["expert@northbridge.example"]
    link = re.search(r"http\S+invitation=\S+", email.body).group(0)
    page = link.split("8000", 1)[-1].split("testserver", 1)[-1]
    visitor = csrf_client()
    assert "invited to join as external expert, mentor" in visitor.get(page).content.decode()
    response = signup(
        visitor,
        "expert@northbridge.example",
        role=None,
        page_url=page,
        invitation=link.split("invitation=", 1)[1],
    )
    assert response.status_code == 302
    person = User.objects.get(email="expert@northbridge.example")
    assert set(person.roles) == {Role.EXTERNAL_EXPERT, Role.MENTOR}
    invitation.refresh_from_db()
    assert invitation.accepted_by == person
    grants = PersonLogEntry.objects.filter(object_id=str(person.pk))
    assert {entry.user for entry in grants} == {programme_manager}


def test_an_invitation_works_only_for_its_address_and_only_once(programme_manager):
    token, token_hash = services.new_invitation_token()
    Invitation.objects.create(
        email="expert@northbridge.example",
        roles=["Mentor"],
        invited_by=programme_manager,
        token_hash=token_hash,
        expires_at=timezone.now() + timedelta(days=3),
    )
    other = signup(csrf_client(), "someone@else.example", invitation=token)
    assert "sent to another address" in other.content.decode()
    assert signup(csrf_client(), "expert@northbridge.example", invitation=token).status_code == 302
    again = signup(csrf_client(), "second@northbridge.example", invitation=token)
    assert "open to the organisation" in again.content.decode()
    assert User.objects.count() == 2  # the manager and the one invited person


def test_an_expired_invitation_lets_nobody_in(programme_manager):
    token, token_hash = services.new_invitation_token()
    Invitation.objects.create(
        email="late@northbridge.example",
        roles=["Mentor"],
        token_hash=token_hash,
        expires_at=timezone.now() - timedelta(minutes=1),
    )
    response = signup(csrf_client(), "late@northbridge.example", invitation=token)
    assert "open to the organisation" in response.content.decode()
    assert not User.objects.filter(email="late@northbridge.example").exists()


def test_inviting_a_list_with_bad_lines_says_which_and_invites_nobody(programme_manager):
    UserFactory(email="taken@meridian.example")
    lines = "ok@meridian.example\nnot-an-address\nok@meridian.example\ntaken@meridian.example"
    response = post_form(
        csrf_client(programme_manager), INVITE, {"emails": lines, "roles": ["Mentee"]}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Line 2: “not-an-address” is not an email address." in body
    assert "Line 3: ok@meridian.example is listed twice." in body
    assert "Line 4: taken@meridian.example already has an account." in body
    assert "Nobody was invited" in body
    assert "ok@meridian.example" in body  # the pasted list is kept to correct
    assert not Invitation.objects.exists() and not mail.outbox


def test_a_pasted_list_invites_each_address_once(programme_manager):
    post_form(
        csrf_client(programme_manager),
        INVITE,
        {"emails": "a@x.example, b@x.example;\nC@X.example", "roles": ["Mentee"]},
    )
    assert sorted(Invitation.objects.values_list("email", flat=True)) == [
        "a@x.example",
        "b@x.example",
        "c@x.example",
    ]
    assert len(mail.outbox) == 3
    again = post_form(
        csrf_client(programme_manager), INVITE, {"emails": "b@x.example", "roles": ["Mentee"]}
    )
    assert "already has an open invitation" in again.content.decode()


def test_a_manager_cannot_invite_with_a_staff_role(programme_manager):
    response = post_form(
        csrf_client(programme_manager),
        INVITE,
        {"emails": "a@x.example", "roles": ["Programme manager"]},
    )
    assert "Programme manager is a role you may not grant." in response.content.decode()
    assert not Invitation.objects.exists()


# --- role requests -----------------------------------------------------------------------------


def test_a_manager_approves_a_request_and_a_second_approval_changes_nothing(programme_manager):
    person = UserFactory(first_name="Lena", last_name="Fischer")
    request = pending_request(person)
    client = csrf_client(programme_manager)
    page = client.get(REQUESTS).content.decode()
    assert "Lena Fischer" in page
    # The page stays open in a second tab, whose form is then sent again.
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    decision = {"request": request.pk, "decision": "approve", "csrfmiddlewaretoken": token}
    response = client.post(REQUESTS, decision)
    assert response.status_code == 302
    person.refresh_from_db()
    assert User.objects.get(pk=person.pk).roles == [Role.MENTOR]
    request.refresh_from_db()
    assert (request.status, request.decided_by) == ("approved", programme_manager)
    entries = PersonLogEntry.objects.filter(object_id=str(person.pk)).count()

    response = client.post(REQUESTS, decision)
    followed = client.get(response.url).content.decode()
    assert "already approved by Sofia Lindqvist; nothing was changed" in followed
    assert PersonLogEntry.objects.filter(object_id=str(person.pk)).count() == entries
    with pytest.raises(services.MembershipError):
        services.decline_role_request(request.pk, programme_manager, "Too late")
    request.refresh_from_db()
    assert request.status == "approved"


def test_a_declined_request_shows_the_reason_to_the_person(programme_manager, client):
    person = UserFactory()
    request = pending_request(person, Role.MENTEE)
    manager = csrf_client(programme_manager)
    refused = post_form(manager, REQUESTS, {"request": request.pk, "decision": "decline"})
    assert "Say why you are declining" in refused.content.decode()
    request.refresh_from_db()
    assert request.status == "pending"
    post_form(
        manager,
        REQUESTS,
        {
            "request": request.pk,
            "decision": "decline",
            "reason": "The <b>spring</b> cohort is full.",
        },
    )
    client.force_login(person)
    body = client.get(reverse("home")).content.decode()
    assert "Your request to be a mentee was declined" in body
    assert "The &lt;b&gt;spring&lt;/b&gt; cohort is full." in body
    assert User.objects.get(pk=person.pk).roles == []


# --- the People screens ------------------------------------------------------------------------


def test_a_manager_grants_and_removes_participant_roles_with_a_reason(programme_manager):
    person = UserFactory(first_name="Lena", last_name="Fischer", roles=[Role.MENTEE])
    url = reverse("people_person", args=[person.pk])
    client = csrf_client(programme_manager)
    missing = post_form(client, url, {"roles": ["Mentor"]})
    assert "Say why you are changing" in missing.content.decode()
    assert User.objects.get(pk=person.pk).roles == [Role.MENTEE]

    response = post_form(client, url, {"roles": ["Mentor"], "reason": "Promoted to VP"})
    assert response.status_code == 302
    assert User.objects.get(pk=person.pk).roles == [Role.MENTOR]
    body = client.get(url).content.decode()
    assert "Role granted: Mentor" in body and "Role removed: Mentee" in body
    assert body.count("Promoted to VP") == 2 and "Sofia Lindqvist" in body


def test_a_manager_cannot_grant_a_staff_role_even_by_a_crafted_post(programme_manager):
    person = UserFactory(roles=[Role.MENTEE])
    url = reverse("people_person", args=[person.pk])
    client = csrf_client(programme_manager)
    page = client.get(url).content.decode()
    assert 'value="Mentee"' in page and 'value="Programme manager"' not in page
    for role in ("Programme manager", "Moderator", "Communications", "superuser"):
        response = post_form(client, url, {"roles": ["Mentee", role], "reason": "Crafted"})
        assert response.status_code == 200
        assert "is a role you may not grant or remove" in response.content.decode()
    person = User.objects.get(pk=person.pk)
    assert person.roles == [Role.MENTEE] and not person.is_superuser
    with pytest.raises(services.MembershipError):
        services.change_roles(person, programme_manager, [Role.MODERATOR], [], "Crafted")


def test_a_manager_cannot_change_their_own_roles(programme_manager):
    url = reverse("people_person", args=[programme_manager.pk])
    client = csrf_client(programme_manager)
    assert "You cannot change your own roles" in client.get(url).content.decode()
    response = post_form(client, url, {"roles": ["Mentor"], "reason": "Me too"}, INVITE)
    assert "You cannot change your own roles" in response.content.decode()
    assert User.objects.get(pk=programme_manager.pk).roles == [Role.PROGRAMME_MANAGER]


def test_a_superuser_may_grant_a_staff_role(superuser):
    person = UserFactory(roles=[Role.MENTOR])
    url = reverse("people_person", args=[person.pk])
    post_form(csrf_client(superuser), url, {"roles": ["Mentor", "Moderator"], "reason": "Forum"})
    assert set(User.objects.get(pk=person.pk).roles) == {Role.MENTOR, Role.MODERATOR}


@pytest.mark.parametrize("who", ["mentee", "mentor", "sponsor", "communications", "moderator"])
def test_people_screens_are_closed_to_everyone_but_managers(request, who):
    user = request.getfixturevalue(who)
    person = UserFactory()
    client = Client()
    client.force_login(user)
    urls = [PEOPLE, REQUESTS, INVITE, reverse("people_person", args=[person.pk])]
    for url in urls:
        assert client.get(url).status_code in (302, 403), url
        assert client.post(url, {"roles": ["Mentor"], "reason": "x"}).status_code in (302, 403)
    assert Group.objects.get(name="Mentor").user_set.count() == (1 if who == "mentor" else 0)


def test_anonymous_visitors_are_sent_to_sign_in(client):
    assert client.get(PEOPLE).status_code == 302


def test_people_list_finds_by_name_and_role_and_shows_the_funnel(programme_manager):
    ProfileFactory(user=UserFactory(first_name="Lena", last_name="Fischer", roles=[Role.MENTOR]))
    pending_request(UserFactory(first_name="Ravi", last_name="Menon"))
    client = csrf_client(programme_manager)
    body = client.get(PEOPLE, {"q": "fisch"}).content.decode()
    assert "Lena Fischer" in body and "Ravi Menon" not in body
    body = client.get(PEOPLE, {"role": "none"}).content.decode()
    assert "Ravi Menon" in body and "Request waiting" in body and "Lena Fischer" not in body
    assert client.get(PEOPLE, {"q": "'\"", "role": "Nope", "p": "²"}).status_code == 200
    assert client.get(PEOPLE, {"q": "\x00"}).status_code == 400  # NUL: refused before any view


def test_people_list_runs_the_same_queries_however_many_people(
    programme_manager, django_assert_max_num_queries
):
    client = csrf_client(programme_manager)

    def grow(n):
        for _ in range(n):
            person = UserFactory(roles=[Role.MENTEE, Role.MENTOR])
            ProfileFactory(user=person)
            pending_request(UserFactory(), Role.MENTEE)

    grow(2)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        assert client.get(PEOPLE).status_code == 200
    grow(15)
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert client.get(PEOPLE).status_code == 200


def test_a_persons_page_shows_applications_in_the_managers_programmes_only(programme_manager):
    from portal.programmes import services as programmes
    from tests.programmes import factories as pf

    person = pf.applicant(first_name="Lena", last_name="Fischer")
    for word in ("Aurora", "Zenith"):
        programme = pf.programme(name=f"{word} Programme", slug=word.lower())
        pf.cycle(programme, seats=2, name=f"{word} Spring")
        programmes.apply_to_programme(person, programme)
        if word == "Aurora":
            programme.managers.add(programme_manager)
    client = csrf_client(programme_manager)
    body = client.get(reverse("people_person", args=[person.pk])).content.decode()
    assert "Aurora Programme" in body and "Zenith" not in body
    listing = client.get(PEOPLE, {"q": "Fischer"}).content.decode()
    assert "1 open application" in listing


def test_an_invitation_email_is_tried_again_when_the_mail_server_fails(
    programme_manager, mailoutbox, django_capture_on_commit_callbacks
):
    from unittest import mock

    from portal.people.tasks import send_invitation
    from portal.tasks import enqueue_after_commit

    invitation = Invitation.objects.create(
        email="expert@northbridge.example",
        roles=["Mentor"],
        invited_by=programme_manager,
        token_hash="-",
        expires_at=timezone.now() + timedelta(days=3),
    )
    real_send = LocmemBackend.send_messages
    failures = iter([OSError("refused"), OSError("refused")])

    def flaky(backend, messages):
        error = next(failures, None)
        if error:
            raise error
        return real_send(backend, messages)

    with (
        mock.patch.object(LocmemBackend, "send_messages", flaky),
        django_capture_on_commit_callbacks(execute=True),
    ):
        enqueue_after_commit(send_invitation, invitation.pk)
    assert [m.to for m in mailoutbox] == [["expert@northbridge.example"]]
