import io

import pytest
from PIL import Image


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    """Stored pictures go to a folder of the test's own, never into the checkout."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    return tmp_path / "media"


def picture(fmt: str = "JPEG", size=(40, 30), *, exif: bool = False, colour="teal") -> bytes:
    image = Image.new("RGB", size, colour)
    out = io.BytesIO()
    options = {}
    if exif:
        tags = Image.Exif()
        tags[0x010F] = "Secret camera maker"  # Make
        tags[0x8825] = {1: "N", 2: (55.0, 57.0, 10.0)}  # GPS: latitude
        options["exif"] = tags.tobytes()
    image.save(out, format=fmt, **options)
    return out.getvalue()


def stored_files(root) -> list:
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []
