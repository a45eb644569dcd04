"""Reads for the open data API: only what anyone may see, in a stable order for paging.

What is public is decided by the models' own querysets: hidden proposals never leave
`Proposal.objects.public()`, and a count not yet published never leaves
`Tally.objects.published()`.
"""

from datetime import date

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from budgeting import selectors as budgeting_selectors
from budgeting.comments.models import Comment, kind_of
from budgeting.comments.selectors import with_comment_counts
from budgeting.delivery.models import DeliveryUpdate
from budgeting.models import Envelope, Phase, Process, Project
from budgeting.proposals.models import Proposal
from budgeting.proposals.selectors import proposal_list_public
from budgeting.supports.selectors import with_support_counts
from voting.results.models import Tally

# The largest key a database stores; a larger id in a path or a filter names nothing.
MAX_ID = 2**63 - 1


def is_key(value: int) -> bool:
    """Whether `value` could name a row at all; anything else is a 404 without a query."""
    return 0 < value <= MAX_ID
# Words of a search used at most, so one request cannot ask for an unbounded query.
MAX_SEARCH_WORDS = 8


def _phase_q(*, phase: str, today: date) -> Q:
    """The dates that put a process in `phase` today, as `Process.phase_on` decides it.

    The phase is not stored (it follows from the dates), so filtering on it is a date query.
    """
    return {
        Phase.UPCOMING: Q(ideas_start__gt=today),
        Phase.IDEAS: Q(ideas_start__lte=today, review_start__gt=today)
        & (Q(supports_start__isnull=True) | Q(supports_start__gt=today)),
        Phase.SUPPORTS: Q(supports_start__lte=today, review_start__gt=today),
        Phase.REVIEW: Q(review_start__lte=today, shortlisting_start__gt=today),
        Phase.SHORTLISTING: Q(shortlisting_start__lte=today, voting_start__gt=today),
        Phase.VOTING: Q(voting_start__lte=today, voting_end__gte=today),
        Phase.RESULTS: Q(voting_end__lt=today),
    }[Phase(phase)]


def _published_tally_exists() -> Exists:
    return Exists(Tally.objects.published().filter(envelope=OuterRef("pk")))


def process_list_public(*, phase: str = "", text: str = "") -> QuerySet[Process]:
    """Processes, the latest vote first; optionally in one phase today and matching words."""
    queryset = budgeting_selectors.process_list()
    if phase:
        queryset = queryset.filter(_phase_q(phase=phase, today=timezone.localdate()))
    for word in text.split()[:MAX_SEARCH_WORDS]:
        queryset = queryset.filter(Q(title__icontains=word) | Q(area__icontains=word))
    # The id last, so that pages never repeat or skip a process that shares the dates.
    return queryset.order_by("-voting_end", "title", "id")


def process_public_or_none(*, slug: str) -> Process | None:
    envelopes = Envelope.objects.annotate(
        project_count=Count("projects"), results_published=_published_tally_exists()
    ).prefetch_related("wards").order_by("name", "id")
    return (
        Process.objects.filter(slug=slug, published_at__isnull=False)
        .prefetch_related("partners", Prefetch("envelopes", queryset=envelopes))
        .first()
    )


def _envelopes() -> QuerySet[Envelope]:
    # A draft round's budgets are nobody's business until it is published.
    return Envelope.objects.filter(process__published_at__isnull=False).select_related(
        "process", "rules").prefetch_related("wards").annotate(
        project_count=Count("projects"), results_published=_published_tally_exists()
    )


def envelope_list_public(*, process: Process) -> QuerySet[Envelope]:
    return _envelopes().filter(process=process).order_by("name", "id")


def envelope_public_or_none(*, envelope_id: int) -> Envelope | None:
    if not is_key(envelope_id):
        return None
    return _envelopes().filter(pk=envelope_id).first()


def _projects() -> QuerySet[Project]:
    # Only the proposals anyone may see: a project made partly from a hidden one still
    # shows, without it.
    public = Proposal.objects.public().order_by("id")
    return with_comment_counts(Project.objects.filter(
        envelope__process__published_at__isnull=False)).select_related(
        "envelope__process").prefetch_related(
        Prefetch("proposals", queryset=public, to_attr="public_proposals"),
        Prefetch("updates", queryset=DeliveryUpdate.objects.order_by("-on", "-id"),
                 to_attr="public_updates"),
    )


def project_list_public(*, envelope: Envelope) -> QuerySet[Project]:
    """The envelope's projects in ballot order."""
    return _projects().filter(envelope=envelope).order_by("position", "title", "id")


def project_public_or_none(*, project_id: int) -> Project | None:
    if not is_key(project_id):
        return None
    return _projects().filter(pk=project_id).first()


def public_proposals(
    *, process: Process, envelope: int | None = None, status: str = "", category: str = "",
    text: str = "",
) -> QuerySet[Proposal]:
    """Proposals anyone may see, newest first, through the same selector as the web list."""
    return with_comment_counts(proposal_list_public(
        process=process, envelope=envelope, status=status, category=category, text=text,
    )).order_by("-created_at", "-id")


def public_located_proposals(
    *, process: Process, envelope: int | None = None, status: str = "", category: str = "",
    text: str = "",
) -> QuerySet[Proposal]:
    """The public proposals with a map position, filtered as the list is, oldest first so a
    map's features keep their order from one day to the next."""
    return proposal_list_public(
        process=process, envelope=envelope, status=status, category=category, text=text,
    ).filter(latitude__isnull=False, longitude__isnull=False).select_related(
        "envelope__process").order_by("created_at", "id")


def public_proposal_or_none(*, proposal_id: int) -> Proposal | None:
    if not is_key(proposal_id):
        return None
    return (
        with_support_counts(with_comment_counts(
            Proposal.objects.public().filter(pk=proposal_id)))
        .select_related("envelope__process")
        .first()
    )


def public_comments(*, target: Proposal | Project) -> QuerySet[Comment]:
    """The comments shown on a proposal's or a project's page, oldest first; hidden ones and
    who wrote anything never appear."""
    return (Comment.objects.filter(**{kind_of(target): target}, hidden_at__isnull=True)
            .select_related("partner").order_by("created_at", "id"))


def project_ids_by_code(*, envelope: Envelope) -> dict[str, int]:
    """Kist's project ids by the ids the count uses (`Project.code`)."""
    return {p.code: p.pk for p in Project.objects.filter(envelope=envelope).only("reference")}
