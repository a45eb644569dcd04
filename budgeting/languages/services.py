from django.conf import settings

from budgeting.languages.models import LanguagePreference


def language_remember(*, user, language: str) -> None:
    if language not in dict(settings.LANGUAGES):
        raise ValueError(f"not a language Kist offers: {language}")
    if user is not None and user.is_authenticated:
        LanguagePreference.objects.update_or_create(user=user, defaults={"language": language})
