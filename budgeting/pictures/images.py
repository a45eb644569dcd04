"""Uploaded pictures are never kept as they came: they are decoded and saved again, so what is
stored carries no metadata (camera, EXIF location), is no bigger than it is shown, and a file
built to exhaust memory when decoded (a decompression bomb) is refused before it is.

The one home for this check: the council's logo and the pictures on proposals and projects.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from PIL import Image, ImageOps, UnidentifiedImageError

FORMATS = ("JPEG", "PNG", "WEBP")
EXTENSIONS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp"}
CONTENT_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "WEBP": "image/webp"}


@dataclass(frozen=True)
class Refusals:
    """What to tell the person, in the words of the thing they were uploading."""

    not_a_picture: str
    too_many_pixels: str


@dataclass(frozen=True)
class Reencoded:
    """A picture as Kist stores it: decoded, resized and saved afresh by Pillow."""

    data: bytes
    format: str
    width: int
    height: int

    @property
    def extension(self) -> str:
        return EXTENSIONS[self.format]

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[self.format]


def reencode(data: bytes, *, max_pixels: int, box: tuple[int, int], refusals: Refusals,
             out_format: str | None = None) -> Reencoded:
    """`data` as a fresh PNG, JPEG or WebP (`out_format`, or the format it came in) that fits
    in `box`; a ValidationError with the matching refusal for anything else.

    The pixel count is read from the header and checked before anything is decoded; Pillow's
    own bomb check (MAX_IMAGE_PIXELS) stays on behind it, as an error rather than a warning.
    """
    refused = ValidationError(refusals.not_a_picture, code="not_a_picture")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data), formats=FORMATS) as probe:
                if probe.width * probe.height > max_pixels:
                    raise ValidationError(refusals.too_many_pixels, code="too_many_pixels")
                probe.verify()
            with Image.open(io.BytesIO(data), formats=FORMATS) as image:
                # A phone's JPEG with extra frames (MPO) is kept as a plain JPEG: the first.
                source_format = "JPEG" if image.format == "MPO" else image.format
                image.load()
                # The camera's "which way up" is applied to the pixels: the tag itself goes.
                image = ImageOps.exif_transpose(image)
                fmt = out_format or source_format
                image = _for(fmt, image)
                image.thumbnail(box)
                # Nothing read from the upload is written back: no EXIF, XMP, ICC or comments.
                image.info.clear()
                out = io.BytesIO()
                image.save(out, format=fmt, **_options(fmt))
                return Reencoded(data=out.getvalue(), format=fmt, width=image.width,
                                 height=image.height)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(refusals.too_many_pixels, code="too_many_pixels") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, EOFError):
        raise refused from None


def _for(fmt: str, image: Image.Image) -> Image.Image:
    if fmt == "JPEG":
        return image.convert("RGB")
    if image.mode in ("RGBA", "RGB", "LA", "L"):
        return image.copy()
    return image.convert("RGBA")


def _options(fmt: str) -> dict:
    if fmt == "JPEG":
        return {"quality": 85, "optimize": True, "progressive": True}
    if fmt == "WEBP":
        return {"quality": 85, "method": 4}
    return {"optimize": True}
