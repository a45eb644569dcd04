"""The online voting pages: start, declaration, ballot (every type), check, cast, confirmation.

Every refusal changes nothing and keeps what the voter entered on screen.
"""

import re

import pytest
from django.contrib.sessions.models import Session
from django.test import Client
from django.urls import reverse

from tests.conftest import make_proposal, make_user, set_phase
from tests.voting.casting.ballot_setup import mixed
from tests.voting.casting.page_helpers import (
    ballot_url,
    basket_url,
    check_url,
    declare,
    make_ballot,
    set_rules,
    ticks,
)
from voting.casting.seats import DRAFT_COOKIE, RECEIPT_COOKIE
from voting.models import Ballot, BallotChoice, Declaration, Participation, SealedBallot

pytestmark = pytest.mark.django_db


@pytest.fixture
def voter(db):
    return make_user("morag@example.com", "Morag")


@pytest.fixture
def client_for(voter):
    def make(user=voter, *, declared=True, process=None):
        client = Client()
        client.force_login(user)
        if declared and process is not None:
            response = declare(client, process)
            assert response.status_code == 302
        return client

    return make


@pytest.fixture
def knapsack():
    return make_ballot(ballot_type="knapsack")


def text(response) -> str:
    return re.sub(r"\s+", " ", response.content.decode())


def checked_ids(response) -> set[str]:
    return set(re.findall(r'value="(\d+)" id="project-\d+"\s+checked', response.content.decode()))


def nothing_saved():
    assert SealedBallot.objects.count() == 0
    assert Ballot.objects.count() == 0
    assert BallotChoice.objects.count() == 0
    assert Participation.objects.count() == 0


def cast(client, envelope, data, *, mix: bool = True) -> Ballot | SealedBallot:
    """Cast through the pages; the ballot as mixed (or, with mix=False, still sealed)."""
    response = client.post(ballot_url(envelope), data)
    assert response.status_code == 302, text(response)
    assert response["Location"] == check_url(envelope)
    response = client.post(check_url(envelope))
    assert response.status_code == 302, text(response)
    assert response["Location"] == reverse("vote_done")
    if not mix:
        return SealedBallot.objects.get()
    return Ballot.objects.get(envelope=mixed(envelope))


# The start page and the declaration


def test_start_page_explains_the_envelopes_and_the_ways_that_are_switched_on(client):
    envelope, _projects = make_ballot(ballot_type="approval", max_projects=3, paper=False)
    response = client.get(reverse("vote_start", args=["riverside"]))
    assert response.status_code == 200
    page = text(response)
    assert "Riverside ward" in page and "£60,000" in page
    assert "Choose up to 3 projects" in page
    assert "postcodes starting RV1, RV2" in page
    assert reverse("vote_declare", args=["riverside"]) in page
    assert reverse("vote_code") in page
    assert "On paper" not in page
    assert reverse("vote_start", args=["riverside"]) in text(
        client.get(envelope.process.get_absolute_url())
    )


@pytest.mark.parametrize("phase", ["ideas", "shortlisting", "results"])
def test_outside_the_voting_phase_every_page_says_so_with_403(client_for, knapsack, phase):
    envelope, projects = knapsack
    client = client_for(process=envelope.process)
    client.post(ballot_url(envelope), ticks(projects[0]))
    set_phase(envelope.process, phase)
    for response in (
        client.get(reverse("vote_start", args=["riverside"])),
        client.get(reverse("vote_declare", args=["riverside"])),
        client.get(ballot_url(envelope)),
        client.post(ballot_url(envelope), ticks(projects[0])),
        client.get(check_url(envelope)),
        client.post(check_url(envelope)),
        client.post(basket_url(envelope), ticks(projects[0])),
    ):
        assert response.status_code == 403
        assert "Voting is not open" in text(response)
    nothing_saved()


