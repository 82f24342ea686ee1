"""Forum posts render through markdown-it + nh3: formatting survives, script never does."""

from html.parser import HTMLParser

import pytest

from forums.markup import render

PAYLOADS = [
    "<script>alert(1)</script>",
    '<img src=x onerror="alert(1)">',
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    '<a href="javascript:alert(1)">x</a>',
    "![x](javascript:alert(1))",
    '<svg onload="alert(1)">',
    "<iframe src='https://example.com'></iframe>",
]


class _Elements(HTMLParser):
    """Collects every element and attribute the browser would build from the HTML."""

    def __init__(self):
        super().__init__()
        self.elements: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))


@pytest.mark.parametrize("payload", PAYLOADS)
def test_dangerous_markup_is_rendered_inert(payload):
    parser = _Elements()
    parser.feed(render(payload))
    for tag, attrs in parser.elements:
        assert tag not in {"script", "iframe", "svg", "img", "object", "embed"}, tag
        assert not any(name.startswith("on") for name in attrs), attrs
        for name in ("href", "src"):
            if name in attrs:
                assert attrs[name].split(":", 1)[0].lower() in {"http", "https", "mailto"} or (
                    ":" not in attrs[name]
                ), attrs


def test_ordinary_markdown_keeps_its_formatting_and_safe_links():
    html = render("**Bold** and *quiet*\n\n- one\n- two\n\n[Playbook](https://example.com/p)")
    assert "<strong>Bold</strong>" in html
    assert "<em>quiet</em>" in html
    assert "<li>one</li>" in html
    assert 'href="https://example.com/p"' in html
    assert 'rel="nofollow noopener noreferrer"' in html
