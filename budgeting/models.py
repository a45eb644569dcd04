from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Costs and budgets are exact: pounds and pence in a Decimal, never a float.
MONEY = {"max_digits": 12, "decimal_places": 2}
MAX_AMOUNT = Decimal("1000000000.00")


class Phase(models.TextChoices):
    UPCOMING = "upcoming", _("Not started")
    IDEAS = "ideas", _("Ideas")
    REVIEW = "review", _("Review")
    SHORTLISTING = "shortlisting", _("Shortlisting")
    VOTING = "voting", _("Voting")
    RESULTS = "results", _("Results")


class Partner(models.Model):
    class Kind(models.TextChoices):
        COUNCIL = "council", _("Council")
        THIRD_SECTOR = "third_sector", _("Third sector")
        COMMUNITY = "community", _("Community group")

    name = models.CharField(_("name"), max_length=200, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    website = models.URLField(_("website"), blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    class Role(models.TextChoices):
        PROCESS_ADMIN = "process_admin", _("Process admin")
        MODERATOR = "moderator", _("Moderator")
        PANEL_MEMBER = "panel_member", _("Panel member")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "partner", "role"], name="one_role_once")
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()}, {self.partner}"


class Process(models.Model):
    """One PB round. Its phase follows from its dates; each phase runs until the next begins."""

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    area = models.CharField(_("area"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    partners = models.ManyToManyField(Partner, related_name="processes", blank=True)
    ideas_start = models.DateField(_("ideas open"))
    review_start = models.DateField(_("review starts"))
    shortlisting_start = models.DateField(_("shortlisting starts"))
    voting_start = models.DateField(_("voting opens"))
    voting_end = models.DateField(_("voting closes (last day)"))
    currency = models.CharField(
        _("currency"), max_length=3, default="GBP",
        help_text=_("Its ISO 4217 code. Kist's own rounds are in pounds; an imported election "
                    "keeps its file's currency."),
    )

    class Meta:
        ordering = ["-voting_end", "title"]
        verbose_name_plural = _("processes")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("process", kwargs={"slug": self.slug})

    def clean(self) -> None:
        dates = [
            self.ideas_start,
            self.review_start,
            self.shortlisting_start,
            self.voting_start,
            self.voting_end,
        ]
        if all(dates) and any(a > b for a, b in zip(dates, dates[1:], strict=False)):
            raise ValidationError(
                _("Phase dates must run in order: ideas, review, shortlisting, voting opens, "
                  "voting closes.")
            )

    def phase_on(self, day: date) -> str:
        if day < self.ideas_start:
            return Phase.UPCOMING
        if day < self.review_start:
            return Phase.IDEAS
        if day < self.shortlisting_start:
            return Phase.REVIEW
        if day < self.voting_start:
            return Phase.SHORTLISTING
        if day <= self.voting_end:
            return Phase.VOTING
        return Phase.RESULTS

    @property
    def phase(self) -> str:
        return self.phase_on(timezone.localdate())

    def get_phase_display(self) -> str:
        return Phase(self.phase).label

    def timeline(self) -> list[dict]:
        """The phases in order with their dates and whether each is past, current or to come."""
        current = self.phase
        order = [p.value for p in Phase]
        rows = [
            (Phase.IDEAS, self.ideas_start, self.review_start),
            (Phase.REVIEW, self.review_start, self.shortlisting_start),
            (Phase.SHORTLISTING, self.shortlisting_start, self.voting_start),
            (Phase.VOTING, self.voting_start, self.voting_end),
            (Phase.RESULTS, self.voting_end, None),
        ]
        timeline = []
        for phase, start, end in rows:
            if phase == Phase.VOTING:
                last_day = end
            elif end is not None:
                last_day = end - timedelta(days=1)
            else:
                last_day = None
            first_day = start + timedelta(days=1) if phase == Phase.RESULTS else start
            state = (
                "current"
                if phase == current
                else "past"
                if order.index(phase) < order.index(current)
                else "future"
            )
            timeline.append(
                {"phase": phase, "label": phase.label, "start": first_day, "end": last_day,
                 "state": state}
            )
        return timeline


class Envelope(models.Model):
    """A pot of money inside a process; a ballot is always cast within one envelope."""

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="envelopes")
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    amount = models.DecimalField(
        _("amount"),
        **MONEY,
        validators=[MinValueValidator(Decimal("1.00")), MaxValueValidator(MAX_AMOUNT)],
    )
    postcode_prefixes = models.CharField(
        _("postcode prefixes"),
        max_length=500,
        blank=True,
        help_text=_("Separate with commas, e.g. 'RV1, RV2 4'. Leave empty for anyone."),
    )
    minimum_age = models.PositiveSmallIntegerField(
        _("minimum age"), default=0, validators=[MaxValueValidator(120)]
    )

    class Meta:
        ordering = ["process", "name"]
        constraints = [
            models.UniqueConstraint(fields=["process", "name"], name="envelope_name_per_process")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.process})"

    def prefixes(self) -> list[str]:
        return [
            normalise_postcode(p) for p in self.postcode_prefixes.split(",") if p.strip()
        ]

    def covers_postcode(self, postcode: str) -> bool:
        prefixes = self.prefixes()
        return not prefixes or any(normalise_postcode(postcode).startswith(p) for p in prefixes)


