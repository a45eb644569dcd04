"""Voting with a code: entry (typed any way, or from the QR link), the ballot, casting once,
a used code, the rate limit on wrong codes."""

import re

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from tests.conftest import set_phase
from tests.voting.casting.ballot_setup import ballots_in_box, mixed
from tests.voting.casting.page_helpers import make_ballot, set_rules, ticks
from voting.casting.seats import DRAFT_COOKIE, SESSION_CODE
from voting.models import Ballot, BallotChoice, Participation
from voting.staff.services import codes_issue

pytestmark = pytest.mark.django_db

CODE_URL = reverse("vote_code")
BALLOT_URL = reverse("vote_code_ballot")
CHECK_URL = reverse("vote_code_check")


@pytest.fixture(autouse=True)
def clear_rate_limits():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def approval():
    envelope, projects = make_ballot(ballot_type="approval", max_projects=2)
    codes = codes_issue(staff=None, envelope=envelope, count=3)
    return envelope, projects, codes


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def enter(client, typed: str):
    return client.post(CODE_URL, {"code": typed})


def nothing_saved():
    assert ballots_in_box() == 0
    assert BallotChoice.objects.count() == 0
    assert Participation.objects.count() == 0


def test_a_code_in_the_address_is_never_read_by_the_server(client, approval):
    """Cards carry the code after "#" (never sent to a server or its logs); a code that still
    arrives in a query string is ignored, so nothing encourages links that log it."""
    _envelope, _projects, codes = approval
    response = client.get(CODE_URL, {"code": codes[0]})
    assert response.status_code == 200
    assert codes[0] not in response.content.decode()
    assert "location.hash" in response.content.decode()  # the page's own script reads "#code="
    assert 'autocomplete="off"' in response.content.decode()
    # Opening the link checks nothing and stores nothing: the resident presses Continue.
    assert SESSION_CODE not in client.session


@pytest.mark.parametrize("form", ["plain", "no dashes", "spaces", "lowercase", "mixed"])
def test_code_typed_any_way_opens_the_ballot(client, approval, form):
    envelope, projects, codes = approval
    code = codes[0]
    typed = {
        "plain": code,
        "no dashes": code.replace("-", ""),
        "spaces": code.replace("-", " "),
        "lowercase": code.lower(),
        "mixed": f"  {code[:4].lower()} {code[5:].replace('-', '')} ",
    }[form]
    response = enter(client, typed)
    assert response.status_code == 302
    assert response["Location"] == BALLOT_URL
    assert code.replace("-", "") not in response["Location"]
    assert client.session[SESSION_CODE] > 0
    page = text(client.get(BALLOT_URL))
    assert "Your ballot: Riverside ward" in page
    assert projects[0].title in page
    assert "You are voting with a voting code." in page


def test_code_happy_path_casts_once_and_forgets_the_code(client, approval):
    envelope, projects, codes = approval
    enter(client, codes[0])
    response = client.post(BALLOT_URL, ticks(projects[0], projects[2]))
    assert response["Location"] == CHECK_URL
    page = text(client.get(CHECK_URL))
    assert projects[0].title in page and projects[2].title in page
    assert f'href="{BALLOT_URL}#project-{projects[0].pk}"' in page
    response = client.post(CHECK_URL)
    assert response["Location"] == reverse("vote_done")
    ballot = Ballot.objects.get(envelope=mixed(envelope))
    assert ballot.channel == "code"
    assert sorted(ballot.choices.values_list("project_id", flat=True)) == [
        projects[0].pk, projects[2].pk,
    ]
    participation = Participation.objects.get()
    assert participation.user is None and participation.code is not None
    assert SESSION_CODE not in client.session
    assert not client.cookies[DRAFT_COOKIE].value
    assert ballot.receipt in text(client.get(reverse("vote_done")))
    # Coming back to the ballot (the back button, a second "Cast") says it has voted.
    assert "You have already voted" in text(client.get(BALLOT_URL))
    response = client.post(CHECK_URL)
    assert response.status_code == 409
    assert "You have already voted" in text(response)
    assert ballot.receipt in text(response)
    assert ballots_in_box() == 1


def test_used_code_is_refused(client, approval):
    envelope, projects, codes = approval
    enter(client, codes[0])
    client.post(BALLOT_URL, ticks(projects[0]))
    client.post(CHECK_URL)
    other = Client()
    response = enter(other, codes[0].lower())
    assert response.status_code == 409
    assert "This voting code has already been used." in text(response)
    assert SESSION_CODE not in other.session
    assert ballots_in_box() == 1


