from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend


class EmailBackend(ModelBackend):
    """Residents and staff sign in with their email address, in any letter case."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        email = (username or kwargs.get("email") or "").strip()
        if not email or password is None:
            return None
        user_model = get_user_model()
        user = user_model._default_manager.filter(email__iexact=email).order_by("pk").first()
        if user is None:
            # Spend the same time as a real check so response times do not reveal accounts.
            user_model().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None
