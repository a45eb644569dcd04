"""The council's postcode directory: loaded from its CSV, replaced whole, refused whole when a
line is wrong; with it, envelopes take residents of their wards, and unknown postcodes none."""

from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from budgeting.models import PostcodeWard, Ward
from voting.eligibility import check_eligible, check_known_postcode, is_eligible

pytestmark = pytest.mark.django_db

SAMPLE = Path(__file__).parent / "postcodes" / "sample.csv"


def load(path=SAMPLE) -> str:
    from io import StringIO

    out = StringIO()
    call_command("import_postcodes", str(path), stdout=out)
    return out.getvalue()


def _file(tmp_path, *lines) -> Path:
    path = tmp_path / "directory.csv"
    path.write_text("\n".join(["postcode,ward_code,ward_name", *lines]) + "\n")
    return path


def test_it_loads_the_sample_directory():
    assert "Loaded 5 postcodes in 3 wards" in load()
    assert PostcodeWard.objects.get(postcode="RV12AB").ward.name == "Riverside North"
    assert set(Ward.objects.values_list("code", flat=True)) == {
        "S13099901", "S13099902", "S13099903"}


def test_loading_again_replaces_the_directory_and_keeps_wards_envelopes_use(tmp_path,
                                                                          envelope):
    load()
    north = Ward.objects.get(code="S13099901")
    envelope.wards.add(north)
    out = load(_file(tmp_path, "RV1 2AB,S13099901,Riverside N.", "EG1 4AA,S13099909,Eastgate"))
    assert "Loaded 2 postcodes in 2 wards" in out
    assert "No longer in the directory: North Bank, Riverside South." in out
    assert set(PostcodeWard.objects.values_list("postcode", flat=True)) == {"RV12AB", "EG14AA"}
    north.refresh_from_db()
    assert north.name == "Riverside N." and list(envelope.wards.all()) == [north]


@pytest.mark.parametrize(("lines", "message"), [
    (["not a postcode!,S1,Ward"], "line 2: 'not a postcode!' is not a postcode."),
    (["RV1 2AB,,Ward"], "line 2: every postcode needs a ward code"),
    (["RV1 2AB,S1,North", "RV1 2AC,S1,South"], "line 3: ward S1 is named both"),
    (["RV1 2AB,S1,North", "rv12ab,S2,South"], "line 3: rv12ab is in two wards"),
    ([], "has no postcodes"),
])
def test_a_bad_file_changes_nothing_and_says_which_line(tmp_path, lines, message):
    load()
    with pytest.raises(CommandError, match=message):
        load(_file(tmp_path, *lines))
    assert PostcodeWard.objects.count() == 5


def test_a_file_without_the_columns_or_not_there_is_refused(tmp_path):
    path = tmp_path / "other.csv"
    path.write_text("pc,ward\nRV1 2AB,North\n")
    with pytest.raises(CommandError, match="needs a header row with postcode, ward_code"):
        load(path)
    with pytest.raises(CommandError, match="Cannot read"):
        load(tmp_path / "missing.csv")
    path.write_bytes(b"\xff\xfe\x00postcode")
    with pytest.raises(CommandError, match="not a CSV file in UTF-8"):
        load(path)


def test_without_a_directory_every_postcode_is_known_and_prefixes_decide(envelope):
    check_known_postcode("ZZ9 9ZZ")
    assert is_eligible(envelope=envelope, postcode="RV1 2AB", age=30)
    assert not is_eligible(envelope=envelope, postcode="NB1 1AA", age=30)


def test_with_a_directory_an_unknown_postcode_is_refused():
    load()
    check_known_postcode("RV1 2AB")
    with pytest.raises(ValidationError, match="ZZ9 9ZZ is not in the council's list"):
        check_known_postcode("ZZ9 9ZZ")


