"""A proposal's place: typed, picked on a map or found from a postcode; refused outside the
area the round's envelope covers; shown on its page, with a map only where tiles are set."""

from decimal import Decimal
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from budgeting.models import Ward
from budgeting.proposals import services
from budgeting.proposals.locations import envelope_area, postcode_centre
from budgeting.proposals.models import Proposal
from tests.conftest import make_proposal

pytestmark = pytest.mark.django_db

TILES = "https://tiles.example/{z}/{x}/{y}.png"

# Riverside (RV1, RV2) lies around 55.935-55.955 N, 3.185-3.21 W; North Bank well away.
DIRECTORY = """postcode,ward_code,ward_name,latitude,longitude
RV1 2AB,S13099901,Riverside North,55.950000,-3.190000
RV1 2AC,S13099901,Riverside North,55.955000,-3.185000
RV1 9ZZ,S13099902,Riverside South,55.940000,-3.200000
RV2 1AA,S13099902,Riverside South,55.935000,-3.210000
NB1 1AA,S13099903,North Bank,56.100000,-3.000000
"""
INSIDE = {"latitude": Decimal("55.945"), "longitude": Decimal("-3.195")}
NORTH_BANK = {"latitude": Decimal("56.100000"), "longitude": Decimal("-3.000000")}


@pytest.fixture
def directory(tmp_path):
    path = tmp_path / "directory.csv"
    path.write_text(DIRECTORY)
    call_command("import_postcodes", str(path), stdout=StringIO())


def submit(envelope, author, **place) -> Proposal:
    return services.proposal_submit(
        author=author, envelope=envelope, title="Wildflower verges",
        summary="Sow native wildflowers.", description="More bees.",
        estimated_cost=Decimal("3000"), category="green_spaces", **place)


def test_it_keeps_a_place_inside_the_round(directory, envelope, resident):
    proposal = submit(envelope, resident, **INSIDE)
    proposal.refresh_from_db()
    assert (proposal.latitude, proposal.longitude) == (Decimal("55.945000"), Decimal("-3.195000"))


def test_it_refuses_a_location_outside_the_round(directory, envelope, resident):
    with pytest.raises(ValidationError) as refused:
        submit(envelope, resident, **NORTH_BANK)
    assert refused.value.message_dict == {"latitude": [
        "That place is outside the area of Riverside ward in Riverside Community Choices. "
        "Choose a place inside the area, or leave the map position empty."]}
    assert not Proposal.objects.exists()


def test_a_postcode_gives_its_centre_and_is_checked_like_a_point(directory, envelope, resident):
    proposal = submit(envelope, resident, postcode="rv1 9zz")
    assert (proposal.latitude, proposal.longitude) == (Decimal("55.940000"), Decimal("-3.200000"))
    with pytest.raises(ValidationError) as refused:
        submit(envelope, resident, postcode="NB1 1AA")
    assert "outside the area of Riverside ward" in refused.value.message_dict["postcode"][0]


def test_typed_coordinates_win_over_a_postcode(directory, envelope, resident):
    proposal = submit(envelope, resident, postcode="RV1 9ZZ", **INSIDE)
    assert proposal.latitude == Decimal("55.945")


@pytest.mark.parametrize(("place", "field", "message"), [
    ({"postcode": "ZZ9 9ZZ"}, "postcode", "ZZ9 9ZZ is not in the council's list of postcodes"),
    ({"postcode": "not one!"}, "postcode", "Enter a postcode like RV1 2AB."),
    ({"latitude": Decimal("55.9")}, "longitude", "Give both the latitude and the longitude"),
])
def test_it_says_what_is_wrong_with_a_place(directory, envelope, resident, place, field,
                                            message):
    with pytest.raises(ValidationError) as refused:
        submit(envelope, resident, **place)
    assert message in refused.value.message_dict[field][0]


def test_an_envelope_of_wards_covers_its_wards_postcodes(directory, envelope):
    envelope.wards.add(Ward.objects.get(code="S13099903"))
    area = envelope_area(envelope=envelope)
    assert area.contains(**NORTH_BANK)
    assert not area.contains(**INSIDE)


def test_an_envelope_for_anyone_covers_the_whole_directory(directory, other_envelope):
    area = envelope_area(envelope=other_envelope)
    assert area.contains(**NORTH_BANK) and area.contains(**INSIDE)


def test_without_centres_in_the_directory_any_place_is_taken(envelope, resident):
    assert envelope_area(envelope=envelope) is None
    assert postcode_centre("RV1 2AB") is None
    assert submit(envelope, resident, **NORTH_BANK).latitude == NORTH_BANK["latitude"]


def test_moving_a_proposal_out_of_the_round_is_refused_but_leaving_it_is_not(
        directory, envelope, resident):
    proposal = make_proposal(envelope=envelope, author=resident, **NORTH_BANK)
    # Placed before the directory said where the round is: saving other changes keeps it.
    services.proposal_update(proposal=proposal, author=resident, title="New title",
                             postcode="", **NORTH_BANK)
    inside = make_proposal(envelope=envelope, author=resident, **INSIDE)
    with pytest.raises(ValidationError, match="outside the area"):
        services.proposal_update(proposal=inside, author=resident, postcode="", **NORTH_BANK)
    services.proposal_update(proposal=inside, author=resident, latitude=None, longitude=None,
                             postcode="RV1 2AB")
    inside.refresh_from_db()
    assert inside.latitude == Decimal("55.950000")


# The pages


def _form(envelope, **overrides) -> dict:
    return {"envelope": envelope.pk, "title": "Wildflower verges",
            "summary": "Sow native wildflowers.", "description": "More bees.",
            "estimated_cost": "3000", "category": "green_spaces", "location": "Mill Road",
            **overrides}


def test_the_form_takes_a_postcode_without_javascript(client, directory, envelope, resident):
    client.force_login(resident)
    url = reverse("proposal_new", kwargs={"slug": envelope.process.slug})
    response = client.post(url, _form(envelope, postcode="RV1 2AB"))
    assert response.status_code == 302
    assert Proposal.objects.get().longitude == Decimal("-3.190000")


def test_the_form_shows_the_refusal_at_the_field(client, directory, envelope, resident):
    client.force_login(resident)
    url = reverse("proposal_new", kwargs={"slug": envelope.process.slug})
    page = client.post(url, _form(envelope, latitude="56.1", longitude="-3.0")).content.decode()
    assert 'id="id_latitude_error"' in page
    assert "That place is outside the area of Riverside ward" in page
    assert 'value="56.1"' in page
    assert not Proposal.objects.exists()


def test_the_form_has_the_map_picker_only_with_tiles(client, settings, directory, envelope,
                                                     resident):
    client.force_login(resident)
    url = reverse("proposal_new", kwargs={"slug": envelope.process.slug})
    page = client.get(url).content.decode()
    assert 'id="id_latitude"' in page and 'id="id_postcode"' in page
    assert "data-map-picker" not in page
    settings.MAP_TILES_URL = TILES
    assert "data-map-picker" in client.get(url).content.decode()


def test_the_proposal_page_shows_the_place_in_words_and_on_a_map_with_tiles(
        client, settings, envelope, resident):
    proposal = make_proposal(envelope=envelope, author=resident, **INSIDE)
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert "Latitude 55.945000, longitude -3.195000" in page
    assert "data-map-point" not in page
    settings.MAP_TILES_URL = TILES
    page = client.get(proposal.get_absolute_url()).content.decode()
    assert 'data-map-point data-map-lat="55.945000" data-map-lon="-3.195000"' in page


def test_the_list_marks_placed_proposals_and_offers_a_map_only_with_tiles(
        client, settings, envelope, resident):
    placed = make_proposal(envelope=envelope, author=resident, title="Placed", **INSIDE)
    make_proposal(envelope=envelope, author=resident, title="Unplaced")
    url = reverse("proposal_list", kwargs={"slug": envelope.process.slug})
    page = client.get(url).content.decode()
    assert "data-map-view" not in page and "leaflet" not in page
    assert f'data-map-href="{placed.get_absolute_url()}"' in page
    settings.MAP_TILES_URL = TILES
    page = client.get(url).content.decode()
    assert "data-map-view" in page and 'data-map-tiles="https://tiles.example/{z}/{x}/{y}.png"' \
        in page
    # The list is still the whole list.
    assert "Placed" in page and "Unplaced" in page


def test_the_policy_allows_the_tiles_server_and_nothing_more():
    from config.settings import tiles_origin

    assert tiles_origin("https://tile.openstreetmap.org/{z}/{x}/{y}.png") == (
        "https://tile.openstreetmap.org")
    assert tiles_origin("https://{s}.tiles.example:8443/{z}/{x}/{y}.png") == (
        "https://*.tiles.example:8443")
    with pytest.raises(Exception, match="MAP_TILES_URL"):
        tiles_origin("javascript:alert(1)")


def test_the_form_asks_for_no_postcode_when_the_directory_places_none(process, envelope):
    from budgeting.proposals.forms import ProposalForm
    assert "postcode" not in ProposalForm(process=process).fields


def test_a_map_with_no_directory_starts_around_the_ideas_already_placed(process, envelope,
                                                                        resident):
    from budgeting.proposals.locations import placed_area
    assert placed_area(process=process) is None
    make_proposal(envelope=envelope, author=resident, latitude=Decimal("55.86"),
                  longitude=Decimal("-4.26"))
    area = placed_area(process=process)
    assert area.south < Decimal("55.86") < area.north and area.west < Decimal("-4.26")
