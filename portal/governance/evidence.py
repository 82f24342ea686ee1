"""What an evidence file may be: its type told by its first bytes (never by its name or the
browser's claim) and its size. Pure: no Django import."""

MAX_BYTES = 10 * 1024 * 1024
# Signature -> (content type served, extension of the generated name).
SIGNATURES: tuple[tuple[bytes, str, str], ...] = (
    (b"%PDF-", "application/pdf", "pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png", "png"),
    (b"\xff\xd8\xff", "image/jpeg", "jpg"),
)
HEAD_BYTES = max(len(signature) for signature, _, _ in SIGNATURES)
ACCEPTED = "PDF, PNG or JPEG"
NOT_ACCEPTED = f"This file is not a {ACCEPTED}. Upload a PDF, or a photo or scan as PNG or JPEG."


def sniff(head: bytes) -> tuple[str, str] | None:
    """(content type, extension) of a file starting with `head`, or None for any other type."""
    for signature, content_type, extension in SIGNATURES:
        if head.startswith(signature):
            return content_type, extension
    return None


def problem(size: int, head: bytes) -> str | None:
    """Why a file of `size` bytes starting with `head` is refused, in the uploader's words; None
    when it is accepted."""
    if size == 0:
        return "This file is empty. Choose the scan or PDF you meant to upload."
    if size > MAX_BYTES:
        return (
            f"This file is {size / (1024 * 1024):.1f} MB; the limit is "
            f"{MAX_BYTES // (1024 * 1024)} MB. Upload a smaller scan or PDF."
        )
    if sniff(head) is None:
        return NOT_ACCEPTED
    return None
