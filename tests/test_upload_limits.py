"""An upload far over every limit is refused at once from its declared size, never read."""

from django.urls import reverse

import pytest

pytestmark = pytest.mark.django_db


class UnreadableBody:
    """A request body that fails the test if anything reads it."""

    def read(self, *args):
        raise AssertionError("the body was read")

    readline = read


def test_a_body_over_the_limit_is_refused_before_it_is_read(client, mentee, settings):
    settings.REQUEST_BODY_MAX_SIZE = 1024
    client.force_login(mentee)
    response = client.generic(
        "POST",
        reverse("edit_profile"),
        data=b"",
        content_type="multipart/form-data; boundary=xyz",
        CONTENT_LENGTH=str(300 * 1024 * 1024),
        **{"wsgi.input": UnreadableBody()},
    )
    assert response.status_code == 413
    assert "at most 1.0\xa0KB can be sent" in response.content.decode()


def test_the_limit_leaves_ordinary_forms_alone(client, mentee):
    client.force_login(mentee)
    page = client.get(reverse("edit_profile"))
    assert page.status_code == 200
    response = client.post(reverse("edit_profile"), {"first_name": "Amara"})
    assert response.status_code in (200, 302)


def test_the_default_limit_admits_the_largest_upload_we_accept(settings):
    assert settings.REQUEST_BODY_MAX_SIZE > settings.WAGTAILDOCS_MAX_UPLOAD_SIZE
    assert settings.REQUEST_BODY_MAX_SIZE > settings.WAGTAILIMAGES_MAX_UPLOAD_SIZE
