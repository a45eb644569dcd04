"""Pictures of a proposal (added by its proposer) or of a ballot project (added by staff)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

ALT_LENGTH = 250
# Stored under a random name only: an uploaded file's name can say who took it, and where.
FOLDER = "pictures"


class Picture(models.Model):
    proposal = models.ForeignKey("budgeting.Proposal", on_delete=models.CASCADE, null=True,
                                 blank=True, related_name="pictures")
    project = models.ForeignKey("budgeting.Project", on_delete=models.CASCADE, null=True,
                                blank=True, related_name="pictures")
    # Empty once a moderator removed the picture: the file is deleted, the reason stays.
    image = models.FileField(_("picture"), max_length=200, blank=True)
    alt = models.CharField(_("description of the picture"), max_length=ALT_LENGTH)
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL,
                                 null=True, blank=True, related_name="pictures")
    created_at = models.DateTimeField(_("added at"), auto_now_add=True)
    removed_at = models.DateTimeField(_("removed at"), null=True, blank=True)
    removed_reason = models.TextField(_("reason for removing"), blank=True)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(proposal__isnull=False, project__isnull=True)
                           | Q(proposal__isnull=True, project__isnull=False)),
                name="picture_of_one_proposal_or_project"),
        ]

    def __str__(self) -> str:
        # What the audit log names: never the file's address.
        return f"Picture {self.pk} of {self.proposal or self.project}"

    @property
    def target(self):
        return self.proposal if self.proposal_id else self.project

    @property
    def is_removed(self) -> bool:
        return self.removed_at is not None

    @property
    def anchor(self) -> str:
        return f"picture-{self.pk}"
