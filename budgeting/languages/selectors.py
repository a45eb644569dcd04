from dataclasses import dataclass

from django.conf import settings
from django.utils import translation
from django.utils.translation import trans_real

from budgeting.languages.models import LanguagePreference

REVIEW_HEADER = "x-kist-review"


@dataclass(frozen=True)
class Language:
    code: str
    name: str  # in the language itself
    reviewed: bool
    review_note: str


def languages() -> list[Language]:
    """Every language Kist offers, with what its catalogue says about its review."""
    out = []
    for code, name in settings.LANGUAGES:
        if code == settings.LANGUAGE_CODE:
            out.append(Language(code, name, reviewed=True, review_note=""))
            continue
        note = trans_real.translation(code).info().get(REVIEW_HEADER, "").strip()
        out.append(Language(code, name, reviewed=note.lower() == "reviewed", review_note=note))
    return out


def language_of(user) -> str:
    """The language to write to `user` in: their last choice, else the site's own."""
    if user is not None and user.pk:
        chosen = (LanguagePreference.objects.filter(user=user)
                  .values_list("language", flat=True).first())
        if chosen and chosen in dict(settings.LANGUAGES):
            return chosen
    return settings.LANGUAGE_CODE


def in_language_of(user):
    """`with in_language_of(user):` builds a letter in that person's language."""
    return translation.override(language_of(user))
