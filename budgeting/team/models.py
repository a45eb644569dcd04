from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from budgeting.models import Membership, Partner, Process


class Invitation(models.Model):
    """An invitation to hold a role in one round for a partner, sent by email as a single-use,
    expiring link. Only the link's digest is kept: the database cannot be used to accept it."""

    process = models.ForeignKey(Process, on_delete=models.CASCADE, related_name="invitations")
    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="invitations")
    role = models.CharField(_("role"), max_length=20, choices=Membership.Role.choices)
    email = models.EmailField(_("email address"))
    digest = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                   related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    null=True, blank=True, related_name="+")
    withdrawn_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        app_label = "budgeting"
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.email}: {self.get_role_display()}, {self.partner} ({self.process})"
