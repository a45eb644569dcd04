from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from budgeting.money import MAX_AMOUNT, MONEY


class Panel(models.Model):
    """The shortlisting panel of one envelope: members from at least two partners."""

    envelope = models.OneToOneField(
        "budgeting.Envelope", on_delete=models.PROTECT, related_name="panel",
    )
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
    panel = models.ForeignKey("budgeting.Panel", on_delete=models.CASCADE, related_name="members")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="panel_seats"
    )
    partner = models.ForeignKey(
        "budgeting.Partner", on_delete=models.PROTECT, related_name="panel_seats",
    )
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

    member = models.ForeignKey(
        "budgeting.PanelMember", on_delete=models.CASCADE, related_name="ranks",
    )
    proposal = models.ForeignKey(
        "budgeting.Proposal", on_delete=models.CASCADE, related_name="panel_ranks",
    )
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

    panel = models.ForeignKey("budgeting.Panel", on_delete=models.CASCADE, related_name="pairs")
    members = models.ManyToManyField("budgeting.PanelMember", related_name="pairs")
    picks = models.ManyToManyField("budgeting.Proposal", related_name="pair_picks", blank=True)
    reason = models.TextField(_("reason"), max_length=2000, blank=True)
    agreed_by = models.ForeignKey(
        "budgeting.PanelMember", on_delete=models.PROTECT, related_name="+", null=True, blank=True,
    )
    agreed_at = models.DateTimeField(_("agreed at"), null=True, blank=True)

    class Meta:
        ordering = ["panel", "id"]

    def __str__(self) -> str:
        return " & ".join(str(m) for m in self.members.all())


class DraftProject(models.Model):
    """A ballot project being arranged; becomes a `Project` when the shortlist is published."""

    panel = models.ForeignKey("budgeting.Panel", on_delete=models.CASCADE, related_name="drafts")
    title = models.CharField(_("title"), max_length=160)
    summary = models.CharField(_("summary"), max_length=400)
    cost = models.DecimalField(_("final cost"), **MONEY, validators=[
        MinValueValidator(Decimal("0.01")), MaxValueValidator(MAX_AMOUNT)])
    panel_reason = models.TextField(_("why it is on the ballot"), max_length=2000)
    proposals = models.ManyToManyField("budgeting.Proposal", related_name="drafts")
    project = models.OneToOneField(
        "budgeting.Project", on_delete=models.PROTECT, null=True, blank=True, related_name="draft",
    )

    class Meta:
        ordering = ["panel", "id"]

    def __str__(self) -> str:
        return self.title


class LeftOut(models.Model):
    """A proposal the panel does not put on the ballot, with the reason the public sees."""

    panel = models.ForeignKey("budgeting.Panel", on_delete=models.CASCADE, related_name="left_out")
    proposal = models.OneToOneField(
        "budgeting.Proposal", on_delete=models.CASCADE, related_name="left_out",
    )
    reason = models.TextField(_("public reason"), max_length=2000)

    class Meta:
        ordering = ["panel", "id"]

    def __str__(self) -> str:
        return f"Left out: {self.proposal}"
