"""Page titles are one line: they go into email subjects (workflow notifications to moderators),
where a line break makes the mail library refuse the message and the review goes unannounced."""

from typing import Any


def one_line(text: str) -> str:
    return " ".join(text.split())


class OneLineTitleMixin:
    """Collapses line breaks and runs of spaces in the title and SEO title before validation, so
    every revision and every published page holds a title that is safe in a header."""

    title: str
    seo_title: str

    def full_clean(self, *args: Any, **kwargs: Any) -> None:
        self.title = one_line(self.title or "")
        self.seo_title = one_line(self.seo_title or "")
        super().full_clean(*args, **kwargs)  # type: ignore[misc]
