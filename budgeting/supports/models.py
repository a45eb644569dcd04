"""A resident's support for a proposal: a show of hands before review, never a cut."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class Support(models.Model):
    proposal = models.ForeignKey("budgeting.Proposal", on_delete=models.CASCADE,
                                 related_name="supports")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                             related_name="supports")
    # Who the supporter is as the register knows people (their declaration's keyed hash), so
    # that a second account of the same person cannot support the same idea again.
    person = models.CharField(max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(_("supported at"), auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "proposal"], name="one_support_per_account"),
            models.UniqueConstraint(fields=["person", "proposal"], condition=~Q(person=""),
                                    name="one_support_per_person"),
        ]

    def __str__(self) -> str:
        return f"{self.user} supports {self.proposal}"
