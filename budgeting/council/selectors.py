from django.db.models.functions import Length

from budgeting.council.defaults import default_text
from budgeting.council.models import CouncilLook, SitePage


def look() -> CouncilLook:
    """The council's look, or Kist's own (unsaved) when none is set."""
    return (CouncilLook.objects.defer("logo").annotate(logo_size=Length("logo"))
            .filter(pk=1).first() or CouncilLook())


def logo_png() -> bytes:
    return CouncilLook.objects.filter(pk=1).values_list("logo", flat=True).first() or b""


def page_text(key: str) -> str:
    """The council's words for a page, or the default text where they have written none."""
    body = SitePage.objects.filter(key=key).values_list("body", flat=True).first()
    return body.strip() if body and body.strip() else default_text(key)
