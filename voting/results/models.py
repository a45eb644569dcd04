"""A frozen count of an envelope, and the job that makes one in the background."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from budgeting.models import Envelope


class TallyQuerySet(models.QuerySet):
    def published(self) -> "TallyQuerySet":
        """The counts anyone may see: a count not yet published is nobody's business."""
        return self.filter(is_published=True)


class Tally(models.Model):
    """The count of one envelope under one rule, frozen with everything needed to repeat it.

    `ballot_file` is the canonical anonymised `.pb` text that was counted; `digest` is its
    SHA-256. Counting the same ballots again gives the same file, digest and outcome. Only a
    published tally is public, and at most one per envelope is published at a time.
    """

    envelope = models.ForeignKey(Envelope, on_delete=models.PROTECT, related_name="tallies")
    number = models.PositiveIntegerField(_("count number"))
    rule = models.CharField(_("rule"), max_length=20)
    options = models.JSONField(_("options"), default=dict)
    # Pence per unit of money in the ballot file and the outcome: 100 when every cost and the
    # budget are whole pounds (the file then reads in pounds), 1 otherwise.
    unit = models.PositiveIntegerField(default=100)
    ballots = models.PositiveIntegerField(_("ballots counted"))
    ballots_by_channel = models.JSONField(_("ballots by channel"), default=dict)
    turnout = models.JSONField(_("turnout"), default=dict)
    digest = models.CharField(_("SHA-256 of the ballot file"), max_length=64)
    ballot_file = models.TextField(_("anonymised ballot file (.pb)"))
    outcome = models.JSONField(_("outcome"))
    alternatives = models.JSONField(_("other rules' outcomes"), default=dict)
    # Ballots that break the file's own limits (only imported ones can): counted as cast.
    problems = models.JSONField(_("ballots breaking the file's limits"), default=list)
    counted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   null=True, blank=True, related_name="+")
    counted_at = models.DateTimeField(_("counted at"))
    is_published = models.BooleanField(_("published"), default=False)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     null=True, blank=True, related_name="+")

    objects = TallyQuerySet.as_manager()

    class Meta:
        ordering = ["envelope", "-number"]
        verbose_name_plural = _("tallies")
        constraints = [
            models.UniqueConstraint(fields=["envelope", "number"], name="tally_number_once"),
            models.UniqueConstraint(fields=["envelope"], condition=Q(is_published=True),
                                    name="one_published_tally_per_envelope"),
        ]

    def __str__(self) -> str:
        return f"Count {self.number} of {self.envelope}"

    @property
    def selected(self) -> list[str]:
        return list(self.outcome.get("selected", []))


class CountJob(models.Model):
    """One request to count an envelope, carried out by a background worker.

    At most one job per envelope is queued or running (a constraint), so a count asked for
    twice runs once. A running job beats a heartbeat; one whose worker stopped beating is
    failed by the next look at the envelope, which can then be counted again.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Counting")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    ACTIVE = (Status.QUEUED, Status.RUNNING)

    envelope = models.ForeignKey("budgeting.Envelope", on_delete=models.CASCADE,
                                 related_name="count_jobs")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices,
                              default=Status.QUEUED)
    step = models.CharField(_("what it is doing"), max_length=200, blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     related_name="+")
    requested_at = models.DateTimeField(_("asked for at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    tally = models.ForeignKey(Tally, on_delete=models.PROTECT, null=True, blank=True,
                              related_name="+")
    made_new = models.BooleanField(_("made a new count"), default=False)
    reason = models.TextField(_("why it failed"), blank=True)

    class Meta:
        ordering = ["envelope", "-requested_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["envelope"], condition=Q(status__in=["queued",
                                                                                "running"]),
                                    name="one_active_count_per_envelope"),
        ]

    def __str__(self) -> str:
        return f"Count of {self.envelope} ({self.get_status_display()})"

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE
