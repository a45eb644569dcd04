"""An envelope's rules: one reader that never writes, one list of limits, checks that agree."""

import pytest
from django.contrib.admin.sites import AdminSite
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.urls import reverse

from tests.voting.staff.staff_setup import voting_round
from voting.admin import BallotRulesAdmin
from voting.models import BallotRules, BallotType
from voting.rules import LIMIT_FIELDS, LIMITS, ballot_limits, rules_of


def test_reading_rules_that_were_never_saved_writes_nothing(client, envelope, resident):
    voting_round(envelope.process, envelope)
    BallotRules.objects.filter(envelope=envelope).delete()
    rules = rules_of(envelope)
    assert rules.pk is None and rules.ballot_type == BallotType.KNAPSACK
    client.force_login(resident)
    for name in ("vote_start", "vote_declare"):
        assert client.get(reverse(name, args=[envelope.process.slug])).status_code == 200
    response = client.get(f"/api/v1/envelopes/{envelope.pk}/")
    assert response.status_code == 200
    assert not BallotRules.objects.filter(envelope=envelope).exists()


@pytest.mark.parametrize("kind", BallotType.values)
def test_each_ballot_type_names_only_limits_it_keeps(envelope, kind):
    limits = ballot_limits(BallotRules(envelope=envelope, ballot_type=kind))
    assert set(limits) == set(LIMITS[kind]) and set(limits) <= set(LIMIT_FIELDS)


@pytest.mark.parametrize(
    ("fields", "field"),
    [({"min_projects": 3, "max_projects": 1}, "max_projects"),
     ({"points_total": 5, "points_max_per_project": 6}, "points_max_per_project")],
)
def test_the_model_refuses_rules_that_contradict_themselves(envelope, fields, field):
    with pytest.raises(ValidationError) as refused:
        BallotRules(envelope=envelope, **fields).full_clean()
    assert field in refused.value.message_dict


def test_the_admin_refuses_fewest_above_most(envelope, admin_user):
    admin = BallotRulesAdmin(BallotRules, AdminSite())
    request = RequestFactory().get("/")
    request.user = admin_user
    form_class = admin.get_form(request)
    data = {"envelope": envelope.pk, "ballot_type": "approval", "min_projects": 3,
            "max_projects": 1, "min_spend_percent": 0, "points_total": 10,
            "points_max_per_project": 5, "ranking_max": 3, "counting_rule": "greedy",
            "online": "on", "codes": "on", "paper": "on"}
    form = form_class(data)
    assert not form.is_valid()
    assert "max_projects" in form.errors
