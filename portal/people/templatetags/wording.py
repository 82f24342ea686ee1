"""`sentence_case`: allauth's title-case headings and buttons ("Sign In", "Verify Your Email
Address") in the sentence case the rest of the portal writes ("Sign in").

Used by our overrides of allauth's elements (templates/allauth/elements/), so every allauth page,
including ones we never copied, reads the same way.
"""

import re

from django import template

register = template.Library()

# The first word of the text, not the name of a tag around it ("<b>Sign In</b>").
_FIRST_WORD = re.compile(r"(?<![</\w])\w+")
# A capital followed by lower case only; acronyms and mixed-case names (TOTP, WebAuthn) don't match.
_TITLE_WORD = re.compile(r"\b[A-Z][a-z]+\b")


@register.filter(is_safe=True)
def sentence_case(text: str) -> str:
    """Lower the capital of every word after the first one, unless it is an acronym or a name
    in mixed case. Lower-casing letters adds no markup, so safe text stays safe."""
    first = _FIRST_WORD.search(text)
    if first is None:
        return text
    head, tail = text[: first.end()], text[first.end() :]
    return head + _TITLE_WORD.sub(lambda word: word.group().lower(), tail)
