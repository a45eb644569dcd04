"""`manage.py grant_council_admin EMAIL [--remove]`: let someone start new rounds from Kist's
own set-up pages (the "Can add process" permission), or take it away; audited."""

from django.contrib.auth.models import Permission, User
from django.core.management.base import BaseCommand, CommandError

from budgeting.audit import audit_record
from budgeting.setup.services import is_council_admin


class Command(BaseCommand):
    help = "Make an account a council admin (who starts rounds), or remove the role."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--remove", action="store_true")

    def handle(self, *args, email: str, remove: bool, **options):
        user = User.objects.filter(email__iexact=email.strip()).first()
        if user is None:
            raise CommandError(f"No account has the email address {email!r}.")
        permission = Permission.objects.get(codename="add_process",
                                            content_type__app_label="budgeting")
        before = is_council_admin(user)
        if remove:
            user.user_permissions.remove(permission)
        else:
            user.user_permissions.add(permission)
        user = User.objects.get(pk=user.pk)  # permissions are cached on the instance
        audit_record(actor=None, process=None, action="account.council_admin_" +
                     ("removed" if remove else "granted"), target=user,
                     before={"council admin": before},
                     after={"council admin": is_council_admin(user)})
        self.stdout.write(f"{user.email} is {'no longer ' if remove else 'now '}a council "
                          "admin.")
