"""Who may vote in an envelope: where they live and how old they are.

Where the council has loaded its postcode directory (`manage.py import_postcodes`), a postcode
must be in it, and an envelope limited to wards takes only their residents; otherwise the
envelope's postcode prefixes decide, as they are typed. Ages are a range: a minimum and,
where set, a maximum. The online declaration and the paper desk ask the same questions here.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from budgeting.models import Envelope, PostcodeWard, Ward
from budgeting.postcodes import normalise_postcode


def directory_loaded() -> bool:
    return PostcodeWard.objects.exists()


def ward_of(postcode: str) -> Ward | None:
    found = (PostcodeWard.objects.select_related("ward")
             .filter(postcode=normalise_postcode(postcode)).first())
    return found.ward if found else None


def check_known_postcode(postcode: str) -> None:
    """With a directory loaded, a postcode that is not in it is refused, whatever the envelope."""
    if directory_loaded() and ward_of(postcode) is None:
        raise ValidationError(
            {"postcode": _("%(postcode)s is not in the council's list of postcodes. Check it "
                           "and try again; if it is right, ask the council.")
             % {"postcode": postcode}})


def age_range(envelope: Envelope) -> str:
    low, high = envelope.minimum_age, envelope.maximum_age
    if high is not None:
        return _("people aged %(low)d to %(high)d") % {"low": low, "high": high}
    if low:
        return _("people aged %(low)d or over") % {"low": low}
    return _("people of any age")


def check_eligible(*, envelope: Envelope, postcode: str, age: int) -> None:
    """Refuse, naming the field and saying who the envelope is for, or return quietly."""
    wards = list(envelope.wards.all())
    if wards:
        ward = ward_of(postcode)
        if ward not in wards:
            raise ValidationError({"postcode": _(
                "%(envelope)s is for residents of %(wards)s; %(postcode)s is %(where)s.") % {
                "envelope": envelope.name, "wards": ", ".join(w.name for w in wards),
                "postcode": postcode,
                "where": (_("in %(ward)s") % {"ward": ward.name}) if ward
                else _("not in the council's list of postcodes")}}, code="postcode")
    elif not envelope.covers_prefix(postcode):
        raise ValidationError({"postcode": _(
            "%(envelope)s is for postcodes starting %(prefixes)s.") % {
            "envelope": envelope.name, "prefixes": envelope.postcode_prefixes}},
            code="postcode")
    too_young = age < envelope.minimum_age
    too_old = envelope.maximum_age is not None and age > envelope.maximum_age
    if too_young or too_old:
        raise ValidationError({"date_of_birth": _("%(envelope)s is for %(who)s.") % {
            "envelope": envelope.name, "who": age_range(envelope)}}, code="age")


def is_eligible(*, envelope: Envelope, postcode: str, age: int) -> bool:
    try:
        check_eligible(envelope=envelope, postcode=postcode, age=age)
    except ValidationError:
        return False
    return True
