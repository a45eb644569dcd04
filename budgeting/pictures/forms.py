from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from budgeting.forms import KistForm
from budgeting.pictures import services
from budgeting.pictures.images import Reencoded
from budgeting.pictures.models import ALT_LENGTH


class PictureForm(KistForm):
    image = forms.FileField(
        label=_("Picture"),
        help_text=_("A JPEG, PNG or WebP picture, up to 8 MB. Kist removes the details a camera "
                    "or phone stores in it (such as where it was taken) and shows it at most "
                    "1,600 pixels wide."),
        error_messages={"required": _("Choose a picture to upload."),
                        "empty": _("The file you chose is empty: choose another.")},
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    alt = forms.CharField(
        label=_("Describe the picture"), max_length=ALT_LENGTH,
        help_text=_("What it shows, in a sentence, for people who cannot see it. For example: "
                    "the bench by the bridge, with its broken slats."),
        error_messages={"required": _("Describe the picture for people who cannot see it."),
                        "max_length": _("The description must be 250 characters or fewer.")},
    )

    def clean_image(self) -> Reencoded:
        upload = self.cleaned_data["image"]
        if upload.size > services.MAX_BYTES:
            raise ValidationError(_("The picture must be 8 MB or smaller."))
        return services.prepare(upload.read())

    def clean_alt(self) -> str:
        try:
            return services.check_alt(self.cleaned_data["alt"])
        except ValidationError as refused:
            raise ValidationError(refused.messages) from None


class RemoveForm(KistForm):
    reason = forms.CharField(
        label=_("Reason"), max_length=500, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Shown in the picture's place for everyone to read, and kept in the audit "
                    "log. Say which rule it breaks, without describing what it showed."),
        error_messages={"required": _("Enter a reason."),
                        "max_length": _("The reason must be 500 characters or fewer.")},
    )
