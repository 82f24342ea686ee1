"""allauth's title case becomes the portal's sentence case, without harming acronyms."""

from django.template import Context, Template
from django.utils.safestring import mark_safe

import pytest

from portal.people.templatetags.wording import sentence_case

TEMPLATE = Template("{% load wording %}{{ text|sentence_case }}")


@pytest.mark.parametrize(
    ("title", "sentence"),
    [
        ("Sign In", "Sign in"),
        ("Signup", "Signup"),
        ("Verify Your Email Address", "Verify your email address"),
        ("Enter Sign-In Code", "Enter sign-in code"),
        ("\n    Change Password\n", "\n    Change password\n"),
        ("Two-Factor Authentication", "Two-factor authentication"),
        ("Set Up TOTP With WebAuthn", "Set up TOTP with WebAuthn"),
        ("Remember me", "Remember me"),
        ("", ""),
    ],
)
def test_title_case_becomes_sentence_case(title, sentence):
    assert sentence_case(title) == sentence


def test_markup_marked_safe_stays_safe_and_text_stays_escaped():
    assert TEMPLATE.render(Context({"text": mark_safe("<b>Sign In</b>")})) == "<b>Sign in</b>"
    assert TEMPLATE.render(Context({"text": "<b>Sign In</b>"})) == "&lt;b&gt;Sign in&lt;/b&gt;"
