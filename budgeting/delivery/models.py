
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DeliveryStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    DELIVERED = "delivered", _("Delivered")
    CANCELLED = "cancelled", _("Cancelled")


class DeliveryUpdate(models.Model):
    """A dated note from staff on how a funded project is getting on."""

    project = models.ForeignKey(
        "budgeting.Project", on_delete=models.CASCADE, related_name="updates",
    )
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