def test_declaring_needs_an_account(client, knapsack):
    response = client.get(reverse("vote_declare", args=["riverside"]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    response = client.get(ballot_url(knapsack[0]))
    assert response["Location"].startswith(reverse("account_login"))


REAL_DATE = "Enter a real date of birth: day, month and year, like 27 3 1990."


@pytest.mark.parametrize(
    ("name", "postcode", "born", "message"),
    [
        ("Morag Sinclair", "", "27 3 1990", "Enter your postcode."),
        ("Morag Sinclair", "R", "27 3 1990", "Enter a real postcode."),
        ("", "RV1 2AB", "27 3 1990", "Enter your full name."),
        ("-- ''", "RV1 2AB", "27 3 1990", "Enter your full name."),
        ("Morag Sinclair", "RV1 2AB", "", "Enter your date of birth."),
        ("Morag Sinclair", "RV1 2AB", "thirty", REAL_DATE),
        ("Morag Sinclair", "RV1 2AB", "31 2 1990", REAL_DATE),
        ("Morag Sinclair", "RV1 2AB", "1 1 2999", REAL_DATE),
        ("Morag Sinclair", "RV1 2AB", "1 1 1850", REAL_DATE),
    ],
)
def test_declaration_form_refuses_bad_answers(client_for, knapsack, name, postcode, born,
                                              message):
    client = client_for(declared=False)
    response = declare(client, knapsack[0].process, name=name, postcode=postcode, born=born)
    assert response.status_code == 400
    assert message in text(response)
    assert "There is a problem" in text(response)
    # What was typed stays in the form.
    assert f'value="{postcode}"' in text(response) or not postcode
    assert not Declaration.objects.exists()


def test_the_declaration_keeps_who_you_are_only_as_a_keyed_hash(client_for, voter, knapsack):
    client = client_for(declared=False)
    declare(client, knapsack[0].process, name="Mòrag  O'Neill", born="27/3/1990")
    declaration = Declaration.objects.get(user=voter)
    stored = " ".join(str(getattr(declaration, f.attname))
                      for f in Declaration._meta.concrete_fields)
    assert "Neill" not in stored and "1990" not in stored
    assert len(declaration.person) == 64
    # Written another way, the same person.
    declare(client, knapsack[0].process, name="MORAG ONEILL", born="27 03 1990")
    assert Declaration.objects.get(user=voter).person == declaration.person


def test_one_eligible_envelope_goes_straight_to_its_ballot(client_for, voter, knapsack):
    envelope, _projects = knapsack
    make_ballot(name="North Bank", prefixes="NB1")
    client = client_for(declared=False)
    response = declare(client, envelope.process, postcode="rv12ab", age=30)
    assert response.status_code == 302
    assert response["Location"] == ballot_url(envelope)
    declaration = Declaration.objects.get(user=voter)
    assert (declaration.postcode, declaration.age) == ("RV1 2AB", 30)


def test_several_eligible_envelopes_are_listed(client_for, knapsack):
    envelope, _projects = knapsack
    youth, _ = make_ballot(name="Youth pot", prefixes="", minimum_age=0)
    client = client_for(declared=False)
    response = declare(client, envelope.process)
    assert response["Location"] == reverse("vote_envelopes", args=["riverside"])
    page = text(client.get(response["Location"]))
    assert ballot_url(envelope) in page and ballot_url(youth) in page


@pytest.mark.parametrize(
    ("postcode", "age", "reason"),
    [
        ("ZZ9 9ZZ", 30, "Riverside ward is for postcodes starting RV1, RV2."),
        ("RV1 2AB", 11, "Riverside ward is for people aged 12 or over."),
    ],
)
def test_no_eligible_envelope_says_why(client_for, knapsack, postcode, age, reason):
    envelope, _projects = knapsack
    client = client_for(declared=False)
    response = declare(client, envelope.process, postcode=postcode, age=age)
    assert response["Location"] == reverse("vote_envelopes", args=["riverside"])
    page = text(client.get(response["Location"]))
    assert "You cannot vote online in this process" in page
    assert reason in page
    # Going to the ballot anyway is refused with the same reason.
    response = client.get(ballot_url(envelope))
    assert response.status_code == 403
    assert reason in text(response)
    assert client.post(ballot_url(envelope), ticks()).status_code == 403
    nothing_saved()


def test_the_ballot_asks_for_the_declaration_first(client_for, knapsack):
    client = client_for(declared=False)
    response = client.get(ballot_url(knapsack[0]))
    assert response["Location"] == reverse("vote_declare", args=["riverside"])


def test_online_channel_switched_off(client_for, knapsack):
    envelope, projects = knapsack
    client = client_for(process=envelope.process)
    client.post(ballot_url(envelope), ticks(projects[0]))
    set_rules(envelope, online=False)
    for response in (client.get(ballot_url(envelope)), client.post(check_url(envelope)),
                     client.get(reverse("vote_declare", args=["riverside"]))):
        assert response.status_code == 403
        assert "does not take votes online" in text(response)
    nothing_saved()


def test_declaration_cannot_change_after_voting(client_for, voter, knapsack):
    envelope, projects = knapsack
    client = client_for(process=envelope.process)
    cast(client, envelope, ticks(projects[0]))
    response = declare(client, envelope.process, postcode="RV2 1AA", age=40)
    assert response.status_code == 400
    assert "cannot change" in text(response)
    # The same answers again are fine: nothing changes.
    assert declare(client, envelope.process).status_code == 302
    assert Declaration.objects.get(user=voter).postcode == "RV1 2AB"


# The knapsack ballot


def test_knapsack_ballot_lists_projects_with_costs_and_proposals(client_for, knapsack, voter):
    envelope, projects = knapsack
    proposal = make_proposal(envelope=envelope, author=voter, title="Seats by the water")
    hidden = make_proposal(envelope=envelope, author=voter, title="Hidden idea")
    hidden.hidden_at = hidden.created_at
    hidden.save()
    projects[0].proposals.add(proposal, hidden)
    client = client_for(process=envelope.process)
    response = client.get(ballot_url(envelope))
    assert response.status_code == 200
    page = text(response)
    for project in projects:
        assert project.title in page and project.summary in page
    assert "Cost: £25,000" in page
    assert f'href="{proposal.get_absolute_url()}"' in page
    assert "Hidden idea" not in page
    assert f'hx-post="{basket_url(envelope)}"' in page
    assert 'hx-trigger="change"' in page
    assert "<progress" in page and "0 projects chosen: £0 of £60,000 spent." in page
    assert 'value="recalculate"' in page


def test_knapsack_happy_path_check_change_and_cast(client_for, knapsack, voter):
    envelope, projects = knapsack
    client = client_for(process=envelope.process)
    response = client.post(ballot_url(envelope), ticks(projects[0], projects[2]))
    assert response["Location"] == check_url(envelope)
    page = text(client.get(check_url(envelope)))
    assert "Check your choices" in page
    assert projects[0].title in page and projects[2].title in page
    assert projects[1].title not in page
    assert "£35,000 of £60,000 (£25,000 left)" in page
    assert f'href="{ballot_url(envelope)}#project-{projects[0].pk}"' in page
    # "Change" goes back to the ballot with the choices still ticked.
    response = client.get(ballot_url(envelope))
    assert checked_ids(response) == {str(projects[0].pk), str(projects[2].pk)}
    assert "2 projects chosen: £35,000 of £60,000 spent." in text(response)
    ballot = cast(client, envelope, ticks(projects[0], projects[4]))
    assert {c.project_id: c.value for c in ballot.choices.all()} == {
        projects[0].pk: 1, projects[4].pk: 1,
    }
    assert ballot.channel == "online"
    assert Participation.objects.get().user == voter
    # The confirmation page shows the receipt; the server kept no draft.
    done = client.get(reverse("vote_done"))
    assert done.status_code == 200
    assert ballot.receipt in text(done)
    assert "What happens next" in text(done)
    assert not client.cookies[DRAFT_COOKIE].value  # the draft is cleared from the device
    assert ballot.receipt not in str(dict(client.session.items()))


@pytest.mark.parametrize(
    ("rules", "chosen", "message"),
    [
        ({}, [1, 2, 3], "Your choices cost £75,000, which is £15,000 more than the £60,000"),
        ({"min_spend_percent": 70}, [0, 4], "Choose projects worth at least £42,000 (70% of"),
        ({"max_projects": 2}, [0, 1, 4], "Choose no more than 2 projects."),
        ({"min_projects": 2}, [4], "Choose at least 2 projects."),
        ({}, [], "Choose at least 1 project."),
    ],
)
def test_knapsack_refusals_keep_the_choices(client_for, knapsack, rules, chosen, message):
    envelope, projects = knapsack
    set_rules(envelope, **rules)
    client = client_for(process=envelope.process)
    picked = [projects[i] for i in chosen]
    response = client.post(ballot_url(envelope), ticks(*picked))
    assert response.status_code == 400
    page = text(response)
    assert "There is a problem" in page and message in page
    assert 'href="#ballot-choices"' in page
    assert checked_ids(response) == {str(p.pk) for p in picked}
    assert client.get(check_url(envelope))["Location"] == ballot_url(envelope)
    nothing_saved()


def test_recalculate_without_javascript_shows_what_no_longer_fits(client_for, knapsack):
    envelope, projects = knapsack
    client = client_for(process=envelope.process)
    data = {**ticks(projects[2], projects[3]), "action": "recalculate"}
    response = client.post(ballot_url(envelope), data)
    assert response.status_code == 200
    page = text(response)
    assert "There is a problem" not in page
    assert "2 projects chosen: £55,000 of £60,000 spent." in page
    # £5,000 is left: the £10,000 and £20,000 projects no longer fit; the £5,000 one does.
    assert "Does not fit: £5,000 over what is left" in page
    assert "Does not fit: £15,000 over what is left" in page
    assert page.count("Does not fit") == 2
    assert checked_ids(response) == {str(projects[2].pk), str(projects[3].pk)}
    nothing_saved()


def test_basket_partial_for_htmx(client_for, knapsack):
    envelope, projects = knapsack
    client = client_for(process=envelope.process)
    data = ticks(projects[0], projects[2], projects[3])
    response = client.post(basket_url(envelope), data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    page = text(response)
    assert "<html" not in page
    assert "3 projects chosen: £65,000 of £60,000 spent." in page
    assert "That is £5,000 over the budget." in page
    assert 'max="60000.00" value="60000.00"' in page
    assert f'id="fit-{projects[1].pk}" hx-swap-oob="true"><strong>Does not fit: £25,000' in page
    assert f'id="fit-{projects[0].pk}" hx-swap-oob="true"></p>' in page
    # Forged or junk values are ignored by the basket: it only adds up what is on the ballot.
    junk = {"projects": ["999999", "abc", str(projects[4].pk)]}
    assert "1 project chosen: £5,000" in text(client.post(basket_url(envelope), junk))
    nothing_saved()


def test_forged_project_from_another_envelope(client_for, knapsack):
    envelope, _projects = knapsack
    _other, other_projects = make_ballot(name="North Bank", prefixes="")
    client = client_for(process=envelope.process)
    response = client.post(ballot_url(envelope), ticks(other_projects[4]))
    assert response.status_code == 400
    assert "This ballot names a project that is not on it." in text(response)
    nothing_saved()


# Approval, points and ranking


def test_approval_happy_path_and_too_many(client_for):
    envelope, projects = make_ballot(ballot_type="approval", max_projects=2)
    client = client_for(process=envelope.process)
    page = text(client.get(ballot_url(envelope)))
    assert "Choose up to 2 projects." in page
    assert "You have chosen 0 projects of up to 2." in page
    response = client.post(ballot_url(envelope), ticks(*projects[:3]))
    assert response.status_code == 400
    assert "Choose no more than 2 projects." in text(response)
    assert "That is 1 too many. Untick one." in text(response)
    assert len(checked_ids(response)) == 3
    nothing_saved()
    ballot = cast(client, envelope, ticks(projects[1], projects[3]))
    assert sorted(ballot.choices.values_list("project_id", flat=True)) == [
        projects[1].pk, projects[3].pk,
    ]


def _points(projects, *values) -> dict:
    return {f"points-{p.pk}": str(v) for p, v in zip(projects, values, strict=False)}


def test_points_happy_path(client_for):
    envelope, projects = make_ballot(ballot_type="points", points_total=10,
                                     points_max_per_project=5)
    client = client_for(process=envelope.process)
    page = text(client.get(ballot_url(envelope)))
    assert "Share 10 points between the projects you want." in page
    assert ('type="number" inputmode="numeric" min="0" max="5" step="1" '
            f'name="points-{projects[0].pk}"') in page
    response = client.post(basket_url(envelope), _points(projects, 4, 3))
    assert "You have given 7 of your 10 points. 3 points left." in text(response)
    response = client.post(ballot_url(envelope), _points(projects, 5, 3, "", 0, 2))
    assert response["Location"] == check_url(envelope)
    page = text(client.get(check_url(envelope)))
    assert "5 points" in page and "2 points" in page and "10 of 10 points" in page
    # Back to the ballot: the points are still filled in.
    assert f'name="points-{projects[1].pk}" id="project-{projects[1].pk}" value="3"' in text(
        client.get(ballot_url(envelope)))
    client.post(check_url(envelope))
    ballot = Ballot.objects.get(envelope=mixed(envelope))
    assert {c.project_id: c.value for c in ballot.choices.all()} == {
        projects[0].pk: 5, projects[1].pk: 3, projects[4].pk: 2,
    }


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ((5, 5, 3), "You have given 13 points; you have 10 to share."),
        ((6, 1), "Give no more than 5 points to one project."),
        ((0, 0), "Give at least one point to a project."),
        ((3, -2), "cannot be less than 0."),
        ((3, "two"), "as a whole number, like 2."),
    ],
)
def test_points_refusals_keep_what_was_typed(client_for, values, message):
    envelope, projects = make_ballot(ballot_type="points", points_total=10,
                                     points_max_per_project=5)
    client = client_for(process=envelope.process)
    response = client.post(ballot_url(envelope), _points(projects, *values))
    assert response.status_code == 400
    page = text(response)
    assert message in page and "There is a problem" in page
    assert f'id="project-{projects[1].pk}" value="{values[1]}"' in page
    nothing_saved()


def test_points_forged_for_a_project_on_another_ballot(client_for):
    envelope, projects = make_ballot(ballot_type="points")
    _other, other_projects = make_ballot(name="North Bank", prefixes="")
    client = client_for(process=envelope.process)
    data = {**_points(projects, 3), f"points-{other_projects[0].pk}": "2"}
    response = client.post(ballot_url(envelope), data)
    assert response.status_code == 400
    assert "This ballot names a project that is not on it." in text(response)
    nothing_saved()


def _ranks(projects, *values) -> dict:
    return {f"rank-{p.pk}": str(v) for p, v in zip(projects, values, strict=False)}


def test_ranking_happy_path(client_for):
    envelope, projects = make_ballot(ballot_type="ranking", ranking_max=3)
    client = client_for(process=envelope.process)
    page = text(client.get(ballot_url(envelope)))
    assert f'<select class="select--rank" name="rank-{projects[0].pk}"' in page
    assert '<option value="" selected>Not ranked</option>' in page
    assert '<option value="3">3rd</option>' in page and '"4"' not in page
    response = client.post(ballot_url(envelope), _ranks(projects, "", 2, 1, "", 3))
    assert response["Location"] == check_url(envelope)
    page = text(client.get(check_url(envelope)))
    order = [page.index(projects[i].title) for i in (2, 1, 4)]
    assert order == sorted(order)
    assert "1st" in page and "3rd" in page
    client.post(check_url(envelope))
    mixed(envelope)
    assert {c.project_id: c.value for c in BallotChoice.objects.all()} == {
        projects[2].pk: 1, projects[1].pk: 2, projects[4].pk: 3,
    }


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ((1, 1), "Use each place once, starting from 1, with no gaps"),
        ((1, 3), "Use each place once, starting from 1, with no gaps"),
        (("", ""), "Rank at least one project."),
        ((1, 9), "from the list."),
        ((1, -1), "from the list."),
    ],
)
def test_ranking_refusals(client_for, values, message):
    envelope, projects = make_ballot(ballot_type="ranking", ranking_max=3)
    client = client_for(process=envelope.process)
    response = client.post(ballot_url(envelope), _ranks(projects, *values))
    assert response.status_code == 400
    assert message in text(response)
    if values[1] in (1, 3):
        assert f'<option value="{values[1]}" selected>' in response.content.decode()
    nothing_saved()


