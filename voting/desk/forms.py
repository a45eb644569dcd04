from django.utils.translation import gettext_lazy as _

from voting.casting.forms import PersonForm


class DeskForm(PersonForm):
    """The resident at the desk, as staff ask them: the same answers the register keys on."""

    LABELS = {"full_name": _("Their full name"), "date_of_birth": _("Their date of birth"),
              "postcode": _("Their postcode")}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, label in self.LABELS.items():
            self.fields[name].label = label
        self.fields["full_name"].help_text = _("As they say it. Spelling and capitals do not "
                                               "matter.")
        self.fields["postcode"].help_text = _("Where they live, for example RV1 2AB.")
        for field in self.fields.values():
            field.widget.attrs["autocomplete"] = "off"
