"""The results CSV never hands a spreadsheet a formula: text cells are neutralised."""

import csv
import io

import pytest
from django.urls import reverse

from budgeting.models import Project
from tests.voting.results.results_setup import approvals, cast_with_codes, close_voting
from tests.voting.staff.staff_setup import voting_round
from voting.results import exports
from voting.results import services as results


@pytest.mark.parametrize("text", ["=HYPERLINK(\"http://x\")", "+1", "-2+3", "@SUM(A1)",
                                  "\tTab", "\rReturn"])
def test_it_neutralises_a_cell_a_spreadsheet_would_run(text):
    assert exports.cell(text) == "'" + text


def test_it_leaves_plain_text_alone():
    assert exports.cell("Play park (phase 1)") == "Play park (phase 1)"


def test_a_formula_in_a_project_title_is_written_as_text(client, envelope, process_admin):
    projects = voting_round(envelope.process, envelope, ballot_type="approval")
    Project.objects.filter(pk=projects[0].pk).update(title='=HYPERLINK("http://evil","Play")')
    cast_with_codes(envelope, approvals([projects[0]], [projects[0], projects[1]]))
    close_voting(envelope.process)
    tally, _ = results.tally_count(admin=process_admin, envelope=envelope)
    client.force_login(process_admin)
    response = client.get(reverse("results_download", args=[
        envelope.process.slug, envelope.pk, tally.number, "csv"]))
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    titles = {row["title"] for row in rows}
    assert "'=HYPERLINK(\"http://evil\",\"Play\")" in titles
    assert not any(title.startswith("=") for title in titles)
