"""Issuing voting codes on the staff page: shown once, printable with QR codes, as a CSV,
and stored only as salted hashes."""

import csv
import io
import re
from urllib.parse import unquote

import pytest
from django.apps import apps
from django.contrib.sessions.models import Session
from django.db import models
from django.urls import reverse

from budgeting.models import AuditEntry
from tests.voting.staff.staff_setup import voting_round
from voting import codes
from voting.casting.code_lookup import code_find
from voting.casting.services import ballot_cast_with_code, code_is_used
from voting.models import CodeBatch, VotingCode
from voting.staff import code_sheets

CODE = re.compile(r"\b[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}\b")


@pytest.fixture
def url(process, envelope):
    voting_round(process, envelope)
    return reverse("voting_staff_codes", kwargs={"slug": process.slug,
                                                 "envelope_id": envelope.pk})


def _issue(client, url, count, note=""):
    token = client.get(url).context["form"]["token"].value()
    return client.post(url, {"count": str(count), "note": note, "token": token})


def _shown_codes(response) -> list[str]:
    return [card["code"] for card in response.context["cards"]]


def _csv_rows(response) -> list[list[str]]:
    href = re.search(r'href="(data:text/csv;charset=utf-8,[^"]*)"',
                     response.content.decode()).group(1)
    text = unquote(href.split(",", 1)[1].replace("&#x27;", "'"))
    return list(csv.reader(io.StringIO(text)))


def test_issued_codes_are_shown_once_and_work(client, process_admin, url, envelope):
    client.force_login(process_admin)
    response = _issue(client, url, 3, note="Library drop-in")
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    shown = _shown_codes(response)
    assert len(shown) == len(set(shown)) == 3
    for code in shown:
        assert CODE.fullmatch(code)
        found = code_find(typed=code.lower().replace("-", " "))
        assert found.batch.envelope == envelope
        assert not code_is_used(found)
    batch = CodeBatch.objects.get()
    assert (batch.count, batch.note, batch.issued_by) == (3, "Library drop-in", process_admin)
    assert VotingCode.objects.filter(batch=batch).count() == 3
    entry = AuditEntry.objects.get(action="codes.issued")
    assert entry.after == {"count": 3, "note": "Library drop-in"}
    html = response.content.decode()
    assert "This is the only time these codes are shown." in html


def test_the_printable_page_has_a_card_with_a_qr_code_per_code(client, process_admin, url,
                                                               envelope):
    client.force_login(process_admin)
    response = _issue(client, url, 3)
    html = response.content.decode()
    assert html.count('class="code-card"') == 3
    assert html.count('<svg role="img"') == 3
    for code in _shown_codes(response):
        address = f"http://testserver/vote/code/#code={code}"
        assert address == code_sheets.code_url("http://testserver", code)
        # The QR image is the one for exactly this address, named for screen readers.
        assert str(code_sheets.qr_svg(address, label=f"QR code that opens the ballot with "
                                                     f"code {code}")) in html
        assert f'<p class="code-card__code">{code}</p>' in html
    assert "Vote at http://testserver/vote/code/" in html
    assert envelope.name in html


def test_the_code_page_the_qr_codes_open_is_the_residents_code_page():
    assert reverse("vote_code") == code_sheets.CODE_PATH


def test_the_csv_link_carries_the_codes_without_the_server_keeping_them(
    client, process_admin, url, envelope
):
    client.force_login(process_admin)
    response = _issue(client, url, 3)
    rows = _csv_rows(response)
    assert rows[0] == ["code", "envelope", "url"]
    shown = _shown_codes(response)
    assert [row[0] for row in rows[1:]] == shown
    assert all(row[1] == envelope.name for row in rows[1:])
    assert [row[2] for row in rows[1:]] == [
        f"http://testserver/vote/code/#code={code}" for code in shown]
    assert re.search(r'download="kist-codes-riverside-\d+-\d{8}-\d{6}\.csv"',
                     response.content.decode())


def _every_stored_text() -> str:
    """Every value of every row in the database, as text."""
    out = []
    for model in apps.get_models():
        fields = [f.attname for f in model._meta.concrete_fields]
        for row in model.objects.values_list(*fields):
            out.extend(str(value) for value in row)
    for session in Session.objects.all():
        out.append(str(session.get_decoded()))
    return "\n".join(out)


def test_only_hashes_are_stored(client, process_admin, url):
    client.force_login(process_admin)
    shown = _shown_codes(_issue(client, url, 5))
    stored = _every_stored_text()
    batch = CodeBatch.objects.get()
    for code in shown:
        raw = codes.normalise(code)
        assert code not in stored
        assert raw not in stored
        assert VotingCode.objects.filter(
            digest=codes.digest(salt=batch.salt, raw=raw)).exists()
    assert isinstance(VotingCode._meta.get_field("digest"), models.CharField)


def test_a_reload_or_double_click_does_not_issue_a_second_batch(client, process_admin, url):
    client.force_login(process_admin)
    token = client.get(url).context["form"]["token"].value()
    first = client.post(url, {"count": "2", "token": token})
    assert first.status_code == 200
    again = client.post(url, {"count": "2", "token": token})
    assert again.status_code == 400
    assert "This form had already been sent" in again.content.decode()
    assert CodeBatch.objects.count() == 1
    # The refusal carries a fresh token, so sending the form on purpose works.
    fresh = again.context["form"]["token"].value()
    assert fresh and fresh != token
    assert client.post(url, {"count": "2", "token": fresh}).status_code == 200
    assert CodeBatch.objects.count() == 2


@pytest.mark.parametrize(
    ("count", "message"),
    [
        ("0", "The number of codes must be 1 or more."),
        ("5001", "The number of codes must be 5,000 or fewer."),
        ("lots", "Enter the number of codes as a whole number, like 3."),
        ("", "Enter the number of codes."),
    ],
)
def test_a_bad_count_is_refused_and_issues_nothing(client, process_admin, url, count, message):
    client.force_login(process_admin)
    response = _issue(client, url, count)
    assert response.status_code == 400
    assert response.context["form"].errors["count"] == [message]
    assert response.context["form"]["count"].value() == count
    assert 'href="#id_count"' in response.content.decode()
    assert not CodeBatch.objects.exists()


def test_a_big_batch_is_listed_with_the_csv_instead_of_qr_cards(client, process_admin, url):
    client.force_login(process_admin)
    count = code_sheets.QR_CARDS_UP_TO + 1
    response = _issue(client, url, count)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<svg" not in html
    assert html.count("<li>") >= count
    assert len(set(CODE.findall(html))) == count
    assert len(_csv_rows(response)) == count + 1
    assert "QR cards are drawn for up to 500 codes at a time" in html


def test_the_overview_shows_batches_as_counts_only(client, process_admin, url, process):
    client.force_login(process_admin)
    shown = _shown_codes(_issue(client, url, 4, note="Door to door"))
    ballot_cast_with_code(code=code_find(typed=shown[0]),
                                   choices={process.envelopes.get().projects.first().pk: 1})
    html = client.get(reverse("voting_staff", kwargs={"slug": process.slug})).content.decode()
    assert "Door to door" in html
    assert not CODE.search(html)
    page = client.get(url).content.decode()
    assert not CODE.search(page)
    assert re.search(r'<td class="num">4</td><td class="num">1</td>', page)
