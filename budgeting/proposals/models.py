from decimal import Decimal
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from budgeting.money import MAX_AMOUNT, MONEY

if TYPE_CHECKING:
    from budgeting.models import Process

# Degrees to six places: about 10 cm, finer than anyone picks a place on a map.
COORDINATE = {"max_digits": 9, "decimal_places": 6}
LATITUDE_RANGE = [MinValueValidator(Decimal(-90)), MaxValueValidator(Decimal(90))]
LONGITUDE_RANGE = [MinValueValidator(Decimal(-180)), MaxValueValidator(Decimal(180))]


class Category(models.TextChoices):
    GREEN_SPACES = "green_spaces", _("Parks and green spaces")
    PLAY_AND_SPORT = "play_and_sport", _("Play, sport and leisure")
    COMMUNITY = "community", _("Community and culture")
    STREETS = "streets", _("Streets and travel")
    HEALTH = "health", _("Health and wellbeing")
    YOUNG_PEOPLE = "young_people", _("Children and young people")
    OLDER_PEOPLE = "older_people", _("Older people")
    OTHER = "other", _("Something else")


class ProposalQuerySet(models.QuerySet):
    def public(self) -> "ProposalQuerySet":
        """Proposals anyone may see: a proposal hidden by a moderator never is, nor one in a
        round still being set up."""
        return self.filter(hidden_at__isnull=True,
                           envelope__process__published_at__isnull=False)

    def hidden(self) -> "ProposalQuerySet":
        return self.filter(hidden_at__isnull=False)


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

    envelope = models.ForeignKey(
        "budgeting.Envelope", on_delete=models.PROTECT, related_name="proposals",
    )
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
    # Where it is on a map, if the proposer gave a point or a postcode; the text above stays
    # the description people read.
    latitude = models.DecimalField(_("latitude"), **COORDINATE, null=True, blank=True,
                                   validators=LATITUDE_RANGE)
    longitude = models.DecimalField(_("longitude"), **COORDINATE, null=True, blank=True,
                                    validators=LONGITUDE_RANGE)
    # The name the proposer chose to show with their idea; empty shows "a resident".
    shown_as = models.CharField(_("name shown"), max_length=80, blank=True)
    # The proposer follows their idea unless they said stop (others follow with a Follow).
    author_follows = models.BooleanField(_("proposer hears of changes"), default=True)
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

    objects = ProposalQuerySet.as_manager()

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
    def process(self) -> "Process":
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

    proposal = models.ForeignKey(
        "budgeting.Proposal", on_delete=models.CASCADE, related_name="reviews",
    )
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
