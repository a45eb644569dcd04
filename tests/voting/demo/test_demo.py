"""The demo council: a round in every phase, loaded through Kist's own services, twice."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from budgeting.models import AuditEntry, Envelope, Membership, Partner, Process, Project
from budgeting.proposals.models import Proposal
from budgeting.setup.services import is_council_admin, missing
from budgeting.shortlisting.models import DraftProject, PanelMember
from voting.demo import people
from voting.models import CodeBatch, PaperBatch, SealedBallot
from voting.results.models import Tally


@pytest.fixture(autouse=True)
def trying_kist(settings):
    """The demo is for trying Kist, which runs with DEBUG on (`make run`)."""
    settings.DEBUG = True


@pytest.fixture
def demo(db):
    out = io.StringIO()
    call_command("demo", stdout=out)
    call_command("demo", stdout=io.StringIO())
    return out.getvalue()


def test_it_refuses_to_load_in_production(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="only loads with DEBUG on"):
        call_command("demo", stdout=io.StringIO())
    assert not Process.objects.exists()


def test_it_has_a_round_in_every_phase_and_loads_twice(demo):
    phases = {p.slug: p.phase for p in Process.objects.filter(published_at__isnull=False)}
    assert phases == {"kirkton-2027": "ideas", "riverside-2027": "review",
                      "millbrae-2027": "shortlisting", "northfield-2026": "voting",
                      "westburn-2026": "results", "eastgate-2026": "results"}
    assert Partner.objects.count() == 3
    assert set(Membership.objects.values_list("role", flat=True)) == set(Membership.Role.values)
    for slug in phases:
        assert Proposal.objects.filter(envelope__process__slug=slug).exists() or \
            Project.objects.filter(envelope__process__slug=slug).exists(), slug


def test_the_round_in_review_has_every_outcome_a_review_can_have(demo):
    process = Process.objects.get(slug="riverside-2027")
    assert Envelope.objects.filter(process=process).count() == 2
    proposals = Proposal.objects.filter(envelope__process=process)
    assert proposals.count() == 20
    after_shortlisting = {Proposal.Status.SHORTLISTED, Proposal.Status.NOT_SHORTLISTED}
    assert set(proposals.values_list("status", flat=True)) == (
        set(Proposal.Status.values) - after_shortlisting)
    assert proposals.filter(hidden_at__isnull=False).count() == 1
    assert AuditEntry.objects.filter(process=process, action="proposal.reviewed").exists()


def test_the_shortlisting_panel_is_part_way(demo):
    seats = PanelMember.objects.filter(panel__envelope__process__slug="millbrae-2027")
    assert seats.values("partner").distinct().count() == 3
    assert seats.filter(submitted_at__isnull=False).count() == 2
    assert DraftProject.objects.filter(panel__envelope__process__slug="millbrae-2027").count() == 1
    assert not seats.filter(panel__published_at__isnull=False).exists()


def test_the_voting_round_has_sealed_ballots_and_codes_to_try(demo):
    voting = Process.objects.get(slug="northfield-2026")
    assert Project.objects.filter(envelope__process=voting).count() == 10
    assert SealedBallot.objects.filter(envelope__process=voting).count() == 2
    assert CodeBatch.objects.filter(envelope__process=voting).count() == 1
    assert "Voting codes for Northfield's youth pot" in demo


def test_one_round_is_counted_and_waits_to_be_published_another_is_delivering(demo):
    westburn = Tally.objects.get(envelope__process__slug="westburn-2026")
    assert westburn.published_at is None
    eastgate = Tally.objects.get(envelope__process__slug="eastgate-2026")
    assert eastgate.published_at is not None
    assert PaperBatch.objects.get(envelope=eastgate.envelope).status == PaperBatch.Status.CLOSED
    assert Project.objects.filter(envelope=eastgate.envelope,
                                  updates__isnull=False).exists()


def test_the_council_admin_signs_in_to_a_draft_with_something_missing(demo, client):
    officer = people.staff(people.COUNCIL_ADMIN[0])
    assert is_council_admin(officer)
    draft = Process.objects.get(published_at__isnull=True)
    assert missing(draft)  # its budget has no wards or postcode areas yet
    assert client.get(draft.get_absolute_url()).status_code == 404
    client.force_login(officer)
    assert draft.title in client.get(reverse("setup_home")).content.decode()
    assert "council admin" in demo and people.COUNCIL_ADMIN[0] in demo


def test_the_voting_round_can_be_tried_in_gaelic(demo):
    from django.utils import translation

    from budgeting.languages.words import said

    voting = Process.objects.get(slug="northfield-2026")
    with translation.override("gd"):
        assert said(voting, "title") == "Roghainnean Coimhearsnachd Northfield 2026"
        project = Project.objects.filter(envelope__process=voting).first()
        assert said(project, "title") == project.title  # no Gaelic written: the English


def test_the_round_taking_ideas_has_a_conversation_and_a_report_to_moderate(demo):
    from budgeting.comments.models import Comment

    lights = Proposal.objects.get(title="Lights on the canal towpath")
    assert lights.comments.filter(parent__isnull=True).count() == 3
    assert lights.comments.filter(partner__name="Riverside Community Trust").exists()
    assert Comment.objects.filter(flags__isnull=False).count() == 1


def test_the_round_taking_ideas_has_supports_and_a_follower(demo):
    from budgeting.supports.selectors import with_support_counts

    counts = dict(with_support_counts(Proposal.objects.filter(
        envelope__process__slug="kirkton-2027")).values_list("title", "support_count"))
    assert counts["Lights on the canal towpath"] == 2
    assert counts["Kirkton food pantry shelves"] == 1
    lights = Proposal.objects.get(title="Lights on the canal towpath")
    assert lights.follows.count() == 1 and lights.author_follows
