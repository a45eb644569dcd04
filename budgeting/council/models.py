"""The council's own look (name, logo, colours, footer links) and its own words on the site's
standing pages (privacy, accessibility, cookies, contact)."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

DEFAULT_HEADER = "#083a66"
DEFAULT_LINK = "#0b4f8a"


class CouncilLook(models.Model):
    """One row (pk 1) for the whole site; its absence means Kist's own look."""

    council_name = models.CharField(_("council's name"), max_length=200, blank=True)
    service_name = models.CharField(_("name of the service"), max_length=100, blank=True)
    header_colour = models.CharField(_("header colour"), max_length=7, default=DEFAULT_HEADER)
    link_colour = models.CharField(_("link colour"), max_length=7, default=DEFAULT_LINK)
    # A PNG Kist re-encoded itself (no metadata, capped size): small enough to live here.
    logo = models.BinaryField(_("logo"), blank=True, default=b"", editable=False)
    footer_links = models.TextField(_("footer links"), blank=True)
    updated_at = models.DateTimeField(_("changed"), default=timezone.now)

    def __str__(self) -> str:
        return self.council_name or "Kist"

    def links(self) -> list[tuple[str, str]]:
        out = []
        for line in self.footer_links.splitlines():
            text, _bar, url = line.partition("|")
            if text.strip() and url.strip():
                out.append((text.strip(), url.strip()))
        return out


class SitePage(models.Model):
    class Key(models.TextChoices):
        PRIVACY = "privacy", _("Privacy notice")
        ACCESSIBILITY = "accessibility", _("Accessibility statement")
        COOKIES = "cookies", _("Cookies")
        CONTACT = "contact", _("Contact")

    key = models.CharField(max_length=20, choices=Key.choices, unique=True)
    body = models.TextField(_("text"), blank=True)
    updated_at = models.DateTimeField(_("changed"), default=timezone.now)

    def __str__(self) -> str:
        return str(self.get_key_display())