def test_an_envelope_of_wards_takes_their_residents_and_names_them(envelope):
    load()
    envelope.wards.add(Ward.objects.get(code="S13099902"))
    assert is_eligible(envelope=envelope, postcode="RV1 9ZZ", age=30)
    # RV1 2AB starts like the envelope's prefixes, but its ward is not one of the envelope's.
    with pytest.raises(ValidationError) as refused:
        check_eligible(envelope=envelope, postcode="RV1 2AB", age=30)
    assert refused.value.messages == [
        "Riverside ward is for residents of Riverside South; RV1 2AB is in Riverside North."]


@pytest.mark.parametrize(("low", "high", "age", "ok", "said"), [
    (12, 25, 11, False, "people aged 12 to 25"),
    (12, 25, 12, True, ""),
    (12, 25, 25, True, ""),
    (12, 25, 26, False, "people aged 12 to 25"),
    (12, None, 99, True, ""),
    (12, None, 11, False, "people aged 12 or over"),
])
def test_the_age_range_has_a_top_as_well_as_a_bottom(envelope, low, high, age, ok, said):
    envelope.minimum_age, envelope.maximum_age = low, high
    envelope.save()
    assert is_eligible(envelope=envelope, postcode="RV1 2AB", age=age) is ok
    if not ok:
        with pytest.raises(ValidationError, match=said):
            check_eligible(envelope=envelope, postcode="RV1 2AB", age=age)


def test_a_maximum_below_the_minimum_is_refused(envelope):
    envelope.minimum_age, envelope.maximum_age = 26, 25
    with pytest.raises(ValidationError, match="cannot be below the minimum"):
        envelope.full_clean()


def test_the_declaration_page_refuses_an_unknown_postcode_and_keeps_the_answers(client):
    from tests.conftest import make_user
    from tests.voting.casting.page_helpers import declare, make_ballot

    envelope, _projects = make_ballot()
    load()
    user = make_user("morag@example.com")
    client.force_login(user)
    response = declare(client, envelope.process, postcode="ZZ9 9ZZ", name="Morag Sinclair",
                       born="27 3 1990")
    page = response.content.decode()
    assert response.status_code == 400
    assert "ZZ9 9ZZ is not in the council&#x27;s list of postcodes" in page
    assert 'value="Morag Sinclair"' in page


def test_a_youth_pot_is_not_offered_to_a_67_year_old(client):
    from tests.conftest import make_user
    from tests.voting.casting.page_helpers import ballot_url, declare, make_ballot

    envelope, _projects = make_ballot(name="Youth pot", prefixes="")
    envelope.minimum_age, envelope.maximum_age = 12, 25
    envelope.save()
    client.force_login(make_user("elder@example.com"))
    response = declare(client, envelope.process, age=67)
    page = client.get(response["Location"]).content.decode()
    assert "Youth pot is for people aged 12 to 25." in page
    assert client.get(ballot_url(envelope)).status_code == 403




def test_it_reads_postcode_centres_where_the_file_has_them(tmp_path):
    path = tmp_path / "centres.csv"
    path.write_text("postcode,ward_code,ward_name,latitude,longitude\n"
                    "RV1 2AB,S13099901,Riverside North,55.9533,-3.1883\n"
                    "RV1 2AC,S13099901,Riverside North,,\n")
    assert "1 of them have a map position" in load(path)
    placed = PostcodeWard.objects.get(postcode="RV12AB")
    assert (str(placed.latitude), str(placed.longitude)) == ("55.953300", "-3.188300")
    assert PostcodeWard.objects.get(postcode="RV12AC").latitude is None


def test_a_file_without_centres_still_loads_without_them():
    assert "map position" not in load()
    assert not PostcodeWard.objects.filter(latitude__isnull=False).exists()


@pytest.mark.parametrize("centre", ["55.95,", "north,-3.1", "95,-3.1", "55.9,-190", "nan,nan"])
def test_a_centre_that_is_not_one_is_refused_with_its_line(tmp_path, centre):
    path = tmp_path / "centres.csv"
    path.write_text("postcode,ward_code,ward_name,latitude,longitude\n"
                    f"RV1 2AB,S13099901,Riverside North,{centre}\n")
    with pytest.raises(CommandError, match="line 2: the latitude and longitude must both be"):
        load(path)
