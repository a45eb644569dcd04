"""Who may do what: staff act through a partner that takes part in the process."""

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from budgeting.models import Membership, Process

MODERATING_ROLES = (Membership.Role.MODERATOR, Membership.Role.PROCESS_ADMIN)


def roles_in_process(*, user: User | AnonymousUser, process: Process) -> set[str]:
    if not user.is_authenticated:
        return set()
    return set(
        Membership.objects.filter(user=user, partner__processes=process).values_list(
            "role", flat=True
        )
    )


def can_moderate(*, user: User | AnonymousUser, process: Process) -> bool:
    if user.is_authenticated and user.is_superuser:
        return True
    return bool(roles_in_process(user=user, process=process) & set(MODERATING_ROLES))


def can_administer(*, user: User | AnonymousUser, process: Process) -> bool:
    if user.is_authenticated and user.is_superuser:
        return True
    return Membership.Role.PROCESS_ADMIN in roles_in_process(user=user, process=process)


def check_moderator(*, user: User | AnonymousUser, process: Process) -> None:
    if not can_moderate(user=user, process=process):
        raise PermissionDenied(
            _("Only moderators from a partner taking part in %(process)s can do this.")
            % {"process": process.title}
        )


def check_process_admin(*, user: User | AnonymousUser, process: Process) -> None:
    if not can_administer(user=user, process=process):
        raise PermissionDenied(
            _("Only process admins of %(process)s can do this.") % {"process": process.title}
        )


def is_staff_anywhere(user: User | AnonymousUser) -> bool:
    return user.is_authenticated and (
        user.is_superuser or Membership.objects.filter(user=user).exists()
    )