def normalise_postcode(value: str) -> str:
    return "".join(value.split()).upper()


class Category(models.TextChoices):
    GREEN_SPACES = "green_spaces", _("Parks and green spaces")
    PLAY_AND_SPORT = "play_and_sport", _("Play, sport and leisure")
    COMMUNITY = "community", _("Community and culture")
    STREETS = "streets", _("Streets and travel")
    HEALTH = "health", _("Health and wellbeing")
    YOUNG_PEOPLE = "young_people", _("Children and young people")
    OLDER_PEOPLE = "older_people", _("Older people")
    OTHER = "other", _("Something else")


class Proposal(models.Model):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        UNDER_REVIEW = "under_review", _("Under review")
        NEEDS_INFORMATION = "needs_information", _("Needs more information")
        FEASIBLE = "feasible", _("Feasible")
        NOT_FEASIBLE = "not_feasible", _("Not feasible")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        SHORTLISTED = "shortlisted", _("On the ballot")
        NOT_SHORTLISTED = "not_shortlisted", _("Not on the ballot")

    envelope = models.ForeignKey(Envelope, on_delete=models.PROTECT, related_name="proposals")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="proposals"
    )
    title = models.CharField(_("title"), max_length=120)
    summary = models.CharField(_("summary"), max_length=300)
    description = models.TextField(_("description"), max_length=5000)
    estimated_cost = models.DecimalField(
        _("estimated cost"),
        **MONEY,
        validators=[MinValueValidator(Decimal("1.00")), MaxValueValidator(MAX_AMOUNT)],
    )
    category = models.CharField(_("category"), max_length=30, choices=Category.choices)
    location = models.CharField(_("location"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.SUBMITTED
    )
    # The latest review's outcome, kept here so lists can filter and show it without a join.
    reviewed_cost = models.DecimalField(_("reviewed cost"), **MONEY, null=True, blank=True)
    public_reason = models.TextField(_("public reason"), blank=True)
    # Hiding is orthogonal to the review status, so a restored proposal gets its status back.
    hidden_at = models.DateTimeField(_("hidden at"), null=True, blank=True)
    hidden_reason = models.TextField(_("reason for hiding"), blank=True)
    created_at = models.DateTimeField(_("submitted at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["envelope", "status"])]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse(
            "proposal", kwargs={"slug": self.envelope.process.slug, "pk": self.pk}
        )

    @property
    def process(self) -> Process:
        return self.envelope.process

    @property
    def is_hidden(self) -> bool:
        return self.hidden_at is not None

    @property
    def cost(self) -> Decimal:
        return self.reviewed_cost if self.reviewed_cost is not None else self.estimated_cost

    @property
    def reference(self) -> str:
        return f"P-{self.pk:05d}"


class Review(models.Model):
    class Decision(models.TextChoices):
        FEASIBLE = "feasible", _("Feasible")
        NOT_FEASIBLE = "not_feasible", _("Not feasible")
        NEEDS_INFORMATION = "needs_information", _("Needs more information")

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="reviews")
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="reviews"
    )
    decision = models.CharField(_("decision"), max_length=20, choices=Decision.choices)
    revised_cost = models.DecimalField(_("revised cost"), **MONEY, null=True, blank=True)
    public_reason = models.TextField(_("public reason"), max_length=2000)
    private_note = models.TextField(_("private note"), max_length=2000, blank=True)
    created_at = models.DateTimeField(_("reviewed at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_decision_display()}: {self.proposal}"


class DeliveryStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    DELIVERED = "delivered", _("Delivered")
    CANCELLED = "cancelled", _("Cancelled")


class Project(models.Model):
    """An option on the ballot, made from one or more proposals, with its final cost."""

    envelope = models.ForeignKey(Envelope, on_delete=models.PROTECT, related_name="projects")
    title = models.CharField(_("title"), max_length=160)
    summary = models.CharField(_("summary"), max_length=400)
    description = models.TextField(_("description"), blank=True)
    cost = models.DecimalField(
        _("cost"), **MONEY, validators=[MinValueValidator(Decimal("0.01"))]
    )
    proposals = models.ManyToManyField(Proposal, related_name="projects", blank=True)
    panel_reason = models.TextField(_("why it is on the ballot"), blank=True)
    position = models.PositiveIntegerField(_("position on the ballot"), default=0)
    # The project's id in the Pabulib file it was imported from, kept so that a re-count
    # breaks ties (which fall back on project ids) exactly as the original file does.
    reference = models.CharField(_("reference in the imported file"), max_length=60,
                                 blank=True)
    # Set when a published count funds the project; funded projects are the delivery list.
    funded_at = models.DateTimeField(_("funded at"), null=True, blank=True)
    delivery_status = models.CharField(
        _("delivery"), max_length=20, choices=DeliveryStatus.choices,
        default=DeliveryStatus.NOT_STARTED,
    )

    class Meta:
        ordering = ["envelope", "position", "title", "id"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("project", kwargs={"slug": self.envelope.process.slug, "pk": self.pk})

    @property
    def code(self) -> str:
        """The identifier the count and the .pb files use."""
        return self.reference or str(self.pk)

    @property
    def is_funded(self) -> bool:
        return self.funded_at is not None


class DeliveryUpdate(models.Model):
    """A dated note from staff on how a funded project is getting on."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="updates")
    status = models.CharField(_("status"), max_length=20, choices=DeliveryStatus.choices)
    on = models.DateField(_("date"))
    text = models.TextField(_("update"), max_length=4000)
    reason = models.TextField(_("why it was cancelled"), max_length=2000, blank=True)
    posted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                  related_name="+")
    posted_at = models.DateTimeField(_("posted at"), auto_now_add=True)

    class Meta:
        ordering = ["-on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_status_display()}: {self.project} ({self.on:%d %b %Y})"


class AuditQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise TypeError("The audit log is append-only.")

    def delete(self):
        raise TypeError("The audit log is append-only.")


class AuditEntry(models.Model):
    """Append-only record of a staff action: who did what, when, to what, before and after."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="audit_entries",
        null=True, blank=True,
    )
    process = models.ForeignKey(
        Process, on_delete=models.PROTECT, related_name="audit_entries", null=True, blank=True
    )
    action = models.CharField(_("action"), max_length=60)
    target_type = models.CharField(_("target type"), max_length=60)
    target_id = models.CharField(_("target id"), max_length=60)
    target_label = models.CharField(_("target"), max_length=300)
    before = models.JSONField(_("before"), default=dict, blank=True)
    after = models.JSONField(_("after"), default=dict, blank=True)
    created_at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = _("audit entries")

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor} {self.action} {self.target_label}"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise TypeError("The audit log is append-only.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("The audit log is append-only.")


# Shortlisting (OPERA: Own, Pair, Explain, Rank, Arrange), then sign-off as equals.


class Panel(models.Model):
    """The shortlisting panel of one envelope: members from at least two partners."""

    envelope = models.OneToOneField(Envelope, on_delete=models.PROTECT, related_name="panel")
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="facilitated_panels"
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_at = models.DateTimeField(_("set up at"), auto_now_add=True)

    def __str__(self) -> str:
        return f"Shortlisting panel, {self.envelope}"

    @property
    def is_published(self) -> bool:
        return self.published_at is not None


class PanelMember(models.Model):
    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="panel_seats"
    )
    partner = models.ForeignKey(Partner, on_delete=models.PROTECT, related_name="panel_seats")
    # When the member handed in their own ranking (Own); until then others' views stay hidden.
    submitted_at = models.DateTimeField(_("own ranking submitted at"), null=True, blank=True)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)

    class Meta:
        ordering = ["partner__name", "user__first_name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["panel", "user"], name="one_seat_per_panel")
        ]

    def __str__(self) -> str:
        return f"{self.user.first_name or self.user.email} ({self.partner})"


