"""Who hears about what: residents following proposals, and residents who asked to be
reminded to vote. Every email these send carries a link that undoes them in one click."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Follow(models.Model):
    proposal = models.ForeignKey("budgeting.Proposal", on_delete=models.CASCADE,
                                 related_name="follows")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="follows")
    created_at = models.DateTimeField(_("followed since"), auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "proposal"],
                                               name="one_follow_per_proposal")]

    def __str__(self) -> str:
        return f"{self.user} follows {self.proposal}"


class ReminderRequest(models.Model):
    """A resident asked to be reminded when voting opens and before it closes."""

    process = models.ForeignKey("budgeting.Process", on_delete=models.CASCADE,
                                related_name="reminder_requests")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="reminder_requests")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "process"],
                                               name="one_reminder_request_per_round")]

    def __str__(self) -> str:
        return f"{self.user} wants reminders of {self.process}"


class ReminderSent(models.Model):
    """A round's reminder went out: the row is written before the emails are queued, so each
    reminder goes once however many workers look."""

    class Kind(models.TextChoices):
        OPENS = "opens", _("Voting is open")
        CLOSING = "closing", _("Voting closes soon")

    process = models.ForeignKey("budgeting.Process", on_delete=models.CASCADE,
                                related_name="reminders_sent")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    sent_at = models.DateTimeField(auto_now_add=True)
    recipients = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["process", "kind"],
                                               name="each_reminder_once")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.process}"
