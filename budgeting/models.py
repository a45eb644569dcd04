from datetime import date, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# Each capability keeps its models beside its code; importing them here registers them with
# the app, whose label (and so every table name) stays "budgeting".
from budgeting.council.models import CouncilLook, SitePage
from budgeting.delivery.models import DeliveryStatus, DeliveryUpdate
from budgeting.following.models import Follow, ReminderRequest, ReminderSent
from budgeting.languages.models import LanguagePreference, Translation
from budgeting.money import MAX_AMOUNT, MONEY
from budgeting.postcodes import normalise_postcode
from budgeting.proposals.models import COORDINATE, Category, Proposal, Review
from budgeting.shortlisting.models import (
    DraftProject,
    LeftOut,
    OwnRank,
    Panel,
    PanelMember,
    PanelPair,
)
from budgeting.supports.models import Support

__all__ = [
    "AuditEntry", "Category", "CouncilLook", "DeliveryStatus", "DeliveryUpdate", "DraftProject",
    "Envelope", "Follow", "LanguagePreference", "ReminderRequest", "ReminderSent", "SitePage",
    "LeftOut", "MAX_AMOUNT", "MONEY", "Membership", "OwnRank", "Panel", "PanelMember",
    "PanelPair", "Partner", "Phase", "Process", "Project", "Proposal", "Review", "Spending",
    "Support",
    "Translation",
    "financial_year_of",
]



class Phase(models.TextChoices):
    UPCOMING = "upcoming", _("Not started")
    IDEAS = "ideas", _("Ideas")
    # Only in a round that sets a supports start: proposing has closed, supporting goes on.
    SUPPORTS = "supports", _("Supports")
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
    """A role in one round, held for a partner: a council moderator of one round moderates no
    other. A person may hold roles in several rounds."""

    class Role(models.TextChoices):
        PROCESS_ADMIN = "process_admin", _("Process admin")
        MODERATOR = "moderator", _("Moderator")
        PANEL_MEMBER = "panel_member", _("Panel member")
        DESK_OFFICER = "desk_officer", _("Paper-desk officer")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    process = models.ForeignKey("Process", on_delete=models.CASCADE, related_name="memberships")
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(_("role"), max_length=20, choices=Role.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "process", "partner", "role"],
                                    name="one_role_once_per_round")
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()}, {self.partner} ({self.process})"


# The phases residents may talk in: about proposals while ideas are in, checked and
# shortlisted; about projects while voting.
DISCUSSION_PHASES = ("ideas", "supports", "review", "shortlisting", "voting")


def _every_discussion_phase() -> list[str]:
    return list(DISCUSSION_PHASES)


