"""Maps in Chromium: the proposal list and the ballot offer a map beside the list, never in its
place; tiles come from the configured server (here answered by Playwright, so no internet);
with no tiles server set there is no map at all and the list works as ever."""

import struct
import zlib
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from budgeting.models import Envelope
from tests.browser.conftest import assert_accessible, assert_accessible_at_both_widths, sign_in
from tests.conftest import make_process, make_proposal, make_user
from tests.voting.casting.page_helpers import make_ballot
from voting.staff.services import codes_issue

pytestmark = pytest.mark.browser

TILES_ORIGIN = "http://tiles.kist.test"


def _png() -> bytes:
    """A 1x1 light grey PNG: enough for a tile."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (struct.pack(">I", len(data)) + kind + data
                + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF))
    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(b"\x00\xdd")) + chunk(b"IEND", b""))


@pytest.fixture
def tiles(settings):
    settings.MAP_TILES_URL = TILES_ORIGIN + "/{z}/{x}/{y}.png"
    settings.MAP_TILES_ATTRIBUTION = "Test tiles"
    settings.SECURE_CSP = {**settings.SECURE_CSP,
                           "img-src": [*settings.SECURE_CSP["img-src"], TILES_ORIGIN]}
    served: list[str] = []

    def serve(page):
        def answer(route):
            served.append(route.request.url)
            route.fulfill(status=200, content_type="image/png", body=_png())
        page.route(TILES_ORIGIN + "/**", answer)
        return served
    return serve


def _round():
    process = make_process()
    envelope = Envelope.objects.create(process=process, name="Riverside ward",
                                       amount=Decimal("60000"))
    author = make_user("eilidh@example.com", "Eilidh")
    placed = [
        make_proposal(envelope=envelope, author=author, title="Benches by the river",
                      latitude=Decimal("55.9500"), longitude=Decimal("-3.1900")),
        make_proposal(envelope=envelope, author=author, title="Play park on Mill Road",
                      latitude=Decimal("55.9450"), longitude=Decimal("-3.2000")),
    ]
    unplaced = make_proposal(envelope=envelope, author=author, title="A youth club night")
    return process, envelope, placed, unplaced


def test_the_list_offers_a_map_of_its_proposals_and_stays_the_way_in(live_server, page, db,
                                                                      tiles):
    process, _envelope, placed, unplaced = _round()
    served = tiles(page)
    page.goto(live_server.url + f"/p/{process.slug}/proposals/")
    toggle = page.get_by_role("button", name="Show on a map")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    assert served == []  # no tile is fetched until someone asks for the map
    toggle.click()
    expect(page.get_by_role("button", name="Hide the map")).to_have_attribute(
        "aria-expanded", "true")

    pins = page.locator(".map-pin")
    expect(pins).to_have_count(2)
    assert sorted(pins.evaluate_all("links => links.map(a => a.getAttribute('href'))")) == sorted(
        p.get_absolute_url() for p in placed)
    expect(page.get_by_role("link", name="Benches by the river")).to_have_count(2)
    assert served, "the map asked the configured server for tiles"
    expect(page.locator(".leaflet-control-attribution")).to_contain_text("Test tiles")
    # The list is all still there, the unplaced proposal too.
    expect(page.locator("#results .card")).to_have_count(3)
    expect(page.locator("#results").get_by_role("link", name=unplaced.title)).to_be_visible()
    assert_accessible_at_both_widths(page)

    # From the map's button a keyboard user skips the map and tabs straight into the list.
    page.get_by_role("button", name="Hide the map").focus()
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip the map")).to_be_focused()
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    first = page.locator("#results .card__title a").first
    expect(first).to_be_focused()
    title = first.inner_text()
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text(title)


def test_a_marker_is_a_link_to_its_proposal_whose_page_shows_the_place(live_server, page, db,
                                                                        tiles):
    process, _envelope, placed, _unplaced = _round()
    tiles(page)
    page.goto(live_server.url + f"/p/{process.slug}/proposals/")
    page.get_by_role("button", name="Show on a map").click()
    page.locator(f".map-pin[href='{placed[0].get_absolute_url()}']").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(placed[0].title)
    expect(page.get_by_text("Latitude 55.950000, longitude -3.190000")).to_be_visible()
    expect(page.get_by_role("region", name="Map showing where the idea would happen")
           ).to_be_visible()
    assert_accessible_at_both_widths(page)


def test_the_ballot_offers_a_map_beside_its_projects(live_server, page, db, tiles):
    envelope, projects = make_ballot(ballot_type="approval", max_projects=2, prefixes="")
    author = make_user("eilidh@example.com", "Eilidh")
    for project, (lat, lon) in zip(projects[:2], [("55.95", "-3.19"), ("55.94", "-3.20")],
                                   strict=True):
        project.proposals.add(make_proposal(envelope=envelope, author=author,
                                            title=f"Idea for {project.title}",
                                            latitude=Decimal(lat), longitude=Decimal(lon)))
    code = codes_issue(staff=None, envelope=envelope, count=1)[0]
    tiles(page)
    page.goto(f"{live_server.url}/vote/code/#code={code}")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Your ballot")
    page.get_by_role("button", name="Show on a map").click()
    pins = page.locator(".map-pin")
    expect(pins).to_have_count(2)
    assert sorted(pins.evaluate_all("links => links.map(a => a.getAttribute('href'))")) == sorted(
        f"#card-{p.pk}" for p in projects[:2])
    assert_accessible_at_both_widths(page)
    # Choosing still happens in the list, which the map leaves as it was.
    page.get_by_label(projects[0].title).check()
    expect(page.get_by_label(projects[0].title)).to_be_checked()


def test_the_proposer_picks_the_place_on_the_map_or_types_it(live_server, page, db, tiles):
    process, envelope, _placed, _unplaced = _round()
    make_user("morag@example.com", "Morag")
    tiles(page)
    sign_in(page, live_server.url, "morag@example.com")
    page.goto(live_server.url + f"/p/{process.slug}/proposals/new/")
    picker = page.get_by_role("region", name="Map to pick where your idea would happen")
    expect(picker).to_be_visible()
    picker.click()
    expect(page.get_by_label("Latitude (optional)")).not_to_have_value("")
    expect(page.get_by_label("Longitude (optional)")).not_to_have_value("")
    assert_accessible_at_both_widths(page)


def test_with_no_tiles_server_there_is_no_map_and_the_list_works(live_server, page, db):
    process, _envelope, placed, _unplaced = _round()
    page.goto(live_server.url + f"/p/{process.slug}/proposals/")
    expect(page.locator("#results .card")).to_have_count(3)
    expect(page.get_by_role("button", name="Show on a map")).to_have_count(0)
    assert page.locator("script[src*='leaflet']").count() == 0
    page.get_by_role("link", name=placed[0].title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(placed[0].title)
    expect(page.get_by_text("Latitude 55.950000, longitude -3.190000")).to_be_visible()
    expect(page.locator(".leaflet-container")).to_have_count(0)
    assert_accessible(page)


def test_a_marker_shows_a_title_as_text_never_as_markup(live_server, page, db, tiles):
    process, envelope, placed, _unplaced = _round()
    from budgeting.proposals.models import Proposal
    Proposal.objects.filter(pk=placed[0].pk).update(
        title='<img src="x" id="injected"><b>Bold</b> benches')
    tiles(page)
    page.goto(live_server.url + f"/p/{process.slug}/proposals/")
    page.get_by_role("button", name="Show on a map").click()
    pin = page.locator(f'.map-pin[href="{placed[0].get_absolute_url()}"]')
    pin.focus()
    tooltip = page.locator(".leaflet-tooltip")
    expect(tooltip).to_have_text('<img src="x" id="injected"><b>Bold</b> benches')
    assert page.locator("#injected").count() == 0
    assert tooltip.locator("b").count() == 0
