"""People's photos (mentor and profile): checked with Pillow, re-encoded as a small JPEG with no
metadata; one form field and one way to store them.

Re-encoding from the decoded pixels into a fresh image is what removes EXIF (GPS, camera serials),
XMP and ICC data: nothing from the uploaded file survives except the picture itself.
"""

import io
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.db.models.fields.files import FieldFile

from PIL import Image, ImageOps, UnidentifiedImageError

MAX_UPLOAD_BYTES = 5 * 1024 * 1024
# A 5 MB file can still declare a huge canvas (a decompression bomb); 40 megapixels is more than
# any phone camera and far less than what would exhaust memory when decoded.
MAX_PIXELS = 40_000_000
ACCEPTED_FORMATS = frozenset({"JPEG", "PNG", "WEBP"})
PHOTO_SIZE = (600, 600)
JPEG_QUALITY = 85

NOT_AN_IMAGE = "This file is not a photo we can read. Upload a JPEG, PNG or WebP image."


def process_photo(uploaded_file: UploadedFile) -> ContentFile:
    """Return `uploaded_file` as an RGB JPEG fitting 600×600 with no metadata.

    Raises ValidationError for files over 5 MB, anything that is not a JPEG, PNG or WebP image,
    and images whose declared size is too large to decode safely.
    """
    if uploaded_file.size is not None and uploaded_file.size > MAX_UPLOAD_BYTES:
        megabytes = uploaded_file.size / (1024 * 1024)
        raise ValidationError(
            f"This photo is {megabytes:.1f} MB; the limit is 5 MB. Please choose a smaller one.",
            code="too_large",
        )
    image = _open_safely(uploaded_file)
    try:
        image = ImageOps.exif_transpose(image)  # keep the photo upright once EXIF is gone
        image.thumbnail(PHOTO_SIZE, Image.Resampling.LANCZOS)
        pixels = _flatten_to_rgb(image)
    except (OSError, ValueError, SyntaxError) as error:
        raise ValidationError(NOT_AN_IMAGE, code="invalid_image") from error
    clean = Image.new("RGB", pixels.size)
    clean.paste(pixels)
    buffer = io.BytesIO()
    clean.save(buffer, format="JPEG", quality=JPEG_QUALITY, optimize=True)
    return ContentFile(buffer.getvalue(), name="photo.jpg")


def _open_safely(uploaded_file: UploadedFile) -> Image.Image:
    uploaded_file.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(uploaded_file)
            if image.format not in ACCEPTED_FORMATS:
                raise ValidationError(NOT_AN_IMAGE, code="invalid_image")
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise ValidationError(
                    "This photo's dimensions are too large to process. Please upload one under "
                    "40 megapixels.",
                    code="too_many_pixels",
                )
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise ValidationError(
            "This photo's dimensions are too large to process. Please upload one under "
            "40 megapixels.",
            code="too_many_pixels",
        ) from error
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as error:
        raise ValidationError(NOT_AN_IMAGE, code="invalid_image") from error
    return image


def _flatten_to_rgb(image: Image.Image) -> Image.Image:
    # Transparent areas become white rather than JPEG's default black.
    if image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info):
        rgba = image.convert("RGBA")
        background = Image.new("RGB", rgba.size, (255, 255, 255))
        background.paste(rgba, mask=rgba.getchannel("A"))
        return background
    return image.convert("RGB")


class PhotoField(forms.FileField):
    """An optional photo. Its value is False when "clear" was ticked, the stored file (or None)
    when nothing new was uploaded, else the upload already through process_photo."""

    def __init__(self, *, help_text: str = "", **kwargs: Any) -> None:
        limit = f"JPEG, PNG or WebP, up to {MAX_UPLOAD_BYTES // (1024 * 1024)} MB."
        super().__init__(
            required=False,
            label="Photo",
            widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
            help_text=f"{help_text}{limit} We resize it and remove location and camera data.",
            **kwargs,
        )

    def clean(self, data: Any, initial: Any = None) -> Any:
        photo = super().clean(data, initial)
        if not photo or isinstance(photo, FieldFile):
            return photo
        return process_photo(photo)


def set_photo(owner: models.Model, photo: Any) -> None:
    """Put a PhotoField value on `owner.photo` (before the owner is saved). A file replaced or
    removed is deleted from storage once the change commits, so a rolled-back save never loses
    the file the row still names."""
    field = owner.photo  # type: ignore[attr-defined]
    previous = field.name
    if photo is False:
        owner.photo = ""  # type: ignore[attr-defined]
    elif photo and not isinstance(photo, FieldFile):
        owner.photo = photo  # type: ignore[attr-defined]
    else:
        return
    storage = field.storage

    def forget_previous() -> None:
        if previous and owner.photo.name != previous:  # type: ignore[attr-defined]
            storage.delete(previous)

    transaction.on_commit(forget_previous)


@contextmanager
def discarding_new_photo_on_error(owner: models.Model) -> Iterator[None]:
    """Around a save that may call set_photo: if the block fails, the photo file it stored (the
    row's save writes it) is deleted again, so a failed save leaves no processed photo on disk.
    The file the row named before is untouched."""
    before = owner.photo.name  # type: ignore[attr-defined]
    try:
        yield
    except BaseException:
        after = owner.photo.name  # type: ignore[attr-defined]
        if after and after != before:
            owner.photo.storage.delete(after)  # type: ignore[attr-defined]
        raise