# One ballot per voter, whatever the browser does


def test_cast_twice_back_button_and_second_tab_end_in_one_ballot(client_for, knapsack, voter):
    envelope, projects = knapsack
    first_tab = client_for(process=envelope.process)
    second_tab = client_for(process=envelope.process)
    second_tab.post(ballot_url(envelope), ticks(projects[1]))
    first_tab.post(ballot_url(envelope), ticks(projects[0]))
    session_before = first_tab.session.session_key
    assert first_tab.post(check_url(envelope)).status_code == 302
    assert session_before == first_tab.session.session_key
    # A second click on "Cast", or the back button and "Cast" again.
    response = first_tab.post(check_url(envelope))
    assert response.status_code == 409
    assert "You have already voted" in text(response)
    ballot = Ballot.objects.get(envelope=mixed(envelope))
    assert ballot.receipt in text(response)  # the receipt from the first click
    # The other tab had its own draft; casting it is refused too.
    response = second_tab.post(check_url(envelope))
    assert response.status_code == 409
    assert "You have already voted on this ballot." in text(response)
    # And the ballot page now says so.
    response = second_tab.get(ballot_url(envelope))
    assert response.status_code == 200
    assert "You have already voted" in text(response)
    assert second_tab.post(ballot_url(envelope), ticks(projects[1])).status_code == 200
    assert Ballot.objects.count() == 1
    assert Participation.objects.filter(user=voter).count() == 1
    assert list(ballot.choices.values_list("project_id", flat=True)) == [projects[0].pk]


