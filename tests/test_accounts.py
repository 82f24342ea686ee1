"""Sign-up with email verification, sign-in, throttling and password reset."""

import re

from django.core import mail
from django.urls import reverse

import pytest

from portal.demo.data import DEMO_PASSWORD
from portal.people.models import AllowedDomain, User
from tests.factories import PASSWORD, UserFactory

SIGNUP = reverse("account_signup")
LOGIN = reverse("account_login")


@pytest.fixture(autouse=True)
def _example_com_may_join(db):
    """These sign-ups come from an organisation's own domain (tests/people/test_membership.py
    covers the others)."""
    AllowedDomain.objects.create(domain="example.com", grant_at_once=True)


def signup_data(**overrides):
    data = {
        "role": "Mentee",
        "first_name": "Lena",
        "last_name": "Fischer",
        "email": "lena.fischer@example.com",
        "password1": "a-long-unusual-passphrase-42",
        "password2": "a-long-unusual-passphrase-42",
    }
    data.update(overrides)
    return data


def test_signup_sends_a_verification_link_and_only_that_link_signs_the_person_in(client, db):
    response = client.post(SIGNUP, signup_data())
    assert response.status_code == 302
    user = User.objects.get(email="lena.fischer@example.com")
    assert (user.first_name, user.last_name) == ("Lena", "Fischer")
    assert len(mail.outbox) == 1
    assert "_auth_user_id" not in client.session

    # Signing in before verifying is refused with a pointer to the email.
    response = client.post(LOGIN, {"login": user.email, "password": "a-long-unusual-passphrase-42"})
    assert "_auth_user_id" not in client.session

    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[-1].body).group(0)
    path = link.split("testserver", 1)[1]
    client.post(path)
    assert client.session["_auth_user_id"] == str(user.pk)
    assert client.get(reverse("home")).status_code == 200


def test_signup_with_an_email_already_registered_says_so_and_creates_nobody(client, db):
    UserFactory(email="taken@example.com")
    response = client.post(SIGNUP, signup_data(email="taken@example.com"))
    assert response.status_code == 200
    assert "An account already uses this email address." in response.content.decode()
    assert User.objects.filter(email="taken@example.com").count() == 1