class OwnRank(models.Model):
    """One member's own place for one proposal (1 = best), with an optional private note."""

    member = models.ForeignKey(PanelMember, on_delete=models.CASCADE, related_name="ranks")
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="panel_ranks")
    position = models.PositiveIntegerField(_("place"))
    note = models.TextField(_("note"), max_length=1000, blank=True)

    class Meta:
        ordering = ["member", "position"]
        constraints = [
            models.UniqueConstraint(fields=["member", "proposal"], name="rank_proposal_once"),
            models.UniqueConstraint(fields=["member", "position"], name="rank_place_once"),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.proposal}"


class PanelPair(models.Model):
    """Two (or, with an odd number of members, three) members who agree their top picks."""

    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="pairs")
    members = models.ManyToManyField(PanelMember, related_name="pairs")
    picks = models.ManyToManyField(Proposal, related_name="pair_picks", blank=True)
    reason = models.TextField(_("reason"), max_length=2000, blank=True)
    agreed_by = models.ForeignKey(
        PanelMember, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    agreed_at = models.DateTimeField(_("agreed at"), null=True, blank=True)

    class Meta:
        ordering = ["panel", "id"]

    def __str__(self) -> str:
        return " & ".join(str(m) for m in self.members.all())


class DraftProject(models.Model):
    """A ballot project being arranged; becomes a `Project` when the shortlist is published."""

    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="drafts")
    title = models.CharField(_("title"), max_length=160)
    summary = models.CharField(_("summary"), max_length=400)
    cost = models.DecimalField(_("final cost"), **MONEY, validators=[
        MinValueValidator(Decimal("0.01")), MaxValueValidator(MAX_AMOUNT)])
    panel_reason = models.TextField(_("why it is on the ballot"), max_length=2000)
    proposals = models.ManyToManyField(Proposal, related_name="drafts")
    project = models.OneToOneField(
        Project, on_delete=models.PROTECT, null=True, blank=True, related_name="draft"
    )

    class Meta:
        ordering = ["panel", "id"]

    def __str__(self) -> str:
        return self.title


class LeftOut(models.Model):
    """A proposal the panel does not put on the ballot, with the reason the public sees."""

    panel = models.ForeignKey(Panel, on_delete=models.CASCADE, related_name="left_out")
    proposal = models.OneToOneField(Proposal, on_delete=models.CASCADE, related_name="left_out")
    reason = models.TextField(_("public reason"), max_length=2000)

    class Meta:
        ordering = ["panel", "id"]

    def __str__(self) -> str:
        return f"Left out: {self.proposal}"