def test_rejected_at_cast_time_rerenders_the_ballot_with_the_choices(client_for, knapsack):
    envelope, projects = knapsack
    client = client_for(process=envelope.process)
    client.post(ballot_url(envelope), ticks(projects[0], projects[1], projects[4]))
    # The rules change before any ballot is cast (they lock at the first one).
    set_rules(envelope, max_projects=2)
    response = client.post(check_url(envelope))
    assert response.status_code == 400
    page = text(response)
    assert "There is a problem" in page and "Choose no more than 2 projects." in page
    assert checked_ids(response) == {str(projects[i].pk) for i in (0, 1, 4)}
    nothing_saved()


def test_voting_closes_between_check_and_cast(client_for, knapsack):
    envelope, projects = knapsack
    client = client_for(process=envelope.process)
    client.post(ballot_url(envelope), ticks(projects[0]))
    set_phase(envelope.process, "results")
    response = client.post(check_url(envelope))
    assert response.status_code == 403
    assert "Voting is not open" in text(response)
    nothing_saved()


def test_done_page_without_a_receipt_goes_to_the_receipt_check(client):
    response = client.get(reverse("vote_done"))
    assert response["Location"] == reverse("vote_receipt")
    client.cookies[RECEIPT_COOKIE] = "1:FORGED-VALUE"
    assert client.get(reverse("vote_done"))["Location"] == reverse("vote_receipt")


