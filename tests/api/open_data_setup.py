"""A finished round for the open data API tests: public and hidden proposals, projects with
delivery updates, a published count and counts that are not published."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from budgeting.comments.models import Comment
from budgeting.delivery.models import DeliveryUpdate
from budgeting.models import Envelope, Partner, Process, Project
from budgeting.proposals.models import Proposal, Review
from tests.conftest import make_process, make_proposal, make_user
from voting.models import BallotRules
from voting.results.models import Tally
from voting.tally import Election, count
from voting.tally import Project as TallyProject

# Words that must never leave the API: who proposed, staff notes, why something was hidden.
SECRETS = [
    "eilidh.secret@example.com",
    "Eilidh-Secret-Name",
    "PRIVATE-NOTE-about-the-proposer",
    "HIDDEN-REASON-abuse",
    "HIDDEN-TITLE-do-not-show",
    "officer.secret@council.example",
    "UNPUBLISHED-DIGEST",
]

# The published count is in pence (unit 1) because one cost has pence in it.
COSTS_PENCE = [1_000_000, 2_000_000, 4_500_050]
BUDGET_PENCE = 6_000_000


@dataclass
class OpenData:
    process: Process
    envelope: Envelope
    other_envelope: Envelope
    projects: list[Project]
    public_proposal: Proposal
    hidden_proposal: Proposal
    published: Tally
    unpublished: Tally
    other_unpublished: Tally


def _outcome(projects: list[Project], rule: str) -> dict:
    election = Election.from_approval(
        [TallyProject(p.code, cost, p.title) for p, cost in zip(projects, COSTS_PENCE,
                                                                 strict=True)],
        BUDGET_PENCE,
        # Seven ballots: the first two projects fit together, the third is the favourite.
        [[projects[2].code]] * 4 + [[projects[0].code, projects[1].code]] * 3,
    )
    return count(election, rule=rule).to_json()


def _tally(envelope: Envelope, projects: list[Project], *, number: int, rule: str,
           published: bool, digest: str) -> Tally:
    now = timezone.now()
    return Tally.objects.create(
        envelope=envelope, number=number, rule=rule, options={"completion": "add1u"}, unit=1,
        ballots=27, ballots_by_channel={"online": 14, "code": 3, "paper": 10, "spoilt": 2},
        turnout={"age_bands": [{"youngest": 16, "oldest": 44, "count": 14}],
                 "age_hidden": False}, digest=digest,
        ballot_file="META\nkey;value\n", outcome=_outcome(projects, rule),
        counted_at=now - timedelta(days=1), is_published=published,
        published_at=now if published else None,
    )


def make_open_data() -> OpenData:
    process = make_process(slug="riverside", phase="results", title="Riverside Community Choices",
                           area="Riverside ward")
    process.partners.add(Partner.objects.create(name="Riverside Council", kind="council",
                                                website="https://council.example"))
    envelope = Envelope.objects.create(
        process=process, name="Riverside ward", amount=Decimal("60000.00"),
        postcode_prefixes="rv1, RV2 4", minimum_age=12,
    )
    BallotRules.objects.create(envelope=envelope, ballot_type="approval", min_projects=1,
                               max_projects=2, counting_rule="greedy")
    other_envelope = Envelope.objects.create(process=process, name="Youth pot",
                                             amount=Decimal("5000"))

    author = make_user("eilidh.secret@example.com", "Eilidh-Secret-Name")
    officer = make_user("officer.secret@council.example", "Officer")
    # Both on the map, so the GeoJSON has a feature to check and one it must leave out.
    public_proposal = make_proposal(envelope=envelope, author=author, status="shortlisted",
                                    latitude=Decimal("55.953300"),
                                    longitude=Decimal("-3.188300"))
    Review.objects.create(proposal=public_proposal, reviewer=officer, decision="feasible",
                          public_reason="Works on council land.",
                          private_note="PRIVATE-NOTE-about-the-proposer")
    hidden_proposal = make_proposal(
        envelope=envelope, author=author, title="HIDDEN-TITLE-do-not-show",
        hidden_at=timezone.now(), hidden_reason="HIDDEN-REASON-abuse",
        latitude=Decimal("55.950000"), longitude=Decimal("-3.190000"),
    )

    projects = [
        Project.objects.create(envelope=envelope, title="Benches", summary="Ten benches",
                               cost=Decimal("10000.00"), position=0),
        Project.objects.create(envelope=envelope, title="Bulbs", summary="Spring bulbs",
                               cost=Decimal("20000.00"), position=1, reference="R-7"),
        Project.objects.create(envelope=envelope, title="Pump track", summary="A pump track",
                               cost=Decimal("45000.50"), position=2),
    ]
    projects[0].proposals.add(public_proposal, hidden_proposal)

    published = _tally(envelope, projects, number=1, rule="greedy", published=True,
                       digest="a" * 64)
    # A later count, not published: it must stay out of sight while count 1 is public.
    unpublished = _tally(envelope, projects, number=2, rule="equal-shares", published=False,
                         digest="UNPUBLISHED-DIGEST")
    Project.objects.filter(pk=projects[2].pk).update(funded_at=published.published_at,
                                                     delivery_status="in_progress")
    projects[2].refresh_from_db()
    DeliveryUpdate.objects.create(project=projects[2], status="in_progress",
                                  on=date(2027, 6, 1), text="Ground works started.",
                                  posted_by=officer)
    Project.objects.create(envelope=other_envelope, title="Youth club", summary="Kit",
                           cost=Decimal("5000"))
    # Comments: one shown with a reply from staff, one hidden, and one on a project.
    first = Comment.objects.create(proposal=public_proposal, author=author, text="Yes please",
                                   shown_as="Eilidh from the Meadows")
    Comment.objects.create(proposal=public_proposal, author=officer, parent=first,
                           partner=process.partners.get(), text="Parks agree.")
    Comment.objects.create(proposal=public_proposal, author=author, text="HIDDEN-COMMENT-rude",
                           hidden_at=timezone.now(), hidden_reason="Rude")
    Comment.objects.create(project=projects[0], author=author, text="Voting for benches")
    # The youth pot has been counted but not published: it has no public results at all.
    other_unpublished = _tally(other_envelope, projects, number=1, rule="greedy",
                               published=False, digest="UNPUBLISHED-DIGEST")
    return OpenData(process, envelope, other_envelope, projects, public_proposal,
                    hidden_proposal, published, unpublished, other_unpublished)