def test_same_code_in_two_browsers_ends_in_one_ballot(approval):
    envelope, projects, codes = approval
    first, second = Client(), Client()
    enter(first, codes[1])
    enter(second, codes[1])
    first.post(BALLOT_URL, ticks(projects[0]))
    second.post(BALLOT_URL, ticks(projects[1]))
    assert first.post(CHECK_URL).status_code == 302
    response = second.post(CHECK_URL)
    assert response.status_code == 409
    assert "This voting code has already been used." in text(response)
    assert "You have already voted" in text(response)
    assert ballots_in_box() == 1
    assert SESSION_CODE not in second.session


def test_code_ballot_refusals_keep_the_choices(client, approval):
    envelope, projects, codes = approval
    enter(client, codes[0])
    response = client.post(BALLOT_URL, ticks(*projects[:3]))
    assert response.status_code == 400
    assert "Choose no more than 2 projects." in text(response)
    assert len(re.findall(r"\schecked", response.content.decode())) == 3
    _other, other_projects = make_ballot(name="North Bank", prefixes="")
    response = client.post(BALLOT_URL, ticks(other_projects[0]))
    assert response.status_code == 400
    assert "This ballot names a project that is not on it." in text(response)
    nothing_saved()


def test_the_code_never_appears_in_a_url_or_page_after_entry(client, approval):
    _envelope, projects, codes = approval
    response = enter(client, codes[2])
    for page in (client.get(BALLOT_URL), client.post(BALLOT_URL, ticks(projects[0]))):
        assert codes[2] not in page.content.decode()
    assert codes[2] not in response["Location"]


def test_ballot_without_a_code_asks_for_one(client, approval):
    assert client.get(BALLOT_URL)["Location"] == CODE_URL
    assert client.get(CHECK_URL)["Location"] == CODE_URL
    assert client.post(CHECK_URL)["Location"] == CODE_URL
    nothing_saved()


def test_check_page_without_choices_goes_back_to_the_ballot(client, approval):
    _envelope, _projects, codes = approval
    enter(client, codes[0])
    assert client.get(CHECK_URL)["Location"] == BALLOT_URL
    assert client.post(CHECK_URL)["Location"] == BALLOT_URL
    nothing_saved()


def test_code_channel_switched_off(client, approval):
    envelope, projects, codes = approval
    enter(client, codes[0])
    client.post(BALLOT_URL, ticks(projects[0]))
    set_rules(envelope, codes=False)
    for response in (client.get(BALLOT_URL), client.post(CHECK_URL), enter(Client(), codes[1])):
        assert response.status_code == 403
        assert "does not take votes with a voting code" in text(response)
    nothing_saved()


def test_code_outside_the_voting_phase(client, approval):
    envelope, projects, codes = approval
    enter(client, codes[0])
    client.post(BALLOT_URL, ticks(projects[0]))
    set_phase(envelope.process, "results")
    for response in (client.get(BALLOT_URL), client.post(CHECK_URL), enter(Client(), codes[1])):
        assert response.status_code == 403
        assert "Voting is not open" in text(response)
    nothing_saved()


@pytest.mark.parametrize("typed", ["AAAA-AAAA-AAAA", "too short", "!!!!-!!!!-!!!!"])
def test_unknown_code(client, approval, typed):
    response = enter(client, typed)
    assert response.status_code == 400
    assert "We do not recognise this code." in text(response)
    assert "There is a problem" in text(response)
    assert SESSION_CODE not in client.session


def test_empty_code(client, approval):
    response = enter(client, "")
    assert response.status_code == 400
    assert "Enter your voting code." in text(response)


def test_wrong_codes_are_rate_limited(settings, approval):
    settings.VOTING_CODE_ATTEMPTS = 3
    settings.VOTING_CODE_WINDOW_SECONDS = 600
    _envelope, _projects, codes = approval
    client = Client(REMOTE_ADDR="203.0.113.7")
    assert enter(client, "AAAA-AAAA-AAAA").status_code == 400
    assert enter(client, "AAAA-AAAA-AAAB").status_code == 400
    response = enter(client, "AAAA-AAAA-AAAC")
    assert response.status_code == 429
    assert response["Retry-After"] == "600"
    assert "Too many tries" in text(response) and "Wait 10 minutes" in text(response)
    # While limited, even a right code waits; another address is not affected.
    assert enter(client, codes[0]).status_code == 429
    assert SESSION_CODE not in client.session
    assert enter(Client(REMOTE_ADDR="203.0.113.8"), codes[0]).status_code == 302
    # The form itself can still be shown.
    assert client.get(CODE_URL).status_code == 200
