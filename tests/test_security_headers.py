"""Security headers: a strict CSP on the public site, a laxer one only inside the admin."""

from django.urls import reverse

import pytest


def test_public_pages_forbid_inline_script_and_framing(client, mentee):
    client.force_login(mentee)
    response = client.get(reverse("home"))
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"


def test_no_page_of_ours_carries_inline_script_or_style(client, mentee):
    client.force_login(mentee)
    for path in [reverse("home"), reverse("edit_profile"), reverse("account_email")]:
        body = client.get(path).content.decode()
        assert "<script>" not in body and " style=" not in body, path


def test_every_asset_is_served_by_the_project(client, mentee):
    client.force_login(mentee)
    body = client.get(reverse("home")).content.decode()
    assert "//cdn" not in body and "googleapis" not in body
    assert 'href="/static/portal/css/portal.css"' in body


def test_the_admin_gets_its_own_policy_and_may_frame_its_previews(client, programme_manager):
    client.force_login(programme_manager)
    response = client.get("/admin/")
    assert "'unsafe-inline'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "SAMEORIGIN"


def test_a_missing_page_is_a_404_in_the_sites_look(client, mentee):
    client.force_login(mentee)
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "We can’t find that page" in body
    assert 'class="site-header"' in body


def test_the_500_page_renders_without_a_request_context(db):
    from django.template.loader import render_to_string

    body = render_to_string("500.html")
    assert "Something went wrong on our side" in body


@pytest.mark.django_db
def test_a_form_posted_without_csrf_gets_the_expired_form_page(mentee):
    from django.test import Client

    strict = Client(enforce_csrf_checks=True)
    strict.force_login(mentee)
    response = strict.post(reverse("edit_profile"), {"first_name": "X"})
    assert response.status_code == 403
    assert "This form has expired" in response.content.decode()
