from django.conf import settings
from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from budgeting.council.selectors import look


def site(request: HttpRequest) -> dict:
    council = SimpleLazyObject(look)
    return {"council": council,
            # Each language by its own name, untranslated: a reader looks for their own.
            "kist_languages": settings.LANGUAGES,
            "service_name": SimpleLazyObject(lambda: council.service_name or settings.SITE_NAME)}
