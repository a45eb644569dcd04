"""The council's own look and words: set by council admins from Kist's pages, checked for
contrast, pictures re-encoded, every change audited, shown on every page."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from budgeting.council.colours import contrast
from budgeting.council.models import CouncilLook, SitePage
from budgeting.models import AuditEntry

pytestmark = pytest.mark.django_db

LOOK = {"council_name": "Riverside Council", "service_name": "Riverside Choices",
        "header_colour": "#2b1a4f", "link_colour": "#1d4f7a",
        "footer_links": "Council website | https://www.riverside.example"}


@pytest.fixture
def signed_in(client, council_admin):
    client.force_login(council_admin)
    return client


def _picture(fmt: str = "PNG", size=(1200, 400), exif: bool = False) -> bytes:
    out = io.BytesIO()
    image = Image.new("RGB", size, (200, 30, 30))
    if exif:
        data = Image.Exif()
        data[0x010F] = "Secret camera maker"  # Make
        image.save(out, format=fmt, exif=data)
    else:
        image.save(out, format=fmt)
    return out.getvalue()


def test_contrast_is_wcag_s():
    assert round(contrast("#000000", "#ffffff"), 1) == 21.0
    assert round(contrast("#767676", "#ffffff"), 2) == 4.54


def test_it_refuses_colours_that_make_text_hard_to_read(signed_in):
    response = signed_in.post(reverse("council_look"),
                              LOOK | {"header_colour": "#ffdd00", "link_colour": "blue"})
    body = response.content.decode()
    assert response.status_code == 400
    assert "the contrast is 1.3 to 1 and must be at least 4.5 to 1" in body
    assert "Enter the colour as # and six hex digits" in body
    assert 'value="Riverside Council"' in body  # nothing typed is lost
    assert not CouncilLook.objects.exists()


def test_it_refuses_a_footer_link_that_is_not_a_web_address(signed_in):
    response = signed_in.post(reverse("council_look"), LOOK | {
        "footer_links": "Council website | javascript:alert(1)"})
    assert "Line 1: the address must start with https://" in response.content.decode()
    response = signed_in.post(reverse("council_look"), LOOK | {"footer_links": "No bar here"})
    assert "Line 1 needs the words, a bar" in response.content.decode()


def test_the_look_is_saved_audited_and_shown_on_every_page(signed_in, client, council_admin):
    upload = SimpleUploadedFile("logo.jpg", _picture("JPEG", exif=True), "image/jpeg")
    assert signed_in.post(reverse("council_look"), LOOK | {"logo_file": upload}
                          ).status_code == 302
    look = CouncilLook.objects.get()
    assert look.header_colour == "#2b1a4f"
    entry = AuditEntry.objects.get(action="council.look_changed")
    assert entry.actor == council_admin and entry.after["council_name"] == "Riverside Council"
    assert entry.after["logo"] == "new"
    client.logout()
    home = client.get(reverse("home")).content.decode()
    assert "--brand-dark: #2b1a4f" in home and "Riverside Choices" in home
    assert 'alt="Riverside Council"' in home
    assert '<a href="https://www.riverside.example">Council website</a>' in home
    logo = client.get(reverse("council_logo"))
    assert logo["Content-Type"] == "image/png"
    stored = Image.open(io.BytesIO(b"".join(logo.streaming_content) if logo.streaming
                                   else logo.content))
    assert stored.format == "PNG" and stored.size == (480, 160)  # capped, ratio kept
    assert b"Secret camera maker" not in bytes(look.logo)


@pytest.mark.parametrize("payload, message", [
    (b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>",
     "must be a PNG, JPEG or WebP"),
    (_picture("GIF", size=(10, 10)), "must be a PNG, JPEG or WebP"),
    (_picture("PNG", size=(5000, 5000)), "too large: at most 4000 by 4000"),
])
def test_it_refuses_a_logo_that_is_not_a_safe_picture(signed_in, payload, message):
    upload = SimpleUploadedFile("logo.png", payload, "image/png")
    response = signed_in.post(reverse("council_look"), LOOK | {"logo_file": upload})
    assert response.status_code == 400 and message in response.content.decode()


def test_only_council_admins_change_the_look(client, resident):
    client.force_login(resident)
    assert client.get(reverse("council_look")).status_code == 403
    assert client.post(reverse("council_page", args=["contact"]),
                       {"body": "Hacked"}).status_code == 403
    assert not SitePage.objects.exists()


def test_a_page_shows_the_councils_words_escaped_and_audited(signed_in, client):
    words = ("## Write to us\n\nCommunity team, 1 High Street\nRiverside\n\n"
             "- Phone 01234 567890\n- Email choices@riverside.example\n\n<script>x</script>")
    assert signed_in.post(reverse("council_page", args=["contact"]), {"body": words}
                          ).status_code == 302
    client.logout()
    body = client.get(reverse("contact")).content.decode()
    assert "<h2>Write to us</h2>" in body
    assert "Community team, 1 High Street<br>Riverside" in body
    assert 'href="mailto:choices@riverside.example"' in body
    assert "&lt;script&gt;x&lt;/script&gt;" in body and "<script>x" not in body
    entry = AuditEntry.objects.get(action="council.page_changed")
    assert entry.after["text"].startswith("## Write to us")


def test_an_empty_page_puts_back_the_default_and_facts_stay(signed_in, client):
    signed_in.post(reverse("council_page", args=["privacy"]), {"body": "Our own words."})
    assert "Our own words." in client.get(reverse("privacy")).content.decode()
    signed_in.post(reverse("council_page", args=["privacy"]), {"body": ""})
    body = client.get(reverse("privacy")).content.decode()
    assert "The council is the data controller." in body
    assert "What we keep, and for how long" in body  # Kist's facts are not editable away


def test_the_accessibility_statement_follows_the_regulations(client):
    body = client.get(reverse("accessibility")).content.decode()
    for heading in ("How accessible this service is", "Feedback and contact information",
                    "Enforcement procedure", "Preparation of this statement"):
        assert heading in body


def test_an_unknown_page_is_not_found(signed_in):
    assert signed_in.get(reverse("council_page", args=["nonsense"])).status_code == 404
