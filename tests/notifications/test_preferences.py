"""Preferences: the inbox always; email at once, in the digest or not at all, where policy
allows; one-click unsubscribe from a signed link, without signing in."""

from django.test import Client

from portal.notifications import kinds
from portal.notifications.models import Notification, Preference
from portal.notifications.services import notify, set_preferences
from portal.notifications.unsubscribe import unsubscribe_token
from tests.notifications.helpers import csrf_token, inbox_of, signed_in


def tell(person, kind):
    return notify([person], kind, title="Something for you", url="/matches/")


def test_each_kind_follows_the_persons_choice_and_always_reaches_the_inbox(
    mentee, mailoutbox, django_capture_on_commit_callbacks
):
    set_preferences(
        mentee,
        {kinds.MATCH_ANSWERED.key: kinds.Delivery.OFF, kinds.ADMITTED.key: kinds.Delivery.DIGEST},
    )
    with django_capture_on_commit_callbacks(execute=True):
        tell(mentee, kinds.MATCH_ANSWERED)
        tell(mentee, kinds.ADMITTED)
        tell(mentee, kinds.MATCH_PROPOSED)  # no choice made: its default, at once
    assert [n.email for n in inbox_of(mentee)] == [
        Notification.Email.NONE,
        Notification.Email.DIGEST,
        Notification.Email.SENT,
    ]
    assert len(mailoutbox) == 1


def test_the_preferences_page_saves_choices_posted_through_it(mentee):
    client = signed_in(mentee)
    page = client.get("/notifications/settings/")
    assert page.status_code == 200
    form = {key: kind.default.value for key, kind in kinds.KINDS.items()}
    form[kinds.MATCH_ANSWERED.key] = "off"
    form[kinds.WAITING_LIST_CHANGED.key] = "immediately"
    response = client.post(
        "/notifications/settings/", {**form, "csrfmiddlewaretoken": csrf_token(page)}, follow=True
    )
    assert "Your notification settings are saved." in response.content.decode()
    saved = dict(Preference.objects.filter(user=mentee).values_list("kind", "delivery"))
    assert saved[kinds.MATCH_ANSWERED.key] == "off"
    assert saved[kinds.WAITING_LIST_CHANGED.key] == "immediately"


def test_off_is_not_offered_for_a_kind_that_asks_something_of_you(mentee):
    client = signed_in(mentee)
    page = client.get("/notifications/settings/")
    html = page.content.decode()
    assert f'name="{kinds.MATCH_PROPOSED.key}" value="off"' not in html
    assert f'name="{kinds.MATCH_ANSWERED.key}" value="off"' in html
    form = {key: kind.default.value for key, kind in kinds.KINDS.items()}
    form[kinds.MATCH_PROPOSED.key] = "off"  # forged
    response = client.post(
        "/notifications/settings/", {**form, "csrfmiddlewaretoken": csrf_token(page)}
    )
    assert response.status_code == 200
    assert "Choose one of the offered options" in response.content.decode()
    assert not Preference.objects.filter(user=mentee).exists()  # nothing half-saved


def test_one_click_unsubscribe_turns_that_kind_off_without_signing_in(mentee):
    token = unsubscribe_token(mentee, kinds.MATCH_ANSWERED.key)
    client = Client(enforce_csrf_checks=True)
    url = f"/notifications/unsubscribe/{token}/"
    assert client.get(url).status_code == 200
    assert not Preference.objects.exists()  # a link scanner's GET changes nothing
    response = client.post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    assert "You are unsubscribed" in response.content.decode()
    assert Preference.objects.get(user=mentee, kind=kinds.MATCH_ANSWERED.key).delivery == "off"


def test_unsubscribing_from_a_kind_that_cannot_be_off_moves_it_to_the_digest(mentee):
    token = unsubscribe_token(mentee, kinds.MATCH_PROPOSED.key)
    Client().post(f"/notifications/unsubscribe/{token}/")
    assert Preference.objects.get(user=mentee).delivery == "digest"


def test_a_tampered_unsubscribe_token_is_refused(mentee, mentor):
    token = unsubscribe_token(mentee, kinds.MATCH_ANSWERED.key)
    value, signature = token.rsplit(":", 1)
    forged = unsubscribe_token(mentor, kinds.MATCH_ANSWERED.key).rsplit(":", 1)[0]
    for bad in (f"{value}:{signature[:-2]}xx", f"{forged}:{signature}", "nonsense"):
        response = Client().post(f"/notifications/unsubscribe/{bad}/")
        assert response.status_code == 400
        assert "This link does not work" in response.content.decode()
    assert not Preference.objects.exists()


def test_the_preferences_page_offers_only_the_kinds_that_concern_the_person(mentee, moderator):
    mentee_page = signed_in(mentee).get("/notifications/settings/").content.decode()
    moderator_page = signed_in(moderator).get("/notifications/settings/").content.decode()
    assert kinds.MATCH_PROPOSED.label in mentee_page
    assert kinds.POST_REPORTED.label not in mentee_page
    assert kinds.POST_REPORTED.label in moderator_page
    assert kinds.MATCH_PROPOSED.label not in moderator_page
