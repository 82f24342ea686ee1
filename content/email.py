"""A library page's body rendered for email (newsletters): each block through a template of
its own under content/email/, with inline styles, since mail clients ignore stylesheets and
strip scripts. The notifications module sanitises the result and makes its links absolute."""

from django.template.loader import render_to_string
from django.utils.html import strip_tags

from content.models import ArticlePage

EMAIL_BLOCK_TEMPLATES = {
    "heading": "content/email/heading.html",
    "paragraph": "content/email/paragraph.html",
    "image": "content/email/image.html",
    "quote": "content/email/quote.html",
}


def body_for_email(page: ArticlePage) -> tuple[str, str]:
    """(html, text): the article's body as an email's HTML part and its text part."""
    html, text = [], []
    for block in page.body:
        template = EMAIL_BLOCK_TEMPLATES.get(block.block_type)
        if template is None:  # a block type with no email form is left out, never raw
            continue
        part = render_to_string(template, {"value": block.value})
        html.append(part)
        words = " ".join(strip_tags(part).split())
        if words:
            text.append(words)
    return "\n".join(html), "\n\n".join(text)
