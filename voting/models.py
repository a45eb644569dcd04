"""Ballots and who has voted, kept apart.

A cast writes a Participation (that someone has voted in an envelope) and a SealedBallot (what
they chose, encrypted under a key the database never holds) in one transaction. Mixing opens
sealed ballots in groups and writes them as Ballots in a random order, with random keys and no
date, so neither the rows nor their order, keys or transaction ids point back at a voter. The
unique constraints on Participation make "one ballot per voter per envelope" hold under
concurrent requests.
"""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from budgeting.models import Envelope, Project

# The count lives with the results; importing it here registers it with the app.
from voting.corrections.models import Correction
from voting.monitoring.models import AnswerCount, AreaShare, SealedAnswers
from voting.results.models import CountJob, Tally

__all__ = ["AnswerCount", "AreaShare", "CountJob", "Correction", "SealedAnswers", "Tally"]


class BallotType(models.TextChoices):
    KNAPSACK = "knapsack", _("Pick projects within the budget")
    APPROVAL = "approval", _("Choose a number of projects")
    POINTS = "points", _("Share points between projects")
    RANKING = "ranking", _("Rank projects in order")


class CountingRule(models.TextChoices):
    GREEDY = "greedy", _("Most votes first, skipping what does not fit (greedy)")
    GREEDY_NO_SKIP = "greedy-no-skip", _(
        "Most votes first, stopping at the first that does not fit (greedy-no-skip)"
    )
    MAX_WELFARE = "max-welfare", _("Greatest total support within the budget (max-welfare)")
    EQUAL_SHARES = "equal-shares", _("Method of Equal Shares (proportional)")


class Channel(models.TextChoices):
    """How a ballot came in. Its label is the one name every page, download and count uses."""

    ONLINE = "online", _("Online with an account")
    CODE = "code", _("With a voting code")
    PAPER = "paper", _("On paper")
    # Ballots loaded from a Pabulib file by `pb_import` came through none of Kist's channels.
    IMPORTED = "imported", _("Imported from a Pabulib file")

    @property
    def in_a_sentence(self) -> str:
        """The label as it reads inside a sentence: "… or with a voting code"."""
        label = str(self.label)
        return label[:1].lower() + label[1:]


# The ways a resident can vote, each switched on or off per envelope by the rules' field named.
SWITCHES = {Channel.ONLINE: "online", Channel.CODE: "codes", Channel.PAPER: "paper"}
VOTING_CHANNELS = [(channel.value, channel.label) for channel in SWITCHES]


