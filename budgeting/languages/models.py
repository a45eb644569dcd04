from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class LanguagePreference(models.Model):
    """The language someone last chose, so that letters reach them in it."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="language_preference")
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)

    class Meta:
        app_label = "budgeting"

    def __str__(self) -> str:
        return f"{self.user_id}: {self.language}"


class Translation(models.Model):
    """A round's own words in another language: one field of one object (a round, a budget, a
    project, a standing page). The English stays the record, so exports, ballot files, the
    count's digest and the audit never depend on the reader's language; this is what a reader
    in `language` sees instead, where it exists."""

    content_type = models.ForeignKey("contenttypes.ContentType", on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    field = models.CharField(max_length=40)
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    text = models.TextField(_("text"))
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        app_label = "budgeting"
        constraints = [models.UniqueConstraint(
            fields=["content_type", "object_id", "field", "language"],
            name="one_translation_per_field_and_language")]
        indexes = [models.Index(fields=["content_type", "object_id", "language"])]

    def __str__(self) -> str:
        return f"{self.content_type.model} {self.object_id} {self.field} [{self.language}]"