class Process(models.Model):
    """One PB round. Its phase follows from its dates; each phase runs until the next begins."""

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    area = models.CharField(_("area"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    partners = models.ManyToManyField(Partner, related_name="processes", blank=True)
    ideas_start = models.DateField(_("ideas open"))
    supports_start = models.DateField(
        _("supports phase starts"), null=True, blank=True,
        help_text=_("Optional: from this day proposing closes and residents support the ideas "
                    "in until review starts. Leave empty to take supports while ideas are in."),
    )
    review_start = models.DateField(_("review starts"))
    shortlisting_start = models.DateField(_("shortlisting starts"))
    voting_start = models.DateField(_("voting opens"))
    voting_end = models.DateField(_("voting closes (last day)"))
    currency = models.CharField(
        _("currency"), max_length=3, default="GBP",
        help_text=_("Its ISO 4217 code. Kist's own rounds are in pounds; an imported election "
                    "keeps its file's currency."),
    )
    # The phases in which comments may be posted (a process admin may close any of them).
    comment_phases = models.JSONField(_("comments open in"), default=_every_discussion_phase,
                                      blank=True)
    vote_reminders = models.BooleanField(
        _("residents may ask for vote reminders"), default=True,
        help_text=_("Residents who ask get one email when voting opens and one in its last "
                    "days."))
    # None while the round is a draft, seen only by its staff; set when it is published.
    published_at = models.DateTimeField(_("published"), null=True, blank=True,
                                        default=timezone.now)

    class Meta:
        ordering = ["-voting_end", "title"]
        verbose_name_plural = _("processes")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("process", kwargs={"slug": self.slug})

    @property
    def is_draft(self) -> bool:
        return self.published_at is None

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
        if self.supports_start and all(dates[:2]) and not (
                self.ideas_start < self.supports_start < self.review_start):
            raise ValidationError({"supports_start": _(
                "The supports phase must start after ideas open and before review starts.")})

    def phase_on(self, day: date) -> str:
        if day < self.ideas_start:
            return Phase.UPCOMING
        if day < self.review_start:
            if self.supports_start and day >= self.supports_start:
                return Phase.SUPPORTS
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
        # A draft takes no ideas and no votes whatever its dates: it has not started.
        if self.is_draft:
            return Phase.UPCOMING
        return self.phase_on(timezone.localdate())

    def get_phase_display(self) -> str:
        return Phase(self.phase).label

    @property
    def supports_phase(self) -> str:
        """The phase in which residents support proposals: their own, or the ideas phase."""
        return Phase.SUPPORTS if self.supports_start else Phase.IDEAS

    def timeline(self) -> list[dict]:
        """The phases in order with their dates and whether each is past, current or to come."""
        current = self.phase
        order = [p.value for p in Phase]
        rows = [
            (Phase.IDEAS, self.ideas_start, self.supports_start or self.review_start),
            *([(Phase.SUPPORTS, self.supports_start, self.review_start)]
              if self.supports_start else []),
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


class Ward(models.Model):
    """An electoral ward, as the council's postcode directory names it."""

    code = models.CharField(_("ward code"), max_length=20, unique=True)
    name = models.CharField(_("ward name"), max_length=200)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class PostcodeWard(models.Model):
    """One postcode of the directory (`manage.py import_postcodes`) and the ward it is in."""

    postcode = models.CharField(max_length=10, primary_key=True)  # normalised: no spaces
    ward = models.ForeignKey(Ward, on_delete=models.CASCADE, related_name="postcodes")
    # The postcode's centre, where the directory gives one: it places a proposal typed as a
    # postcode, and the postcodes of an envelope's wards mark out the area it covers.
    latitude = models.DecimalField(**COORDINATE, null=True, blank=True)
    longitude = models.DecimalField(**COORDINATE, null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.postcode} in {self.ward}"


def financial_year_of(day: date) -> str:
    """The UK public-sector financial year a day falls in (1 April to 31 March): '2027/28'."""
    start = day.year if day.month >= 4 else day.year - 1
    return f"{start}/{(start + 1) % 100:02d}"


class Spending(models.TextChoices):
    CAPITAL = "capital", _("Capital")
    REVENUE = "revenue", _("Revenue")
    BOTH = "both", _("Both capital and revenue")


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
    wards = models.ManyToManyField(
        Ward, blank=True, related_name="envelopes", verbose_name=_("wards"),
        help_text=_("With a postcode directory loaded: only residents of these wards vote here. "
                    "It takes the place of the postcode prefixes."),
    )
    minimum_age = models.PositiveSmallIntegerField(
        _("minimum age"), default=0, validators=[MaxValueValidator(120)]
    )
    maximum_age = models.PositiveSmallIntegerField(
        _("maximum age"), null=True, blank=True, validators=[MaxValueValidator(120)],
        help_text=_("Leave empty for no upper limit; a youth pot might say 25."),
    )
    supports_limit = models.PositiveSmallIntegerField(
        _("supports each resident may give"), default=0, validators=[MaxValueValidator(1000)],
        help_text=_("How many of this envelope's ideas a resident may support. 0 takes no "
                    "supports."),
    )

    # For the council's annual PB return (the 1% framework): none of these are ballot rules,
    # so they stay editable after voting starts.
    financial_year = models.CharField(
        _("financial year"), max_length=7, blank=True,
        validators=[RegexValidator(r"^\d{4}/\d{2}$", _("Enter the year like 2027/28."))],
        help_text=_("Like 2027/28. Leave empty for the year voting closes in."),
    )
    spending = models.CharField(_("capital or revenue"), max_length=10,
                                choices=Spending.choices, blank=True)
    fund_source = models.CharField(_("where the money comes from"), max_length=200, blank=True)

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

    def clean(self) -> None:
        if self.maximum_age is not None and self.maximum_age < self.minimum_age:
            raise ValidationError(
                {"maximum_age": _("The maximum age cannot be below the minimum age.")})
        if self.financial_year[:4].isdigit() and self.financial_year[5:].isdigit() and (
                (int(self.financial_year[:4]) + 1) % 100 != int(self.financial_year[5:])):
            raise ValidationError({"financial_year": _(
                "A financial year runs into the next year: enter it like 2027/28.")})

    def reported_year(self) -> str:
        return self.financial_year or financial_year_of(self.process.voting_end)

    def covers_prefix(self, postcode: str) -> bool:
        prefixes = self.prefixes()
        return not prefixes or any(normalise_postcode(postcode).startswith(p) for p in prefixes)











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
















# Invitations and comments refer to the models above, so they are registered last.
from budgeting.comments.models import Comment, CommentFlag  # noqa: E402
from budgeting.pictures.models import Picture  # noqa: E402
from budgeting.team.models import Invitation  # noqa: E402

__all__ += ["Comment", "CommentFlag", "Invitation", "Picture"]