def test_other_envelope_of_another_process_is_not_found(client_for, knapsack):
    envelope, _projects = knapsack
    other, _ = make_ballot(slug="hillside", name="Hillside", prefixes="")
    client = client_for(process=envelope.process)
    assert client.get(reverse("vote_ballot", args=["riverside", other.pk])).status_code == 404


# Receipts


def test_receipt_check(client_for, knapsack, client):
    envelope, projects = knapsack
    voter_client = client_for(process=envelope.process)
    cast(voter_client, envelope, ticks(projects[0]), mix=False)
    receipt = re.search(r"[0-9A-Z]{5}-[0-9A-Z]{5}",
                        text(voter_client.get(reverse("vote_done")))).group()
    url = reverse("vote_receipt")
    assert client.get(url).status_code == 200
    # Sealed in the box: received, waiting to be mixed.
    page = text(client.post(url, {"receipt": receipt}))
    assert "has been received" in page and "waiting to be mixed" in page
    assert f"{receipt} has been counted" not in page and projects[0].title not in page
    ballot = Ballot.objects.get(envelope=mixed(envelope))
    assert ballot.receipt == receipt
    for typed in (ballot.receipt, ballot.receipt.lower().replace("-", " ")):
        response = client.post(url, {"receipt": typed})
        assert response.status_code == 200
        page = text(response)
        assert "has been counted" in page and "Riverside ward" in page
        assert projects[0].title not in page
    response = client.post(url, {"receipt": "AAAAA-AAAAA"})
    assert "No counted ballot has the reference AAAAA-AAAAA." in text(response)
    response = client.post(url, {"receipt": ""})
    assert response.status_code == 400
    assert "Enter your receipt reference." in text(response)


