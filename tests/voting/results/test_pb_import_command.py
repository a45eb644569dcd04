"""pb_import and pb_export: one line that says what is wrong, and nothing half-written."""

import pytest
from django.core.management import CommandError, call_command

from budgeting.models import Process
from tests.conftest import make_process
from tests.voting.tally.conftest import shared_path
from voting.models import Ballot

GOOD = "Worldwide_Mechanical_Turk_Knapsack_8"


def test_it_imports_a_file_as_a_process_in_its_results_phase(db, capsys):
    call_command("pb_import", str(shared_path(GOOD)), "--process", "turk")
    out = capsys.readouterr().out
    assert out.startswith("Imported Worldwide_Mechanical_Turk_Knapsack_8.pb as process 'turk'")
    assert "1 ballot(s) break the file's own limits; they are imported as cast, e.g. line 71:" \
        in out
    process = Process.objects.get(slug="turk")
    assert process.phase == "results"
    envelope = process.envelopes.get()
    assert envelope.rules.ballot_type == "knapsack"
    assert not envelope.rules.channels  # nobody votes in an imported election
    assert envelope.rules.locked_at is not None
    assert Ballot.objects.filter(envelope=envelope, channel="imported").count() > 0


def test_it_names_the_slug_from_the_file(db):
    call_command("pb_import", str(shared_path(GOOD)))
    assert Process.objects.filter(slug="worldwide-mechanical-turk-knapsack-8").exists()


def test_it_refuses_a_slug_in_use(db):
    make_process(slug="turk")
    with pytest.raises(CommandError, match="'turk' already exists"):
        call_command("pb_import", str(shared_path(GOOD)), "--process", "turk")
    assert not Ballot.objects.exists()


def test_it_refuses_a_missing_file(db, tmp_path):
    with pytest.raises(CommandError, match="cannot read"):
        call_command("pb_import", str(tmp_path / "nothing.pb"))


def test_it_names_the_line_of_a_broken_file(db, tmp_path):
    broken = tmp_path / "broken.pb"
    broken.write_text("META\nkey;value\nbudget;100\nvote_type;approval\nPROJECTS\n"
                      "project_id;cost\n1;50\nVOTES\nvoter_id;vote\n1;2\n")
    with pytest.raises(CommandError, match="line 10: voter 1 votes for unknown project '2'"):
        call_command("pb_import", str(broken))
    assert not Process.objects.exists()


def test_export_refuses_an_unknown_envelope_or_count(db):
    with pytest.raises(CommandError, match="there is no envelope 999"):
        call_command("pb_export", "--envelope", "999")
    call_command("pb_import", str(shared_path(GOOD)), "--process", "turk")
    envelope = Process.objects.get(slug="turk").envelopes.get()
    with pytest.raises(CommandError, match=f"envelope {envelope.pk} has no count 3"):
        call_command("pb_export", "--envelope", str(envelope.pk), "--count", "3")


def test_export_writes_the_ballots_now(db, capsys):
    call_command("pb_import", str(shared_path(GOOD)), "--process", "turk")
    envelope = Process.objects.get(slug="turk").envelopes.get()
    capsys.readouterr()
    call_command("pb_export", "--envelope", str(envelope.pk))
    out = capsys.readouterr().out
    assert out.startswith("META\n") and "\nVOTES\n" in out
