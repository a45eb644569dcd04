"""Money as people type it, and a cost above the whole budget asked about before it is kept."""

from decimal import Decimal

import pytest
from django.urls import reverse

from budgeting.forms import money_field
from budgeting.proposals.models import Proposal


@pytest.mark.parametrize("typed, pounds", [
    ("4800", "4800"), ("4,800", "4800"), ("£4,800.50", "4800.50"), (" £ 2,000,000 ", "2000000"),
    ("12 500", "12500")])
def test_it_takes_money_as_people_type_it(typed, pounds):
    assert money_field("Cost").clean(typed) == Decimal(pounds)


@pytest.mark.parametrize("typed", ["four thousand", "4.800,50", "£-5", "5 pounds"])
def test_it_explains_what_it_cannot_read(typed):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        money_field("Cost").clean(typed)


IDEA = {"title": "Play park", "summary": "Swings.", "description": "For the children.",
        "category": "green_spaces", "location": ""}


def test_a_cost_above_the_whole_budget_asks_to_be_confirmed(client, resident, process,
                                                            envelope):
    client.force_login(resident)
    url = reverse("proposal_new", args=[process.slug])
    response = client.post(url, {**IDEA, "envelope": envelope.pk,
                                 "estimated_cost": "999,999,999"})
    body = response.content.decode()
    assert "is more than the whole budget of £60,000" in body
    assert 'type="checkbox" name="cost_confirmed"' in body
    assert 'value="999,999,999"' in body
    assert not Proposal.objects.exists()
    response = client.post(url, {**IDEA, "envelope": envelope.pk,
                                 "estimated_cost": "999,999,999", "cost_confirmed": "on"})
    assert response.status_code == 302
    assert Proposal.objects.get().estimated_cost == Decimal("999999999")


def test_a_cost_within_the_budget_asks_nothing(client, resident, process, envelope):
    client.force_login(resident)
    response = client.post(reverse("proposal_new", args=[process.slug]),
                           {**IDEA, "envelope": envelope.pk, "estimated_cost": "£4,800"})
    assert response.status_code == 302
    assert Proposal.objects.get().estimated_cost == Decimal("4800")
