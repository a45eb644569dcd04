"""The annual PB return: what each published round's vote allocated, by financial year,
capital or revenue, and ward, on a page and in a CSV, for council admins only."""

import csv
import io
from decimal import Decimal

import pytest
from django.urls import reverse

from budgeting.models import Envelope, financial_year_of
from budgeting.reporting import selectors
from tests.conftest import make_process
from tests.voting.results.results_setup import approvals, cast_with_codes, close_voting
from tests.voting.staff.staff_setup import voting_round
from voting.results import services as results

pytestmark = pytest.mark.django_db


@pytest.fixture
def published_count(envelope, process_admin, django_capture_on_commit_callbacks):
    Envelope.objects.filter(pk=envelope.pk).update(
        spending="capital", fund_source="=HYPERLINK(\"http://evil.example\")")
    play, benches, racks, orchard = voting_round(envelope.process, envelope,
                                                 ballot_type="approval")
    cast_with_codes(envelope, approvals([play, benches], [play], [orchard]))
    close_voting(envelope.process)
    tally, _ = results.tally_count(admin=process_admin, envelope=envelope)
    with django_capture_on_commit_callbacks(execute=True):
        results.tally_publish(admin=process_admin, tally=tally)
    play.refresh_from_db()
    benches.refresh_from_db()
    return envelope, play.cost + benches.cost


def test_it_reports_what_the_vote_allocated(published_count, other_envelope):
    envelope, allocated = published_count
    Envelope.objects.filter(pk=other_envelope.pk).update(spending="revenue",
                                                         financial_year="2031/32")
    rows = {row.budget: row for row in selectors.annual_return()}
    counted = rows["Riverside ward"]
    assert counted.allocated == allocated and counted.projects_funded == 2
    assert counted.ballots == 3 and counted.spending == "Capital"
    assert counted.year == financial_year_of(envelope.process.voting_end)
    assert counted.area == "RV1, RV2"
    uncounted = rows["North Bank ward"]
    assert uncounted.allocated is None and uncounted.year == "2031/32"
    assert [row.budget for row in selectors.annual_return(year="2031/32")] == [
        "North Bank ward"]


def test_totals_keep_capital_and_revenue_apart(published_count, other_envelope):
    envelope, allocated = published_count
    Envelope.objects.filter(pk=other_envelope.pk).update(spending="revenue")
    totals = {t.spending: t for t in selectors.totals(selectors.annual_return())}
    assert totals["Capital"].allocated == allocated
    assert totals["Capital"].amount == envelope.amount
    assert totals["Revenue"].allocated == Decimal("0.00")


def test_a_draft_round_is_not_in_the_return(db):
    draft = make_process(slug="draft", published_at=None)
    Envelope.objects.create(process=draft, name="Draft pot", amount=Decimal("1000"))
    assert selectors.annual_return() == []


def test_the_page_and_csv_are_for_council_admins(client, published_count, council_admin,
                                                 resident):
    url = reverse("annual_return")
    client.force_login(resident)
    assert client.get(url).status_code == 403
    client.force_login(council_admin)
    page = client.get(url).content.decode()
    assert "Annual PB return" in page and "Riverside ward" in page
    download = client.get(url, {"format": "csv"})
    assert download["Content-Type"].startswith("text/csv")
    table = list(csv.DictReader(io.StringIO(download.content.decode())))
    assert table[0]["capital_or_revenue"] == "Capital"
    assert table[0]["fund_source"].startswith("'=")  # shown as text, never run as a formula
    assert Decimal(table[0]["allocated_by_vote"]) == published_count[1]


def test_an_unknown_year_is_a_clear_error(client, council_admin, published_count):
    client.force_login(council_admin)
    refused = client.get(reverse("annual_return"), {"year": "1990/91"})
    assert refused.status_code == 400 and "Select a valid choice" in refused.content.decode()
