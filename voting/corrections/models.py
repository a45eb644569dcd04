from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from budgeting.models import Envelope, Process


class Correction(models.Model):
    """A change made, with a reason, to something voting had frozen: shown on the public results
    page beside what it changed."""

    process = models.ForeignKey(Process, on_delete=models.PROTECT, related_name="corrections")
    envelope = models.ForeignKey(Envelope, on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="corrections")
    what = models.CharField(_("what was corrected"), max_length=300)
    before = models.TextField(_("before"))
    after = models.TextField(_("after"))
    reason = models.TextField(_("reason"))
    made_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                related_name="+")
    made_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        app_label = "voting"
        ordering = ["made_at", "id"]

    def __str__(self) -> str:
        return self.what
