"""`manage.py remove_second_factor EMAIL`: for a staff member who has lost their authenticator
(or after SECRET_KEY changed, which leaves every sealed authenticator secret unreadable). They
are asked to set up a new one at their next page; the removal is in the audit log."""

from allauth.mfa.models import Authenticator
from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from budgeting.audit import audit_record


class Command(BaseCommand):
    help = "Remove an account's second factors, so that its owner sets up a new one."

    def add_arguments(self, parser):
        parser.add_argument("email")

    def handle(self, *args, email: str, **options):
        user = User.objects.filter(email__iexact=email.strip()).first()
        if user is None:
            raise CommandError(f"No account has the email address {email!r}.")
        with transaction.atomic():
            kinds = sorted(set(Authenticator.objects.filter(user=user)
                               .values_list("type", flat=True)))
            removed, _ = Authenticator.objects.filter(user=user).delete()
            audit_record(actor=None, process=None, action="account.second_factor_removed",
                         target=user, before={"second_factors": kinds},
                         after={"second_factors": []})
        self.stdout.write(f"Removed {removed} second factor(s) from {user.email}; they set up a "
                          "new one when they next sign in.")