def test_signup_with_a_malformed_email_keeps_what_was_typed(client, db):
    response = client.post(SIGNUP, signup_data(email="lena@@example"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Enter a valid email address." in body
    assert 'value="Lena"' in body and 'value="Fischer"' in body
    assert not User.objects.filter(first_name="Lena").exists()


def test_signup_with_an_over_long_name_is_refused_on_the_form(client, db):
    response = client.post(SIGNUP, signup_data(first_name="L" * 81))
    body = response.content.decode()
    assert "Ensure this value has at most 80 characters" in body
    assert 'aria-describedby="id_first_name_error"' in body
    assert not User.objects.exists()


def test_signup_with_mismatched_passwords_is_refused(client, db):
    response = client.post(SIGNUP, signup_data(password2="something-else-entirely-9"))
    assert "You must type the same password each time." in response.content.decode()
    assert not User.objects.exists()


def test_wrong_password_gets_a_clear_message(client, mentee):
    response = client.post(LOGIN, {"login": mentee.email, "password": "wrong"})
    assert response.status_code == 200
    assert "The email address and/or password you specified are not correct." in (
        response.content.decode()
    )
    assert "_auth_user_id" not in client.session


def test_correct_password_signs_in_and_lands_on_home(client, mentee):
    response = client.post(LOGIN, {"login": mentee.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("home")


@pytest.mark.django_db
def test_repeated_wrong_passwords_lock_the_account_even_for_the_right_password(client, mentee):
    for _ in range(5):
        client.post(LOGIN, {"login": mentee.email, "password": "wrong"})
    response = client.post(LOGIN, {"login": mentee.email, "password": PASSWORD})
    assert response.status_code == 429
    assert "Too many sign-in attempts" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_password_reset_sends_a_link_that_sets_a_new_password(client, mentee):
    client.post(reverse("account_reset_password"), {"email": mentee.email})
    assert len(mail.outbox) == 1
    link = re.search(
        r"https?://testserver(/accounts/password/reset/key/\S+/)", mail.outbox[0].body
    ).group(1)
    response = client.get(link, follow=True)
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else link
    new_password = "another-long-passphrase-77"
    client.post(form_url, {"password1": new_password, "password2": new_password})
    mentee.refresh_from_db()
    assert mentee.check_password(new_password)


def test_sign_out_is_a_post_with_csrf(client, mentee):
    client.force_login(mentee)
    body = client.get(reverse("home")).content.decode()
    assert f'action="{reverse("account_logout")}"' in body
    assert "csrfmiddlewaretoken" in body
    client.post(reverse("account_logout"))
    assert "_auth_user_id" not in client.session


# allauth writes "Sign In", "Signup", "Remember Me"; the portal writes sentence case.
TITLE_CASE = ("Sign In", "Sign Up", "Signup", "Sign Out", "Remember Me", "Password Reset",
              "Reset My Password", "Change Password", "New Password")  # fmt: skip


@pytest.mark.parametrize(
    "url", [LOGIN, SIGNUP, reverse("account_reset_password"), reverse("account_logout")]
)
def test_account_pages_are_written_in_sentence_case(client, mentee, url):
    if url == reverse("account_logout"):
        client.force_login(mentee)
    body = client.get(url).content.decode()
    assert [words for words in TITLE_CASE if words in body] == []


def test_the_password_forms_label_their_fields_in_sentence_case(client, mentee):
    client.force_login(mentee)
    body = client.get(reverse("account_change_password")).content.decode()
    assert ">Current password" in body and ">New password (again)" in body


def test_the_sign_in_page_says_what_lodestar_is(client, db):
    body = client.get(LOGIN).content.decode()
    assert "<title>Sign in · Lodestar</title>" in body
    assert "<h1>Sign in</h1>" in body
    assert "Lodestar runs your organisation's mentoring" in body
    assert ">Remember me</label>" in body
    assert f'href="{SIGNUP}">Create an account</a>' in body


def _named(email, **extra):
    return UserFactory(email=email, password=DEMO_PASSWORD, **extra)


def test_the_sign_in_page_offers_the_demo_logins_that_exist_here(client, db):
    assert "Exploring the demo?" not in client.get(LOGIN).content.decode()
    _named("amara.okafor@meridian.example", first_name="Amara", last_name="Okafor")
    _named("tomas.alvarez@meridian.example", first_name="Tomás", last_name="Alvarez")
    body = client.get(LOGIN).content.decode()
    assert "Exploring the demo?" in body and f"<code>{DEMO_PASSWORD}</code>" in body
    offered = re.findall(r'name="login" value="([^"]+)"', body)
    assert offered == ["amara.okafor@meridian.example", "tomas.alvarez@meridian.example"]


def test_demo_logins_are_never_offered_where_the_demo_is_not_allowed(client, settings, db):
    settings.LODESTAR_DEMO_ALLOWED = False  # production
    _named("amara.okafor@meridian.example")
    body = client.get(LOGIN).content.decode()
    assert "Exploring the demo?" not in body and DEMO_PASSWORD not in body


def test_continuing_as_a_demo_person_signs_them_in_where_they_were_going(client, db):
    amara = _named("amara.okafor@meridian.example")
    body = client.get(f"{LOGIN}?next=/mentors/").content.decode()
    form = next(f for f in body.split("<form")[1:] if amara.email in f).split("</form>")[0]
    fields = dict(re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', form))
    assert set(fields) == {"csrfmiddlewaretoken", "login", "password", "next"}
    response = client.post(LOGIN, fields)
    assert response.status_code == 302 and response.url == "/mentors/"
    assert client.session["_auth_user_id"] == str(amara.pk)
