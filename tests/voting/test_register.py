"""One person, one vote: the register holds across accounts, voting codes and paper desks."""

import csv
import itertools
from datetime import date

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from budgeting.models import AuditEntry
from tests.conftest import make_user
from tests.voting.casting.page_helpers import ballot_url, check_url, declare
from tests.voting.staff.staff_setup import voting_round
from voting.ballot_box import AlreadyVoted, ChannelClosed, VotingClosed
from voting.casting.code_lookup import code_find
from voting.casting.services import ballot_cast_online, ballot_cast_with_code, declaration_make
from voting.desk.services import AlreadyMarked, desk_mark
from voting.models import BallotRules, Participation, SealedBallot, VotingCode
from voting.register import person_key, written_name
from voting.staff.services import codes_issue

pytestmark = pytest.mark.django_db

MORAG = {"name": "Morag Sinclair", "born": date(1990, 3, 27), "postcode": "RV1 2AB"}


@pytest.fixture
def voting(envelope, council):
    return envelope, voting_round(envelope.process, envelope, ballot_type="approval")


def test_a_name_is_compared_without_case_accents_punctuation_or_spacing():
    assert written_name("  Mòrag   O'Neill-Smith ") == written_name("MORAG ONEILL SMITH")
    assert person_key(name="Mòrag O'Neill", born=date(1990, 3, 27), postcode="rv12ab") == \
        person_key(name="morag oneill", born=date(1990, 3, 27), postcode="RV1 2AB")


@pytest.mark.parametrize("other", [{"born": date(1990, 3, 28)}, {"postcode": "RV1 2AC"},
                                   {"name": "Morag Sinclaire"}])
def test_another_birthday_postcode_or_name_is_another_person(other):
    assert person_key(**MORAG) != person_key(**{**MORAG, **other})


def test_the_key_depends_on_the_pepper_kept_outside_the_database(settings):
    before = person_key(**MORAG)
    settings.VOTING_CODE_PEPPER = "another-pepper-of-at-least-thirty-two-chars"
    assert person_key(**MORAG) != before


def test_three_accounts_of_one_person_cast_one_ballot(voting):
    envelope, projects = voting
    outcomes = []
    for n in range(3):
        client = Client()
        client.force_login(make_user(f"morag{n}@example.com"))
        assert declare(client, envelope.process, name="Morag Sinclair", born="27 3 1990"
                       ).status_code == 302
        client.post(ballot_url(envelope), {"projects": [str(projects[n].pk)]})
        response = client.post(check_url(envelope))
        outcomes.append(response.status_code)
        if response.status_code == 409:
            assert "same name, date of birth and postcode has already voted" in \
                response.content.decode()
    assert outcomes == [302, 409, 409]
    assert SealedBallot.objects.count() == 1 == Participation.objects.count()


def _online(envelope, projects, n):
    user = make_user(f"person{n}@example.com")
    declaration_make(user=user, process=envelope.process, postcode=MORAG["postcode"],
                     name=MORAG["name"], born=MORAG["born"])
    return ballot_cast_online(user=user, envelope=envelope, choices={projects[0].pk: 1})


def _code(envelope, projects, n):
    [plain] = codes_issue(staff=None, envelope=envelope, count=1, people=[person_key(**MORAG)])
    return ballot_cast_with_code(code=code_find(typed=plain, envelope=envelope),
                                 choices={projects[1].pk: 1})


def _desk(envelope, projects, n, staff):
    return desk_mark(staff=staff, envelope=envelope, **MORAG)


@pytest.mark.parametrize("order", list(itertools.permutations(["online", "code", "desk"])))
def test_one_person_is_refused_the_second_and_third_way_in_every_order(voting, moderator,
                                                                      order):
    envelope, projects = voting
    ways = {"online": _online, "code": _code,
            "desk": lambda e, p, n: _desk(e, p, n, moderator)}
    ways[order[0]](envelope, projects, 0)
    for n, way in enumerate(order[1:], start=1):
        with pytest.raises((AlreadyVoted, AlreadyMarked)) as refused:
            ways[way](envelope, projects, n)
        message = str(refused.value) if isinstance(refused.value, AlreadyVoted) else \
            refused.value.messages[0]
        assert "already voted" in message
    assert Participation.objects.filter(envelope=envelope).count() == 1
    assert SealedBallot.objects.count() == (order[0] != "desk")


def test_the_desk_says_when_and_how_they_voted_and_nothing_of_their_ballot(voting, moderator):
    envelope, projects = voting
    _online(envelope, projects, 0)
    with pytest.raises(AlreadyMarked) as refused:
        desk_mark(staff=moderator, envelope=envelope, **MORAG)
    message = refused.value.messages[0]
    assert "online with an account" in message and "Riverside ward" in message
    assert projects[0].title not in message


def test_an_anonymous_code_is_not_bound_to_anyone(voting, moderator):
    envelope, projects = voting
    desk_mark(staff=moderator, envelope=envelope, **MORAG)
    [plain] = codes_issue(staff=None, envelope=envelope, count=1)
    assert VotingCode.objects.get().person == ""
    ballot_cast_with_code(code=code_find(typed=plain, envelope=envelope),
                          choices={projects[0].pk: 1})
    assert Participation.objects.count() == 2


def test_the_desk_refuses_who_cannot_vote_here(voting, moderator):
    envelope, _projects = voting
    with pytest.raises(Exception) as refused:
        desk_mark(staff=moderator, envelope=envelope, **{**MORAG, "postcode": "ZZ9 9ZZ"})
    assert "is for postcodes starting RV1, RV2" in str(refused.value)
    with pytest.raises(Exception) as refused:
        desk_mark(staff=moderator, envelope=envelope, **{**MORAG, "born": date.today()})
    assert "Riverside ward is for people aged 12 or over" in str(refused.value)
    assert not Participation.objects.exists()


