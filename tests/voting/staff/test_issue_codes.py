"""`manage.py issue_codes`: codes written to a CSV file, bad input refused in one line."""

import csv
import hashlib
import os
import stat

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from budgeting.models import AuditEntry
from voting.casting.code_lookup import code_find
from voting.management.commands.issue_codes import Command
from voting.models import CodeBatch, VotingCode


def _issue(envelope, out, count=5, *extra):
    call_command("issue_codes", "--envelope", str(envelope.pk), "--count", str(count),
                 "--out", str(out), *extra)


def test_codes_are_written_with_code_envelope_and_url(envelope, tmp_path, capsys):
    out = tmp_path / "codes.csv"
    _issue(envelope, out, 5, "--base-url", "https://vote.riverside.example/",
           "--note", "Library")
    with out.open(newline="") as sheet:
        rows = list(csv.reader(sheet))
    assert rows[0] == ["code", "envelope", "url"]
    assert len(rows) == 6
    for code, envelope_name, url in rows[1:]:
        assert envelope_name == envelope.name
        assert url == f"https://vote.riverside.example/vote/code/#code={code}"
        assert code_find(typed=code).batch.envelope == envelope
    batch = CodeBatch.objects.get()
    assert (batch.count, batch.note, batch.issued_by) == (5, "Library", None)
    assert VotingCode.objects.count() == 5
    assert AuditEntry.objects.get(action="codes.issued").actor is None
    assert stat.S_IMODE(os.stat(out).st_mode) == 0o600  # the only copy of the codes
    printed = capsys.readouterr().out
    assert f"Issued 5 voting codes for {envelope.name}" in printed
    assert str(out) in printed


def test_the_default_address_is_the_local_server(envelope, tmp_path):
    out = tmp_path / "codes.csv"
    _issue(envelope, out, 1)
    with out.open(newline="") as sheet:
        (_header, (code, _name, url)) = list(csv.reader(sheet))
    assert url == f"http://127.0.0.1:8000/vote/code/#code={code}"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--envelope", "999", "--count", "5"], "There is no envelope with id 999."),
        (["--count", "0"], "--count must be between 1 and 20000, not 0."),
        (["--count", "20001"], "--count must be between 1 and 20000, not 20001."),
        (["--count", "-3"], "--count must be between 1 and 20000, not -3."),
        (["--count", "5", "--base-url", "vote.example.org"],
         "--base-url must be an address like https://vote.example.org, not 'vote.example.org'."),
    ],
)
def test_bad_input_is_refused_and_issues_nothing(envelope, tmp_path, args, message):
    out = tmp_path / "codes.csv"
    if "--envelope" not in args:
        args = ["--envelope", str(envelope.pk), *args]
    with pytest.raises(CommandError) as refused:
        call_command("issue_codes", *args, "--out", str(out))
    assert str(refused.value) == message
    assert not CodeBatch.objects.exists()
    assert not out.exists()


def test_an_unwritable_path_is_refused_before_any_code_is_issued(envelope, tmp_path):
    out = tmp_path / "no-such-folder" / "codes.csv"
    with pytest.raises(CommandError) as refused:
        _issue(envelope, out)
    assert str(refused.value) == f"Cannot write {out}: No such file or directory."
    assert not CodeBatch.objects.exists()


def test_a_directory_is_not_a_file(envelope, tmp_path):
    with pytest.raises(CommandError) as refused:
        _issue(envelope, tmp_path)
    assert str(refused.value) == f"Cannot write {tmp_path}: it is a folder; name a file in it."
    assert not CodeBatch.objects.exists()


def test_an_existing_file_is_kept_unless_forced(envelope, tmp_path):
    out = tmp_path / "codes.csv"
    out.write_text("earlier codes\n")
    with pytest.raises(CommandError, match="already exists and may hold codes issued before"):
        _issue(envelope, out)
    assert out.read_text() == "earlier codes\n"
    assert not CodeBatch.objects.exists()
    _issue(envelope, out, 2, "--force")
    assert out.read_text().startswith("code,envelope,url\n")
    assert CodeBatch.objects.get().count == 2


@pytest.mark.skipif(not os.path.exists("/dev/full"), reason="needs /dev/full")
def test_a_failed_write_rolls_the_codes_back(envelope):
    with pytest.raises(CommandError, match="^Could not write /dev/full"):
        _issue(envelope, "/dev/full", 3, "--force")
    assert not CodeBatch.objects.exists()
    assert not VotingCode.objects.exists()
    assert not AuditEntry.objects.filter(action="codes.issued").exists()
    assert os.path.exists("/dev/full")  # and nothing that was there before is removed


def test_from_the_shell_bad_input_is_one_line_and_a_non_zero_exit(envelope, tmp_path, capsys):
    with pytest.raises(SystemExit) as exited:
        Command().run_from_argv(["manage.py", "issue_codes", "--envelope", "999", "--count",
                                 "5", "--out", str(tmp_path / "codes.csv")])
    assert exited.value.code != 0
    error = capsys.readouterr().err
    assert error.strip().splitlines() == ["CommandError: There is no envelope with id 999."]


def test_codes_are_stored_under_a_key_the_database_does_not_hold(db, settings):
    """A copy of the database alone cannot test a guessed code: the digest needs the pepper."""
    from tests.voting.casting.ballot_setup import issue_codes, make_voting_envelope
    from voting.casting.code_lookup import UnknownCode, code_find
    from voting.codes import normalise
    from voting.models import CodeBatch, VotingCode

    envelope, _projects = make_voting_envelope()
    [code] = issue_codes(envelope, 1)
    stored = VotingCode.objects.get()
    salt = CodeBatch.objects.get().salt
    assert stored.digest != hashlib.sha256(f"{salt}:{normalise(code)}".encode()).hexdigest()
    assert code_find(typed=code).pk == stored.pk
    settings.VOTING_CODE_PEPPER = "another-pepper-of-at-least-thirty-two-chars"
    with pytest.raises(UnknownCode):
        code_find(typed=code)


def test_codes_are_stored_in_an_order_unlike_the_printed_sheet(db):
    from tests.voting.casting.ballot_setup import issue_codes, make_voting_envelope
    from voting.codes import digest, normalise
    from voting.models import CodeBatch, VotingCode

    envelope, _projects = make_voting_envelope()
    printed = issue_codes(envelope, 40)
    assert printed == sorted(printed)
    salt = CodeBatch.objects.get().salt
    by_digest = {digest(salt=salt, raw=normalise(c)): c for c in printed}
    stored = [by_digest[d] for d in VotingCode.objects.order_by("pk").values_list("digest",
                                                                                   flat=True)]
    assert sorted(stored) == printed
    assert stored != printed  # 1 chance in 40! of failing by luck
