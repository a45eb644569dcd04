"""The audit log as people read it: plain names, what changed as a list, filters, a CSV."""

import csv
import io
from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from budgeting.audit import action_name
from budgeting.proposals import services


def _log(client, process, **query):
    return client.get(reverse("audit_log", args=[process.slug]), query)


def test_actions_have_plain_names_even_admin_edits():
    assert action_name("paper_batch.redeclared") == "Corrected a paper batch's declared number"
    assert action_name("envelope.changed") == "Changed envelope (in the admin)"


def test_the_page_names_actions_in_words_and_lists_what_changed(client, process_admin,
                                                                 moderator, proposal):
    services.proposal_hide(proposal=proposal, moderator=moderator, reason="Abusive")
    client.force_login(process_admin)
    body = _log(client, proposal.envelope.process).content.decode()
    assert "<h2 class=\"audit-entry__title\">Hid a proposal</h2>" in body
    assert "Abusive" in body


def test_it_filters_by_action_person_and_date(client, process_admin, moderator, proposal,
                                              process):
    services.proposal_hide(proposal=proposal, moderator=moderator, reason="Abusive")
    services.proposal_restore(proposal=proposal, moderator=process_admin, reason="Not abusive")
    client.force_login(process_admin)
    body = _log(client, process, action="proposal.hidden").content.decode()
    assert "Hid a proposal</h2>" in body and "Restored a hidden proposal</h2>" not in body
    body = _log(client, process, actor=process_admin.pk).content.decode()
    assert "Restored a hidden proposal</h2>" in body and "Hid a proposal</h2>" not in body
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    assert "No staff actions match" in _log(client, process, since=tomorrow).content.decode()


def test_a_bad_filter_is_explained(client, process_admin, process):
    client.force_login(process_admin)
    response = _log(client, process, since="31-02-2026", action="nothing.real")
    assert response.status_code == 400
    assert "There is a problem" in response.content.decode()


def test_the_csv_holds_the_filtered_entries_one_change_a_line(client, process_admin,
                                                              moderator, proposal, process):
    services.proposal_hide(proposal=proposal, moderator=moderator, reason="Abusive")
    services.proposal_restore(proposal=proposal, moderator=process_admin, reason="Not abusive")
    client.force_login(process_admin)
    response = _log(client, process, action="proposal.hidden", download="csv")
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert {row["action"] for row in rows} == {"Hid a proposal"}
    assert any(row["after"] == "Abusive" for row in rows)
    assert all(row["who"] == moderator.email for row in rows)


def test_the_csv_never_hands_a_spreadsheet_a_formula(client, process_admin, moderator,
                                                     proposal, process):
    services.proposal_hide(proposal=proposal, moderator=moderator,
                           reason='=HYPERLINK("http://evil.example","click")')
    client.force_login(process_admin)
    rows = list(csv.DictReader(io.StringIO(
        _log(client, process, download="csv").content.decode())))
    assert any(row["after"].startswith("'=HYPERLINK") for row in rows)
    assert not any(value.startswith("=") for row in rows for value in row.values())
