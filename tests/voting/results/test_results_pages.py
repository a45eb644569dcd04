"""The public results page and downloads: only what is published, explained and checkable."""

import csv
import io
import json
import re

import pytest
from django.urls import reverse

from tests.conftest import PASSWORD
from tests.voting.results.results_setup import (
    approvals,
    cast_with_codes,
    close_voting,
    online_voters,
)
from tests.voting.staff.staff_setup import voting_round
from voting.results import services as results
from voting.results.ballot_file import digest_of
from voting.tally import count, read_pb


@pytest.fixture
def counted(envelope, process_admin):
    projects = voting_round(envelope.process, envelope, ballot_type="approval")
    play, benches, racks, orchard = projects
    cast_with_codes(envelope, approvals([play, benches], [play, orchard], [benches, racks],
                                        [play]))
    close_voting(envelope.process)
    tally, _ = results.tally_count(admin=process_admin, envelope=envelope)
    return tally, projects


def _download(client, tally, fmt):
    return client.get(reverse("results_download", args=[
        tally.envelope.process.slug, tally.envelope_id, tally.number, fmt]))


def test_an_unpublished_count_stays_private(client, counted, resident, moderator):
    tally, (play, *_rest) = counted
    url = reverse("results", args=[tally.envelope.process.slug])
    for who in (None, resident, moderator):
        if who:
            client.login(username=who.email, password=PASSWORD)
        page = client.get(url)
        assert page.status_code == 200
        assert "have not been published" in page.content.decode()
        assert tally.digest not in page.content.decode()
        for fmt in ("pb", "csv", "json"):
            assert _download(client, tally, fmt).status_code == 404
    preview = client.get(reverse("results_preview", args=[tally.envelope.process.slug, tally.pk]))
    assert preview.status_code == 403


def test_a_process_admin_previews_and_downloads_before_publishing(client, counted, process_admin):
    tally, _ = counted
    client.login(username=process_admin.email, password=PASSWORD)
    preview = client.get(reverse("results_preview", args=[tally.envelope.process.slug, tally.pk]))
    assert preview.status_code == 200
    assert "Not published" in preview.content.decode()
    assert _download(client, tally, "pb").status_code == 200


def test_the_page_shows_winners_reasons_chart_comparison_and_downloads(client, counted,
                                                                       process_admin):
    tally, (play, benches, racks, orchard) = counted
    results.tally_publish(admin=process_admin, tally=tally)
    page = client.get(reverse("results", args=[tally.envelope.process.slug]))
    html = page.content.decode()
    assert page.status_code == 200
    assert "3 projects funded" in html
    assert "Play park" in html and "£25,000" in html
    assert "£15,000 was left when its turn came and it costs £30,000" in html
    assert "<svg" in html and 'role="img"' in html and "✓ funded" in html
    assert f'aria-details="results-table-{tally.envelope_id}"' in html
    assert f'id="results-table-{tally.envelope_id}"' in html
    assert "This is not the official result." in html
    assert "Method of Equal Shares" in html
    assert tally.digest in html
    assert f"pb-tally riverside-{tally.envelope_id}-count-1.pb --rule greedy " \
           "--json" in html
    for fmt in ("pb", "csv", "json"):
        assert reverse("results_download", args=["riverside", tally.envelope_id, 1, fmt]) in html


def test_the_downloads_repeat_the_count(client, counted, process_admin):
    tally, (play, *_rest) = counted
    results.tally_publish(admin=process_admin, tally=tally)
    pb = _download(client, tally, "pb")
    assert pb["Content-Disposition"] == (
        f'attachment; filename="riverside-{tally.envelope_id}-count-1.pb"')
    text = pb.content.decode()
    assert digest_of(text) == tally.digest
    assert count(read_pb(text).election, rule="greedy").selected == tally.selected
    data = json.loads(_download(client, tally, "json").content)
    assert data["ballot_file_sha256"] == tally.digest
    assert data["outcome"]["selected"] == tally.selected
    assert set(data["other_rules"]) == {"greedy-no-skip", "max-welfare", "equal-shares"}
    rows = list(csv.DictReader(io.StringIO(_download(client, tally, "csv").content.decode())))
    first = rows[0]
    assert first["project_id"] == play.code and first["funded"] == "yes"
    assert first["cost"] == "25000" and first["currency"] == "GBP"
    assert first["support"] == "3"


def test_a_tie_that_decided_something_is_said(client, envelope, process_admin):
    projects = voting_round(envelope.process, envelope, ballot_type="approval")
    play, benches, racks, orchard = projects
    # The play park (£25,000) and the orchard (£30,000) tie; both cannot fit in £60,000 with
    # the racks: the cheaper play park wins the tie.
    cast_with_codes(envelope, approvals([racks, play, orchard], [racks, play, orchard],
                                        [racks]))
    close_voting(envelope.process)
    tally, _ = results.tally_count(admin=process_admin, envelope=envelope)
    assert tally.outcome["tie_decided"]
    results.tally_publish(admin=process_admin, tally=tally)
    html = client.get(reverse("results", args=["riverside"])).content.decode()
    assert "A tie decided something." in html
    assert "A tie decided this." in html


def test_small_age_groups_are_merged_or_hidden(client, envelope, other_envelope, process_admin):
    projects = voting_round(envelope.process, envelope, ballot_type="approval")
    voting_round(envelope.process, other_envelope, ballot_type="approval")
    other_projects = list(other_envelope.projects.all())
    cast_with_codes(envelope, approvals(*[[projects[0]]] * 12))
    cast_with_codes(other_envelope, approvals([other_projects[0]], [other_projects[1]]))
    online_voters(envelope, {"16-24": 4, "25-44": 9, "45-64": 15, "65+": 3})
    online_voters(other_envelope, {"25-44": 6})
    close_voting(envelope.process)
    for e in (envelope, other_envelope):
        tally, _ = results.tally_count(admin=process_admin, envelope=e)
        results.tally_publish(admin=process_admin, tally=tally)
    html = client.get(reverse("results", args=["riverside"])).content.decode()
    ages = html.split("Online voters by age", 1)[1].split("</table>", 1)[0]
    cells = re.findall(r'<th scope="row">([^<]+)</th><td class="num">(\d+)</td>', ages)
    # 16-24 (4) joins 25-44 (9): "16 to 44", 13; 65+ (3) joins 45-64: "45 and over", 18.
    assert cells == [("16 to 44", "13"), ("45 and over", "18")]
    # The other envelope: 6 voters gave an age, too few to show; 2 code ballots, too few to
    # say how they were cast, only that there were 2.
    assert "Too few voters gave their age to show any age groups." in html
    other = html.split(f'id="envelope-{other_envelope.pk}"', 1)[1]
    ways = other.split("Who voted", 1)[1].split("</table>", 1)[0]
    assert "voting code" not in ways.lower()
    assert re.search(r"Counted in all</th><td class=\"num\"><strong>2</strong>", ways)


def test_huge_or_unknown_ids_are_not_found(client, counted):
    tally, _ = counted
    for path in (f"/p/riverside/results/{10**20}/count-1.pb",
                 f"/p/riverside/results/{tally.envelope_id}/count-{10**20}.pb",
                 f"/p/riverside/results/{tally.envelope_id}/count-1.exe",
                 f"/p/riverside/results/staff/counts/{10**20}/"):
        assert client.get(path).status_code == 404, path
