"""The one re-encoding every uploaded picture goes through (pictures and the council's logo)."""

import io

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from budgeting.pictures import services
from budgeting.pictures.images import Refusals, reencode
from tests.budgeting.pictures.conftest import picture

REFUSALS = Refusals(not_a_picture="not a picture", too_many_pixels="too many pixels")


def test_it_strips_the_cameras_details_and_location():
    original = picture("JPEG", exif=True)
    assert b"Secret camera maker" in original
    clean = services.prepare(original)
    assert b"Secret camera maker" not in clean.data
    stored = Image.open(io.BytesIO(clean.data))
    assert stored.format == "JPEG" and not stored.getexif()
    assert "exif" not in stored.info


@pytest.mark.parametrize("fmt", ["JPEG", "PNG", "WEBP"])
def test_it_keeps_each_allowed_format(fmt):
    clean = services.prepare(picture(fmt))
    assert clean.format == fmt and Image.open(io.BytesIO(clean.data)).format == fmt
    assert clean.extension in ("jpg", "png", "webp")


def test_it_caps_the_longer_side_keeping_the_shape():
    clean = services.prepare(picture("PNG", size=(3200, 800)))
    assert (clean.width, clean.height) == (1600, 400)
    assert Image.open(io.BytesIO(clean.data)).size == (1600, 400)


@pytest.mark.parametrize("payload", [
    b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>",
    b"%PDF-1.4 not a picture",
    b"",
    picture("GIF"),
    picture("BMP"),
    picture("PNG")[:60],  # cut short
])
def test_it_refuses_what_is_not_an_allowed_picture(payload):
    with pytest.raises(ValidationError) as refused:
        services.prepare(payload)
    assert refused.value.messages == ["The file must be a JPEG, PNG or WebP picture."]


def test_it_refuses_a_decompression_bomb_from_its_header():
    # 10,000 by 10,000 pixels of one colour compress to almost nothing.
    bomb = picture("PNG", size=(10_000, 10_000))
    assert len(bomb) < services.MAX_BYTES
    with pytest.raises(ValidationError) as refused:
        services.prepare(bomb)
    assert "too many pixels" in refused.value.messages[0]


def test_pillows_own_bomb_check_is_an_error_not_a_warning(monkeypatch):
    monkeypatch.setattr(Image, "MAX_IMAGE_PIXELS", 1000)
    with pytest.raises(ValidationError) as refused:
        reencode(picture("PNG", size=(40, 30)), max_pixels=10**9, box=(100, 100),
                 refusals=REFUSALS)
    assert refused.value.messages == ["too many pixels"]


def test_it_refuses_a_file_over_eight_megabytes():
    with pytest.raises(ValidationError) as refused:
        services.prepare(b"\xff\xd8" + b"0" * services.MAX_BYTES)
    assert "8 MB or smaller" in refused.value.messages[0]


def test_the_council_logo_uses_the_same_check():
    from budgeting.council.forms import logo_as_png

    logo = Image.open(io.BytesIO(logo_as_png(picture("JPEG", size=(960, 320), exif=True))))
    assert logo.format == "PNG" and logo.size == (480, 160)
    with pytest.raises(ValidationError, match="The logo must be a PNG"):
        logo_as_png(picture("GIF"))


def test_it_turns_a_photo_the_right_way_up_and_drops_the_tag():
    image, tags, out = Image.new("RGB", (60, 30), "red"), Image.Exif(), io.BytesIO()
    tags[0x0112] = 6  # Orientation: rotate 90° to show it
    image.save(out, format="JPEG", exif=tags.tobytes())
    clean = services.prepare(out.getvalue())
    assert (clean.width, clean.height) == (30, 60)
    assert not Image.open(io.BytesIO(clean.data)).getexif()


def test_it_drops_text_stored_in_a_png():
    from PIL import PngImagePlugin

    text, out = PngImagePlugin.PngInfo(), io.BytesIO()
    text.add_text("Comment", "taken at 12 Kirk Street")
    Image.new("RGB", (20, 20)).save(out, format="PNG", pnginfo=text)
    clean = services.prepare(out.getvalue())
    assert b"Kirk Street" not in clean.data and not Image.open(io.BytesIO(clean.data)).info


def test_a_phones_multi_picture_jpeg_is_stored_as_a_plain_jpeg():
    frames = [Image.new("RGB", (40, 30), colour) for colour in ("red", "blue")]
    out = io.BytesIO()
    frames[0].save(out, format="MPO", save_all=True, append_images=frames[1:])
    assert Image.open(io.BytesIO(out.getvalue())).format == "MPO"
    clean = services.prepare(out.getvalue())
    assert clean.format == "JPEG" and clean.extension == "jpg"
    assert Image.open(io.BytesIO(clean.data)).format == "JPEG"
