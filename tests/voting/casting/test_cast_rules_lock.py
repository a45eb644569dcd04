"""The first ballot freezes the rules; a change made just before it cannot slip past the check."""

import pytest
from django.core.exceptions import ValidationError

from tests.conftest import set_phase
from tests.voting.casting.ballot_setup import issue_codes, make_voting_envelope
from voting.ballot_box import ChannelClosed
from voting.casting.code_lookup import code_find
from voting.casting.services import ballot_cast_with_code
from voting.models import Ballot, BallotRules
from voting.staff.services import rules_update

pytestmark = pytest.mark.django_db


@pytest.fixture
def election(process, process_admin):
    set_phase(process, "voting")
    envelope, projects = make_voting_envelope(ballot_type="approval", max_projects=3)
    return envelope, projects, process_admin


def test_a_rules_change_after_the_code_was_looked_up_is_what_the_ballot_meets(election):
    envelope, projects, admin = election
    [typed] = issue_codes(envelope, 1)
    code = code_find(typed=typed, envelope=envelope)  # brings the rules along
    rules_update(admin=admin, envelope=envelope, max_projects=1)
    with pytest.raises(ValidationError) as caught:
        ballot_cast_with_code(code=code, choices={projects[0].pk: 1, projects[1].pk: 1})
    assert caught.value.error_dict["choices"][0].code == "too_many"
    assert Ballot.objects.count() == 0


def test_codes_switched_off_after_the_look_up_refuse_the_first_ballot(election):
    envelope, projects, admin = election
    [typed] = issue_codes(envelope, 1)
    code = code_find(typed=typed, envelope=envelope)
    rules_update(admin=admin, envelope=envelope, codes=False)
    with pytest.raises(ChannelClosed):
        ballot_cast_with_code(code=code, choices={projects[0].pk: 1})
    assert Ballot.objects.count() == 0


def test_the_first_ballot_freezes_the_rules(election):
    envelope, projects, admin = election
    [typed] = issue_codes(envelope, 1)
    ballot_cast_with_code(code=code_find(typed=typed),
                                   choices={projects[0].pk: 1})
    assert BallotRules.objects.get(envelope=envelope).locked_at is not None
    with pytest.raises(ValidationError) as caught:
        rules_update(admin=admin, envelope=envelope, max_projects=1)
    assert caught.value.code == "locked"


def test_a_refused_first_ballot_leaves_the_rules_open(election):
    envelope, projects, admin = election
    [typed] = issue_codes(envelope, 1)
    with pytest.raises(ValidationError):
        ballot_cast_with_code(code=code_find(typed=typed), choices={})
    assert BallotRules.objects.get(envelope=envelope).locked_at is None
    rules_update(admin=admin, envelope=envelope, max_projects=2)
