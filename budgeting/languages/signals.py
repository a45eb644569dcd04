from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from budgeting.languages.services import language_remember


@receiver(user_logged_in)
def remember_the_language_chosen_before_signing_in(sender, request, user, **kwargs):
    """Someone who chose a language before signing in (or signing up) hears from Kist in it."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME) if request else None
    if chosen in dict(settings.LANGUAGES):
        language_remember(user=user, language=chosen)
