"""Import a real election, count it in Kist, export it: the outcome is the original file's."""

import io
import json

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command

from tests.voting.tally.conftest import shared_path
from voting.models import Ballot, BallotChoice, Participation
from voting.results import services as results
from voting.results.ballot_file import ballot_file
from voting.results.pb_import import election_import
from voting.rules import rules_of
from voting.tally import RULES, read_pb

FILES = [
    "Worldwide_Mechanical_Turk_Knapsack_8",
    "Worldwide_Mechanical_Turk_Utilities_8",
    "Netherlands_Assen_2024",
    "US_Stanford_Dataset_Merced_Peoples_Budget_Ballot_2019_vote_rankings",
    "Switzerland_Zurich_SN",
    "Switzerland_Zurich_S5R",
    "Switzerland_Zurich_D10",
    "Poland_Katowice_2023_Brynow_Czesc_Wschodnia_-_Osiedle_Zgrzebnioka",
    "US_Stanford_Dataset_PB_Cambridge_2015_vote_knapsacks",
    "Poland_Warszawa_2017_Stara_Milosna",
    "Poland_Poznan_2026_2_-_Kiekrz_Krzyzowniki-Smochowice_Podolany_Strzeszyn__large",
]


def _pb_tally(path, rule: str) -> dict:
    out = io.StringIO()
    call_command("pb_tally", str(path), "--rule", rule, "--json", stdout=out)
    return json.loads(out.getvalue())


@pytest.mark.parametrize("name", FILES)
def test_import_count_export_gives_the_original_outcome(db, name, tmp_path):
    path = shared_path(name)
    original = read_pb(path)
    done = election_import(pb=original, slug="replay")
    assert done.ballots == original.election.voters
    assert Ballot.objects.filter(envelope=done.envelope).count() == original.election.voters
    assert not Participation.objects.exists()  # imported ballots have no voters

    made = ballot_file(envelope=done.envelope, rules=rules_of(done.envelope))
    assert made.unit == 100  # whole units in, whole units out
    exported = tmp_path / "ballots.pb"
    exported.write_text(made.text, encoding="utf-8")
    for rule in RULES:
        theirs = _pb_tally(path, rule)
        ours = results.count_file(file=made, rule=rule, unit=made.unit)
        again = _pb_tally(exported, rule)
        assert ours.selected == theirs["selected"] == again["selected"], rule
        assert ours.spent == theirs["spent"] == again["spent"]
        assert [p.support for p in ours.projects] == [p["support"] for p in theirs["projects"]]


def test_a_counted_import_downloads_a_file_pb_tally_agrees_with(db, tmp_path):
    path = shared_path("Poland_Warszawa_2017_Stara_Milosna")
    done = election_import(pb=read_pb(path), slug="stara")
    admin = User.objects.create_superuser("root@example.com", "root@example.com", "x")
    tally, _ = results.tally_count(admin=admin, envelope=done.envelope)
    assert tally.ballots_by_channel["imported"] == 1078
    out = tmp_path / "count.pb"
    call_command("pb_export", "--envelope", str(done.envelope.pk), "--count", "1",
                 "--out", str(out))
    assert out.read_text(encoding="utf-8") == tally.ballot_file
    # The official rule of Stara Miłosna 2017 is greedy; the city funded the same projects.
    assert tally.rule == "greedy"
    assert set(tally.selected) == {
        pid for pid, row in read_pb(path).projects.items() if row.get("selected") == "1"
    }
    assert _pb_tally(out, "greedy")["selected"] == tally.selected


def test_rankings_come_back_in_order(db):
    pb = read_pb(shared_path("US_Stanford_Dataset_Merced_Peoples_Budget_Ballot_2019_vote_rankings"))
    done = election_import(pb=pb, slug="merced")
    first = pb.votes[0]["vote"].split(",")
    codes = {p.pk: p.code for p in done.envelope.projects.all()}
    # Every imported ranking keeps its order as places 1, 2, 3…
    orders = {}
    for choice in BallotChoice.objects.filter(ballot__envelope=done.envelope).order_by("value"):
        orders.setdefault(choice.ballot_id, []).append(codes[choice.project_id])
    assert first in list(orders.values())


def test_an_imported_election_keeps_its_currency(db, client):
    path = shared_path("Poland_Warszawa_2017_Stara_Milosna")
    done = election_import(pb=read_pb(path), slug="stara")
    assert done.process.currency == "PLN"
    admin = User.objects.create_superuser("root@example.com", "root@example.com", "x")
    tally, _ = results.tally_count(admin=admin, envelope=done.envelope)
    results.tally_publish(admin=admin, tally=tally)
    assert "currency;PLN\n" in tally.ballot_file
    html = client.get("/p/stara/results/").content.decode()
    assert "£" not in html
    assert "308,400 PLN of 309,914 PLN" in html
    reasons = [p["reason"] for p in tally.outcome["projects"]]
    assert any("PLN" in reason for reason in reasons)
    assert client.get(f"/api/v1/envelopes/{done.envelope.pk}/results/").json()["currency"] == "PLN"


def test_ballots_breaking_the_files_limits_are_counted_and_said(db, client):
    # One worker on Mechanical Turk chose projects costing more than the budget.
    pb = read_pb(shared_path("Worldwide_Mechanical_Turk_Knapsack_8"))
    assert len(pb.problems) == 1
    done = election_import(pb=pb, slug="turk")
    admin = User.objects.create_superuser("root@example.com", "root@example.com", "x")
    tally, _ = results.tally_count(admin=admin, envelope=done.envelope)
    assert tally.ballots == pb.election.voters
    assert len(tally.problems) == 1 and "more than max_sum_cost" in tally.problems[0]
    results.tally_publish(admin=admin, tally=tally)
    html = client.get("/p/turk/results/").content.decode()
    assert "1 ballot breaks the ballot's own limits" in html and "counted as cast" in html