def test_the_desk_is_closed_outside_voting_and_where_paper_is_off(voting, moderator):
    envelope, _projects = voting
    BallotRules.objects.filter(envelope=envelope).update(paper=False)
    with pytest.raises(ChannelClosed):
        desk_mark(staff=moderator, envelope=envelope, **MORAG)
    BallotRules.objects.filter(envelope=envelope).update(paper=True)
    from tests.conftest import set_phase

    set_phase(envelope.process, "results")
    with pytest.raises(VotingClosed):
        desk_mark(staff=moderator, envelope=envelope, **MORAG)
    assert not Participation.objects.exists()


def test_only_staff_of_the_round_mark_at_the_desk(voting, panel_member):
    envelope, _projects = voting
    with pytest.raises(Exception) as refused:
        desk_mark(staff=panel_member, envelope=envelope, **MORAG)
    assert type(refused.value).__name__ == "PermissionDenied"
    assert not Participation.objects.exists()


def test_the_desk_page_marks_once_and_refuses_the_second_time(client, voting, moderator):
    envelope, _projects = voting
    client.force_login(moderator)
    url = reverse("voting_desk", args=[envelope.process.slug, envelope.pk])
    assert client.get(url).status_code == 200
    typed = {"full_name": "morag sinclair", "date_of_birth": "27/03/1990",
             "postcode": "rv12ab"}
    response = client.post(url, typed, follow=True)
    assert "Marked as voted" in response.content.decode()
    response = client.post(url, {**typed, "full_name": "MORAG  SINCLAIR"})
    assert response.status_code == 409
    page = response.content.decode()
    assert "Do not give a ballot paper" in page and "on paper" in page
    assert 'value="MORAG  SINCLAIR"' in page or 'value="MORAG SINCLAIR"' in page
    assert Participation.objects.count() == 1
    # The audit log counts marks; it names nobody.
    entry = AuditEntry.objects.get(action="register.marked")
    assert "morag" not in str(entry.after).lower() and "1990" not in str(entry.after)


def test_the_desk_page_keeps_what_was_typed_and_says_what_is_wrong(client, voting, moderator):
    envelope, _projects = voting
    client.force_login(moderator)
    url = reverse("voting_desk", args=[envelope.process.slug, envelope.pk])
    response = client.post(url, {"full_name": "Morag", "date_of_birth": "31 2 1990",
                                 "postcode": "RV1 2AB"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "There is a problem" in page and "Enter a real date of birth" in page
    assert 'value="Morag"' in page and 'value="31 2 1990"' in page
    assert not Participation.objects.exists()


# Codes issued to named residents


def _residents(tmp_path, rows, header="name,date_of_birth,postcode"):
    path = tmp_path / "residents.csv"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    return path


def test_codes_are_issued_to_named_residents_for_a_mail_merge(tmp_path, voting, moderator):
    envelope, projects = voting
    people = _residents(tmp_path, ["Morag Sinclair,1990-03-27,RV1 2AB",
                                   "Calum Reid,4 11 1971,rv2 1aa"])
    out = tmp_path / "letters.csv"
    call_command("issue_codes", envelope=envelope.pk, to=str(people), out=str(out),
                 stdout=open("/dev/null", "w"))
    rows = list(csv.DictReader(out.open()))
    assert [(r["name"], r["postcode"]) for r in rows] == [("Morag Sinclair", "RV1 2AB"),
                                                          ("Calum Reid", "RV2 1AA")]
    assert VotingCode.objects.exclude(person="").count() == 2
    # Morag votes at the desk: her letter's code is then refused.
    desk_mark(staff=moderator, envelope=envelope, **MORAG)
    with pytest.raises(AlreadyVoted):
        ballot_cast_with_code(code=code_find(typed=rows[0]["code"], envelope=envelope),
                              choices={projects[0].pk: 1})
    ballot_cast_with_code(code=code_find(typed=rows[1]["code"], envelope=envelope),
                          choices={projects[0].pk: 1})


@pytest.mark.parametrize(("rows", "header", "message"), [
    (["Morag Sinclair,31 2 1990,RV1 2AB"], None, "line 2: Enter a real date of birth"),
    (["Morag Sinclair,1990-03-27,R"], None, "line 2: Enter a real postcode."),
    ([",1990-03-27,RV1 2AB"], None, "line 2: Enter your full name."),
    (["Morag Sinclair,1990-03-27,RV1 2AB", "MORAG SINCLAIR,27 3 1990,rv12ab"], None,
     "names the same resident twice"),
    (["Morag Sinclair,1990-03-27,RV1 2AB"], "who,born,where", "needs a header row"),
])
def test_a_bad_residents_file_issues_nothing_and_says_where(tmp_path, voting, rows, header,
                                                            message):
    envelope, _projects = voting
    people = _residents(tmp_path, rows, **({"header": header} if header else {}))
    with pytest.raises(CommandError, match=message):
        call_command("issue_codes", envelope=envelope.pk, to=str(people),
                     out=str(tmp_path / "letters.csv"))
    assert not VotingCode.objects.exists()
    assert not (tmp_path / "letters.csv").exists()


def test_count_and_to_are_one_or_the_other(tmp_path, voting):
    envelope, _projects = voting
    with pytest.raises(CommandError, match="either --count N"):
        call_command("issue_codes", envelope=envelope.pk, out=str(tmp_path / "x.csv"))
