"""Page titles stay on one line (hardening issue: they go into moderators' email subjects)."""

from tests.content.factories import add_item, build_library


def test_a_line_break_in_a_page_title_never_reaches_a_revision_or_an_email_subject(db):
    _, section = build_library()
    item = add_item(section, title="Two plants,\r\none budget", publish=False)
    revision = item.save_revision()
    assert revision.content["title"] == "Two plants, one budget"
    assert item.title == "Two plants, one budget"
