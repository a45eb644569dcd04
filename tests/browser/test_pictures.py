"""Pictures in a real browser: a resident adds one with its description and sees it on their
proposal; a mistake is explained with nothing typed lost; a moderator removes a picture with a
reason shown in its place; staff add one to a ballot project. Every page visited passes axe at
1100 px and 320 px."""

import io
from decimal import Decimal

import pytest
from PIL import Image
from playwright.sync_api import expect

from budgeting.models import Project
from budgeting.pictures import services
from budgeting.pictures.models import Picture
from tests.browser.conftest import assert_accessible_at_both_widths, sign_in

pytestmark = pytest.mark.browser


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


def _jpeg(size=(1200, 800)) -> dict:
    out = io.BytesIO()
    Image.new("RGB", size, "seagreen").save(out, format="JPEG")
    return {"name": "bench.jpg", "mimeType": "image/jpeg", "buffer": out.getvalue()}


def _loaded(image) -> bool:
    return image.evaluate("img => img.complete && img.naturalWidth > 0")


def test_a_resident_adds_a_picture_that_appears_on_their_proposal(live_server, page, proposal,
                                                                  resident):
    sign_in(page, live_server.url, resident.email)
    page.goto(live_server.url + proposal.get_absolute_url())
    page.get_by_role("link", name="Add pictures").click()
    expect(page.get_by_role("heading", name="Pictures of your proposal")).to_be_visible()
    assert_accessible_at_both_widths(page)

    # A description without a file: refused, saying why, the description kept.
    page.get_by_label("Describe the picture").fill("The broken bench by the bridge")
    page.get_by_role("button", name="Add the picture").click()
    expect(page.locator(".error-summary")).to_contain_text("Choose a picture to upload.")
    expect(page.get_by_label("Describe the picture")).to_have_value(
        "The broken bench by the bridge")
    assert_accessible_at_both_widths(page)

    page.get_by_label("Picture", exact=True).set_input_files(_jpeg())
    page.get_by_role("button", name="Add the picture").click()
    expect(page.get_by_text("Your picture has been added.")).to_be_visible()
    expect(page.get_by_role("button", name="Take this picture back")).to_be_visible()
    assert_accessible_at_both_widths(page)

    page.get_by_role("link", name="Back to your proposal").click()
    image = page.get_by_role("img", name="The broken bench by the bridge")
    expect(image).to_be_visible()
    assert _loaded(image)
    assert Picture.objects.get().width == 1200
    assert_accessible_at_both_widths(page)


def test_a_moderator_removes_a_picture_and_staff_picture_a_project(live_server, page,
                                                                   proposal, resident,
                                                                   moderator, envelope):
    services.picture_add_to_proposal(
        proposal=proposal, author=resident, alt="A poster with a phone number",
        picture=services.prepare(_jpeg()["buffer"]))
    sign_in(page, live_server.url, moderator.email)
    page.goto(f"{live_server.url}/p/{proposal.process.slug}/moderation/{proposal.pk}/")
    expect(page.get_by_role("img", name="A poster with a phone number")).to_be_visible()
    assert_accessible_at_both_widths(page)
    page.goto(live_server.url + proposal.get_absolute_url())
    page.get_by_role("link", name="Remove this picture").click()
    assert_accessible_at_both_widths(page)
    page.get_by_role("button", name="Remove the picture").click()
    expect(page.locator(".error-summary")).to_contain_text("Enter a reason.")
    assert_accessible_at_both_widths(page)
    page.get_by_label("Reason").fill("It shows someone's phone number.")
    page.get_by_role("button", name="Remove the picture").click()
    expect(page.locator("#pictures")).to_contain_text("It shows someone's phone number.")
    expect(page.get_by_role("img", name="A poster with a phone number")).to_have_count(0)
    assert_accessible_at_both_widths(page)

    project = Project.objects.create(envelope=envelope, title="River path benches",
                                     summary="Ten benches.", cost=Decimal("8000"))
    page.goto(live_server.url + project.get_absolute_url())
    page.get_by_role("link", name="Add pictures").click()
    assert_accessible_at_both_widths(page)
    page.get_by_label("Picture", exact=True).set_input_files(_jpeg((600, 900)))
    page.get_by_label("Describe the picture").fill("The river path at dusk")
    page.get_by_role("button", name="Add the picture").click()
    page.get_by_role("link", name="Back to the project").click()
    image = page.get_by_role("img", name="The river path at dusk")
    expect(image).to_be_visible()
    assert _loaded(image)
    assert_accessible_at_both_widths(page)
