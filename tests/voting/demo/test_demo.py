import pytest
from django.core.management import CommandError, call_command

from budgeting.models import AuditEntry, Envelope, Membership, Partner, Process, Project
from budgeting.proposals.models import Proposal
from voting.models import CodeBatch, SealedBallot


@pytest.fixture(autouse=True)
def trying_kist(settings):
    """The demo is for trying Kist, which runs with DEBUG on (`make run`)."""
    settings.DEBUG = True


def test_it_refuses_to_load_in_production(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="only loads with DEBUG on"):
        call_command("demo", stdout=open("/dev/null", "w"))
    assert not Process.objects.exists()


def test_the_demo_is_a_believable_round_and_loads_twice(db):
    call_command("demo", stdout=open("/dev/null", "w"))
    call_command("demo", stdout=open("/dev/null", "w"))
    process = Process.objects.get(slug="riverside-2027")
    assert process.phase == "ideas"
    assert Envelope.objects.filter(process=process).count() == 2
    assert Partner.objects.count() == 3
    assert set(Membership.objects.values_list("role", flat=True)) == set(Membership.Role.values)
    proposals = Proposal.objects.filter(envelope__process=process)
    assert proposals.count() == 20
    # Every status a round in its ideas phase can have; the shortlist ones come later.
    after_shortlisting = {Proposal.Status.SHORTLISTED, Proposal.Status.NOT_SHORTLISTED}
    assert set(proposals.values_list("status", flat=True)) == (
        set(Proposal.Status.values) - after_shortlisting
    )
    assert proposals.filter(hidden_at__isnull=False).count() == 1
    assert AuditEntry.objects.filter(process=process).exists()


def test_the_demo_has_a_round_open_for_voting(db):
    call_command("demo", stdout=open("/dev/null", "w"))
    call_command("demo", stdout=open("/dev/null", "w"))
    voting = Process.objects.get(slug="northfield-2026")
    assert voting.phase == "voting"
    assert Project.objects.filter(envelope__process=voting).count() == 10
    # Cast and sealed in the box, waiting for the worker to mix them.
    assert SealedBallot.objects.filter(envelope__process=voting).count() == 2
    assert CodeBatch.objects.filter(envelope__process=voting).count() == 1