# Drafts: the ticked projects live on the voter's device, never beside their account.


def _every_session_row() -> str:
    return " ".join(str(s.get_decoded()) for s in Session.objects.all())


def test_the_draft_is_on_the_device_and_not_in_the_session_table(client_for, knapsack):
    envelope, projects = knapsack
    client = client_for(process=envelope.process)
    client.post(ballot_url(envelope), ticks(projects[0], projects[2]))
    assert client.cookies[DRAFT_COOKIE].value
    assert client.cookies[DRAFT_COOKIE]["httponly"]
    rows = _every_session_row()
    assert "vote_drafts" not in rows and f"'{projects[2].pk}'" not in rows
    # The check page reads it back from the cookie.
    page = client.get(check_url(envelope)).content.decode()
    assert projects[0].title in page and projects[2].title in page


def test_a_tampered_draft_is_ignored(client_for, knapsack):
    envelope, projects = knapsack
    client = client_for(process=envelope.process)
    client.post(ballot_url(envelope), ticks(projects[0]))
    client.cookies[DRAFT_COOKIE] = client.cookies[DRAFT_COOKIE].value.replace("1", "2", 1)
    response = client.get(check_url(envelope))
    assert response.status_code == 302 and response["Location"] == ballot_url(envelope)


def test_casting_clears_the_draft(client_for, knapsack):
    envelope, projects = knapsack
    client = client_for(process=envelope.process)
    cast(client, envelope, ticks(projects[0]))
    assert not client.cookies[DRAFT_COOKIE].value