class BallotRules(models.Model):
    """How residents vote in an envelope and how it is counted. Locked at the first ballot."""

    envelope = models.OneToOneField(Envelope, on_delete=models.CASCADE, related_name="rules")
    ballot_type = models.CharField(
        _("ballot type"), max_length=20, choices=BallotType.choices, default=BallotType.KNAPSACK
    )
    min_projects = models.PositiveSmallIntegerField(_("fewest projects"), default=1)
    max_projects = models.PositiveSmallIntegerField(
        _("most projects"), null=True, blank=True,
        help_text=_("Leave empty for no limit (knapsack) or all projects."),
    )
    min_spend_percent = models.PositiveSmallIntegerField(
        _("least share of the budget to spend (%)"), default=0,
        validators=[MaxValueValidator(100)],
        help_text=_("Knapsack only: e.g. 70 means a ballot must spend at least 70%."),
    )
    points_total = models.PositiveSmallIntegerField(
        _("points to share"), default=10, validators=[MinValueValidator(1)]
    )
    points_max_per_project = models.PositiveSmallIntegerField(
        _("most points on one project"), default=5, validators=[MinValueValidator(1)]
    )
    ranking_max = models.PositiveSmallIntegerField(
        _("how many projects to rank"), default=3, validators=[MinValueValidator(1)]
    )
    counting_rule = models.CharField(
        _("counting rule"), max_length=20, choices=CountingRule.choices,
        default=CountingRule.GREEDY,
    )
    online = models.BooleanField(_("online with an account"), default=True)
    codes = models.BooleanField(_("with voting codes"), default=True)
    paper = models.BooleanField(_("on paper"), default=True)
    # On by default: a fixed order favours whichever project is listed first.
    random_order = models.BooleanField(_("projects in a random order for each voter"),
                                       default=True)
    locked_at = models.DateTimeField(_("locked at"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("ballot rules")
        verbose_name_plural = _("ballot rules")

    def __str__(self) -> str:
        return f"{self.get_ballot_type_display()} – {self.envelope}"

    def clean(self) -> None:
        """The checks across fields, so that the staff form, the services and the admin agree."""
        errors = {}
        if self.max_projects is not None and self.max_projects < self.min_projects:
            errors["max_projects"] = _("The most projects cannot be fewer than the fewest.")
        if self.points_max_per_project > self.points_total:
            errors["points_max_per_project"] = _("This cannot be more than the points to share.")
        if errors:
            raise ValidationError(errors)

    @property
    def channels(self) -> list[str]:
        return [channel.value for channel, switch in SWITCHES.items() if getattr(self, switch)]

    @property
    def ways_to_vote(self) -> list[str]:
        return [Channel(channel).in_a_sentence for channel in self.channels]


class Declaration(models.Model):
    """What a signed-in resident declared to vote online; fixed once per process."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="declarations")
    process = models.ForeignKey("budgeting.Process", on_delete=models.CASCADE,
                                related_name="declarations")
    postcode = models.CharField(_("postcode"), max_length=10)
    age = models.PositiveSmallIntegerField(_("age"), validators=[MaxValueValidator(120)])
    # Who they said they are, as the register knows people (voting.register): never the name
    # or the date of birth themselves.
    person = models.CharField(max_length=64, blank=True, editable=False)
    declared_on = models.DateField(_("declared on"), auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "process"], name="one_declaration_per_process")
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.process}"


class CodeBatch(models.Model):
    """Codes issued together; the salt is shared so a typed code is found with one lookup."""

    envelope = models.ForeignKey(Envelope, on_delete=models.PROTECT, related_name="code_batches")
    salt = models.CharField(max_length=64, editable=False)
    count = models.PositiveIntegerField(_("number of codes"))
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                  null=True, blank=True, related_name="+")
    issued_at = models.DateTimeField(_("issued at"), auto_now_add=True)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["-issued_at"]

    def __str__(self) -> str:
        return ngettext("%(n)d code for %(envelope)s", "%(n)d codes for %(envelope)s",
                        self.count) % {"n": self.count, "envelope": self.envelope}


class VotingCode(models.Model):
    batch = models.ForeignKey(CodeBatch, on_delete=models.PROTECT, related_name="codes")
    digest = models.CharField(max_length=64, unique=True, editable=False)
    # Issued to a named resident (a letter), as the register knows them; blank for a card
    # handed out anonymously.
    person = models.CharField(max_length=64, blank=True, editable=False)

    def __str__(self) -> str:
        return f"code {self.pk} ({self.batch.envelope})"


class Participation(models.Model):
    """That someone has voted in an envelope — never which ballot is theirs.

    With `person` it is the register's entry for them (voting.register): online, with a code
    issued to them, or marked at a paper desk, at most one per person per envelope.
    """

    envelope = models.ForeignKey(Envelope, on_delete=models.PROTECT,
                                 related_name="participations")
    channel = models.CharField(max_length=10, choices=VOTING_CHANNELS)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                             blank=True, related_name="participations")
    code = models.OneToOneField(VotingCode, on_delete=models.PROTECT, null=True, blank=True,
                                related_name="participation")
    person = models.CharField(max_length=64, blank=True)
    age_band = models.CharField(max_length=10, blank=True)
    voted_on = models.DateField()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["envelope", "user"], condition=Q(user__isnull=False),
                name="one_online_vote_per_envelope",
            ),
            models.UniqueConstraint(
                fields=["envelope", "person"], condition=~Q(person=""),
                name="one_vote_per_person_per_envelope",
            ),
            models.CheckConstraint(
                condition=Q(user__isnull=False) | Q(code__isnull=False) | ~Q(person=""),
                name="participation_names_a_voter",
            ),
        ]

    def __str__(self) -> str:
        return f"participation in {self.envelope} ({self.channel})"


class PaperBatchQuerySet(models.QuerySet):
    def not_ready(self) -> "PaperBatchQuerySet":
        """Batches whose papers may not be counted yet: still open, waiting for their second
        check, or opened after voting closed and not yet approved."""
        return self.exclude(status=PaperBatch.Status.CLOSED) | self.filter(
            late=True, approved_by__isnull=True)


class PaperBatch(models.Model):
    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CHECKING = "checking", _("Waiting for a second check")
        CLOSED = "closed", _("Closed")

    envelope = models.ForeignKey(Envelope, on_delete=models.PROTECT,
                                 related_name="paper_batches")
    event = models.CharField(_("event"), max_length=200)
    place = models.CharField(_("place"), max_length=200)
    held_on = models.DateField(_("date of the event"))
    declared_count = models.PositiveIntegerField(
        _("number of ballot papers"), validators=[MinValueValidator(1), MaxValueValidator(100000)]
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                  related_name="+")
    closed_at = models.DateTimeField(null=True, blank=True)
    # Two pairs of eyes: one staff member asks to close, one of another partner confirms.
    close_asked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                       null=True, blank=True, related_name="+")
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                  null=True, blank=True, related_name="+")
    # Opened after voting closed: it is not counted until the process admin approves it.
    late = models.BooleanField(default=False)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    null=True, blank=True, related_name="+")

    objects = PaperBatchQuerySet.as_manager()

    class Meta:
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.event}, {self.place} ({self.held_on:%d %b %Y})"


class SealedBallot(models.Model):
    """A ballot in the box, not yet mixed: its receipt and choices sealed (voting.sealing).

    Written in the voter's transaction, so it can be joined to its participation; that is why it
    holds nothing readable and is deleted when it is mixed.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    envelope = models.ForeignKey(Envelope, on_delete=models.PROTECT,
                                 related_name="sealed_ballots")
    channel = models.CharField(max_length=10, choices=Channel.choices)
    batch = models.ForeignKey(PaperBatch, on_delete=models.PROTECT, null=True, blank=True,
                              related_name="sealed_ballots")
    key_id = models.CharField(max_length=16)
    receipt_digest = models.CharField(max_length=64, unique=True)
    sealed = models.BinaryField()

    def __str__(self) -> str:
        return f"sealed ballot in {self.envelope}"


class Ballot(models.Model):
    """A mixed ballot: opened from the box and written in a random order with others."""

    # A random key, so the order of rows says nothing about who voted when.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    envelope = models.ForeignKey(Envelope, on_delete=models.PROTECT, related_name="ballots")
    channel = models.CharField(max_length=10, choices=Channel.choices)
    receipt = models.CharField(max_length=20, unique=True)
    batch = models.ForeignKey(PaperBatch, on_delete=models.PROTECT, null=True, blank=True,
                              related_name="ballots")
    spoilt = models.BooleanField(default=False)
    spoilt_reason = models.CharField(max_length=300, blank=True)
    # A paper entered by mistake (mistyped), voided with a reason: kept, not counted, and not
    # one of the batch's papers. A voided ballot is also `spoilt`, so no count reads it.
    voided = models.BooleanField(default=False)

    class Meta:
        indexes = [models.Index(fields=["envelope", "spoilt"])]

    def __str__(self) -> str:
        return f"ballot {self.receipt}"


class BallotChoice(models.Model):
    """One project on one ballot: 1 for approval and knapsack, the points, or the rank (1 first).

    Keyed by ballot and project, with no sequence of its own that would follow the order of
    writing.
    """

    pk = models.CompositePrimaryKey("ballot", "project")
    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="choices")
    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="choices")
    value = models.PositiveIntegerField(default=1)

    def __str__(self) -> str:
        return f"{self.project_id}={self.value}"


