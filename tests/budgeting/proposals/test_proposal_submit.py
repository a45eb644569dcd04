from decimal import Decimal

import pytest
from django.urls import reverse

from budgeting.proposals.models import Proposal
from tests.conftest import make_process, set_phase


def _form(chosen, **overrides) -> dict:
    data = {
        "envelope": chosen.pk,
        "title": "Wildflower verges",
        "summary": "Sow native wildflowers on four verges.",
        "description": "Fewer mowings, more bees.",
        "estimated_cost": "3000",
        "category": "green_spaces",
        "location": "Mill Road",
    }
    data.update(overrides)
    return data


@pytest.fixture
def url(process):
    return reverse("proposal_new", kwargs={"slug": process.slug})


def test_it_saves_a_proposal_in_the_ideas_phase(client, resident, envelope, url):
    client.force_login(resident)
    response = client.post(url, _form(envelope))
    proposal = Proposal.objects.get()
    assert response.status_code == 302
    assert response["Location"] == proposal.get_absolute_url()
    assert proposal.author == resident
    assert proposal.estimated_cost == Decimal("3000")
    assert proposal.status == Proposal.Status.SUBMITTED


def test_it_asks_anonymous_visitors_to_sign_in(client, envelope, url):
    response = client.get(url)
    assert response.status_code == 302
    assert reverse("account_login") in response["Location"]


@pytest.mark.parametrize("phase", ["upcoming", "review", "voting", "results"])
def test_it_refuses_a_proposal_outside_the_ideas_phase(client, resident, envelope, url, phase):
    set_phase(envelope.process, phase)
    client.force_login(resident)
    response = client.post(url, _form(envelope))
    assert response.status_code == 403
    assert b"not being taken" in response.content
    assert not Proposal.objects.exists()


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("title", "", "Enter a title."),
        ("title", "   ", "Enter a title."),
        ("title", "x" * 121, "120 characters or fewer"),
        ("summary", "y" * 301, "300 characters or fewer"),
        ("description", "z" * 5001, "5,000 characters or fewer"),
        ("estimated_cost", "-50", "at least £1"),
        ("estimated_cost", "0", "at least £1"),
        ("estimated_cost", "1000000000000", "no more than £1,000,000,000"),
        ("estimated_cost", "lots", "in pounds, like"),
        ("estimated_cost", "12.345", "pounds and pence"),
        ("estimated_cost", "NaN", "in pounds, like"),
        ("category", "weapons", "Choose one of the categories"),
        ("location", "l" * 201, "200 characters or fewer"),
    ],
)
def test_it_rejects_bad_input_and_keeps_what_was_typed(
    client, resident, envelope, url, field, value, message
):
    client.force_login(resident)
    response = client.post(url, _form(envelope, **{field: value}))
    body = response.content.decode()
    assert response.status_code == 200
    assert "There is a problem" in body
    assert message in body
    # What was typed stays: the bad value itself and the other fields.
    if field != "category" and value.strip():
        assert value.strip() in body
    kept = "Wildflower verges" if field != "title" else "Mill Road"
    assert kept in body
    assert not Proposal.objects.exists()


def test_it_rejects_an_envelope_from_another_process(client, resident, envelope, url):
    elsewhere = make_process(slug="hillside")
    foreign = elsewhere.envelopes.create(name="Hillside ward", amount=Decimal("1000"))
    client.force_login(resident)
    response = client.post(url, _form(envelope, envelope=foreign.pk))
    assert response.status_code == 200
    assert "Choose one of the areas listed." in response.content.decode()
    assert not Proposal.objects.exists()


def test_a_forged_post_without_a_csrf_token_is_refused_clearly(resident, envelope, url):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(resident)
    response = client.post(url, _form(envelope))
    assert response.status_code == 403
    assert b"could not be sent" in response.content
    assert not Proposal.objects.exists()


def test_the_proposer_chooses_the_name_shown_or_none(client, resident, process, envelope):
    from budgeting.proposals.models import Proposal

    client.force_login(resident)
    base = {"envelope": envelope.pk, "title": "Play park", "summary": "Swings.",
            "description": "For the children.", "estimated_cost": "4800",
            "category": "green_spaces", "location": ""}
    client.post(reverse("proposal_new", args=[process.slug]), {**base, "shown_as": "Mo"})
    client.post(reverse("proposal_new", args=[process.slug]), {**base, "title": "Benches"})
    named, unnamed = Proposal.objects.order_by("pk")
    assert "Proposed by</dt><dd>Mo</dd>" in client.get(named.get_absolute_url()).content.decode()
    body = client.get(unnamed.get_absolute_url()).content.decode()
    assert "Proposed by</dt><dd>a resident</dd>" in body
    assert resident.first_name not in body.split("<main", 1)[1].split("</main>", 1)[0]


def test_a_round_with_one_budget_has_it_chosen_on_the_form(process, envelope):
    from budgeting.proposals.forms import ProposalForm
    assert ProposalForm(process=process)["envelope"].value() == envelope.pk


def test_a_round_with_several_budgets_leaves_the_choice_to_the_proposer(process, envelope,
                                                                       other_envelope):
    from budgeting.proposals.forms import ProposalForm
    assert ProposalForm(process=process)["envelope"].value() is None
