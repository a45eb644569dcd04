from django.conf import settings
from django.db.models.functions import Length
from django.utils import translation

from budgeting.council.defaults import default_text
from budgeting.council.models import CouncilLook, SitePage
from budgeting.languages.words import said


def look() -> CouncilLook:
    """The council's look, or Kist's own (unsaved) when none is set."""
    return (CouncilLook.objects.defer("logo").annotate(logo_size=Length("logo"))
            .filter(pk=1).first() or CouncilLook())


def logo_png() -> bytes:
    return CouncilLook.objects.filter(pk=1).values_list("logo", flat=True).first() or b""


def page_text(key: str) -> str:
    """The council's words for a page in the reader's language: their translation, else their
    English, else the default text (which the catalogue translates)."""
    page = SitePage.objects.filter(key=key).first()
    if page is None:
        return default_text(key)
    words = said(page, "body").strip()
    return words or default_text(key)


def page_english(key: str) -> str:
    """The page's words as the council edits them: the English record, or the default."""
    with translation.override(settings.LANGUAGE_CODE):
        return page_text(key)
