from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from budgeting.council.colours import FOOTER_GREY, HEX, TEXT_CONTRAST, WHITE, contrast
from budgeting.council.models import CouncilLook
from budgeting.forms import KistForm, KistModelForm
from budgeting.languages.words import other_languages
from budgeting.pictures.images import Refusals, reencode

LOGO_BYTES = 1024 * 1024
LOGO_PIXELS = 4000 * 4000  # refuses a decompression bomb before it is decoded
LOGO_BOX = (480, 160)
MAX_LINKS = 8


class LookForm(KistModelForm):
    logo_file = forms.FileField(
        label=_("Logo (optional)"), required=False,
        help_text=_("PNG, JPEG or WebP, up to 1 MB. It is shown at most 160 pixels high; "
                    "a version with light or white artwork suits the dark header."))
    remove_logo = forms.BooleanField(label=_("Remove the logo"), required=False)

    class Meta:
        model = CouncilLook
        fields = ["council_name", "service_name", "header_colour", "link_colour",
                  "footer_links"]
        labels = {"council_name": _("Council's name"),
                  "service_name": _("Name of the service (optional)"),
                  "header_colour": _("Header colour"), "link_colour": _("Link colour"),
                  "footer_links": _("Footer links (optional)")}
        help_texts = {
            "council_name": _("For example, Riverside Council. Shown in the header and on "
                              "the standing pages."),
            "service_name": _("For example, Riverside Community Choices. Leave empty to "
                              "keep the current name."),
            "header_colour": _("A hex colour like #083a66. White text must be readable on "
                               "it (a contrast of at least 4.5 to 1)."),
            "link_colour": _("A hex colour like #0b4f8a, readable on white and on the pale "
                             "grey footer."),
            "footer_links": _("One link a line: the words, a bar, then the address. For "
                              "example: Council website | https://www.riverside.gov.uk"),
        }
        widgets = {"footer_links": forms.Textarea(attrs={"rows": 4}),
                   "header_colour": forms.TextInput(attrs={"class": "input--short"}),
                   "link_colour": forms.TextInput(attrs={"class": "input--short"})}
        error_messages = {"council_name": {"required": _("Enter the council's name.")}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["council_name"].required = True

    def _colour(self, name: str, against: list[str]) -> str:
        colour = self.cleaned_data[name].strip().lower()
        if not HEX.match(colour):
            raise ValidationError(_("Enter the colour as # and six hex digits, like #0b4f8a."))
        worst = min(contrast(colour, other) for other in against)
        if worst < TEXT_CONTRAST:
            raise ValidationError(
                _("Text would be hard to read: the contrast is %(ratio).1f to 1 and must be "
                  "at least 4.5 to 1. Choose a darker colour.") % {"ratio": worst})
        return colour

    def clean_header_colour(self) -> str:
        return self._colour("header_colour", [WHITE])

    def clean_link_colour(self) -> str:
        return self._colour("link_colour", [WHITE, FOOTER_GREY])

    def clean_footer_links(self) -> str:
        lines = [line.strip() for line in self.cleaned_data["footer_links"].splitlines()
                 if line.strip()]
        if len(lines) > MAX_LINKS:
            raise ValidationError(_("Give at most %(n)d footer links.") % {"n": MAX_LINKS})
        check = URLValidator(schemes=["https", "http"])
        for number, line in enumerate(lines, start=1):
            text, bar, url = line.partition("|")
            if not bar or not text.strip() or not url.strip():
                raise ValidationError(_("Line %(n)d needs the words, a bar (|), then the "
                                        "address.") % {"n": number})
            try:
                check(url.strip())
            except ValidationError:
                raise ValidationError(_("Line %(n)d: the address must start with https:// "
                                        "or http://.") % {"n": number}) from None
        return "\n".join(lines)

    def clean_logo_file(self) -> bytes | None:
        upload = self.cleaned_data.get("logo_file")
        if not upload:
            return None
        if upload.size > LOGO_BYTES:
            raise ValidationError(_("The logo must be 1 MB or smaller."))
        return logo_as_png(upload.read())


def logo_as_png(data: bytes) -> bytes:
    """The logo decoded and saved again as a PNG: no metadata, at most LOGO_BOX in size."""
    return reencode(data, max_pixels=LOGO_PIXELS, box=LOGO_BOX, out_format="PNG",
                    refusals=Refusals(
                        not_a_picture=_("The logo must be a PNG, JPEG or WebP picture."),
                        too_many_pixels=_("The logo is too large: at most 4000 by 4000 "
                                          "pixels."))).data


class PageForm(KistForm):
    body = forms.CharField(
        label=_("Text"), required=False, max_length=20000,
        widget=forms.Textarea(attrs={"rows": 18}),
        help_text=_("Leave a blank line between paragraphs. Start a line with ## for a "
                    "heading, and with - for a list. Addresses become links. Empty puts "
                    "back the default text."))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for code, name in other_languages():
            self.fields[f"body_{code}"] = forms.CharField(
                label=_("Text in %(language)s (optional)") % {"language": name},
                required=False, max_length=20000, widget=forms.Textarea(attrs={"rows": 12}),
                help_text=_("Where this is empty, readers in %(language)s see the text above.")
                % {"language": name})

    def translations(self) -> dict[str, str]:
        return {code: self.cleaned_data.get(f"body_{code}", "") for code, _n in other_languages()}
