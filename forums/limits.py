"""Limits on what members post: body length, attachment size and type."""

import uuid
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat

# A long post is a few thousand words; 20,000 characters leaves room and keeps rendering cheap.
POST_MAX_LENGTH = getattr(settings, "FORUMS_POST_MAX_LENGTH", 20_000)
ATTACHMENT_MAX_SIZE = getattr(settings, "FORUMS_ATTACHMENT_MAX_SIZE", 5 * 1024 * 1024)
# Extension → the bytes such a file starts with (None: plain text, no signature).
ATTACHMENT_TYPES: dict[str, tuple[bytes, ...] | None] = {
    ".pdf": (b"%PDF-",),
    ".png": (b"\x89PNG\r\n\x1a\n",),
    ".jpg": (b"\xff\xd8\xff",),
    ".jpeg": (b"\xff\xd8\xff",),
    ".docx": (b"PK\x03\x04",),
    ".xlsx": (b"PK\x03\x04",),
    ".pptx": (b"PK\x03\x04",),
    ".txt": None,
    ".csv": None,
}


def check_post_length(content: str) -> None:
    if len(content or "") > POST_MAX_LENGTH:
        raise ValidationError(
            f"Your message is {len(content):,} characters long; the limit is "
            f"{POST_MAX_LENGTH:,}. Shorten it or split it into several posts: nothing has been "
            "posted yet.",
            code="too_long",
        )


def check_attachment(upload) -> None:
    """Refuse files that are too large or not one of the allowed types (by name and content)."""
    if upload.size > ATTACHMENT_MAX_SIZE:
        raise ValidationError(
            f"This file is {filesizeformat(upload.size)}; attachments can be at most "
            f"{filesizeformat(ATTACHMENT_MAX_SIZE)}.",
            code="too_large",
        )
    extension = PurePath(upload.name).suffix.lower()
    if extension not in ATTACHMENT_TYPES:
        allowed = ", ".join(sorted(e.lstrip(".") for e in ATTACHMENT_TYPES))
        raise ValidationError(
            f"Files of this type cannot be attached. Allowed: {allowed}.", code="bad_type"
        )
    signatures = ATTACHMENT_TYPES[extension]
    head = upload.read(16)
    upload.seek(0)
    if signatures is None:
        if b"\x00" in head:
            raise ValidationError("This file does not look like text.", code="bad_content")
        return
    if not any(head.startswith(signature) for signature in signatures):
        raise ValidationError(
            f"This file's content does not match its {extension.lstrip('.')} extension.",
            code="bad_content",
        )


def anonymous_name(upload) -> str:
    """A generated file name keeping only the (checked) extension: uploaded names can carry
    personal data or path tricks."""
    return f"{uuid.uuid4().hex}{PurePath(upload.name).suffix.lower()}"
