"""Who may do what: staff hold roles in a round, for a partner that takes part in it."""

from django.contrib.auth.models import AnonymousUser, User
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from budgeting.models import Membership, Process

MODERATING_ROLES = (Membership.Role.MODERATOR, Membership.Role.PROCESS_ADMIN)
# Who may mark voters at a paper desk and enter paper ballots.
DESK_ROLES = (*MODERATING_ROLES, Membership.Role.DESK_OFFICER)


def roles_in_process(*, user: User | AnonymousUser, process: Process) -> set[str]:
    if not user.is_authenticated:
        return set()
    # A role in this round, for a partner that still takes part in it.
    return set(
        Membership.objects.filter(user=user, process=process, partner__processes=process)
        .values_list("role", flat=True)
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


def can_work_desk(*, user: User | AnonymousUser, process: Process) -> bool:
    if user.is_authenticated and user.is_superuser:
        return True
    return bool(roles_in_process(user=user, process=process) & set(DESK_ROLES))


def check_desk_officer(*, user: User | AnonymousUser, process: Process) -> None:
    if not can_work_desk(user=user, process=process):
        raise PermissionDenied(
            _("Only paper-desk officers and moderators of %(process)s can do this.")
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
