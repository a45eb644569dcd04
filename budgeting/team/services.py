"""A round's team: invitations by email to a role in this round, accepting one, and removing
someone. Every step is in the audit log."""

import hashlib
import secrets
from datetime import timedelta

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from budgeting import letters
from budgeting.audit import audit_record
from budgeting.models import Membership, Partner, Process
from budgeting.permissions import check_process_admin
from budgeting.team.models import Invitation

INVITATION_DAYS = 7


def digest_of(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def invitation_send(*, admin: User, process: Process, partner: Partner, role: str, email: str,
                    base_url: str) -> Invitation:
    check_process_admin(user=admin, process=process)
    if not process.partners.filter(pk=partner.pk).exists():
        raise ValidationError({"partner": _("Choose a partner taking part in this round.")})
    if role not in Membership.Role.values:
        raise ValidationError({"role": _("Choose one of the roles listed.")})
    email = email.strip().lower()
    if Membership.objects.filter(process=process, partner=partner, role=role,
                                 user__email__iexact=email).exists():
        raise ValidationError({"email": _("%(email)s already has this role in this round.")
                               % {"email": email}})
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        process=process, partner=partner, role=role, email=email, digest=digest_of(token),
        invited_by=admin, expires_at=timezone.now() + timedelta(days=INVITATION_DAYS))
    link = base_url.rstrip("/") + reverse("invitation", args=[token])
    letters.send_after_commit([letters.Letter(
        email,
        _("You are invited to %(process)s on %(site)s") % {"process": process.title,
                                                           "site": settings.SITE_NAME},
        _("%(admin)s has invited you to be %(role)s for %(partner)s in %(process)s.\n\n"
          "Open this link to accept; it works once, for %(days)d days:\n%(link)s\n\n"
          "If you did not expect this, ignore this email.\n")
        % {"admin": admin.first_name or admin.email, "role": invitation.get_role_display(),
           "partner": partner.name, "process": process.title, "days": INVITATION_DAYS,
           "link": link})], about="an invitation")
    audit_record(actor=admin, process=process, action="invitation.sent", target=invitation,
                 after={"email": email, "role": invitation.get_role_display(),
                        "partner": partner.name})
    return invitation


def invitation_for(token: str) -> Invitation | None:
    """The invitation a link names, if it can still be accepted."""
    invitation = Invitation.objects.select_related("process", "partner").filter(
        digest=digest_of(token)).first()
    if (invitation is None or invitation.accepted_at or invitation.withdrawn_at
            or invitation.expires_at <= timezone.now()):
        return None
    return invitation


@transaction.atomic
def invitation_accept(*, token: str, user: User | None = None, name: str = "",
                      password: str = "") -> tuple[User, Membership]:
    """Accept as the signed-in `user` (whose address must be the invited one), or create the
    account with `name` and `password`: the link proves the address, so it is confirmed."""
    invitation = Invitation.objects.select_for_update().filter(digest=digest_of(token)).first()
    if invitation is None or invitation_for(token) is None:
        raise ValidationError(_("This invitation has expired, was used already or was "
                                "withdrawn. Ask the process admin for a new one."),
                              code="expired")
    if user is None:
        if User.objects.filter(email__iexact=invitation.email).exists():
            raise ValidationError(_("An account with this email address exists: sign in, "
                                    "then open the link again."), code="sign_in")
        user = User.objects.create_user(username=invitation.email, email=invitation.email,
                                        password=password, first_name=name[:150])
        EmailAddress.objects.create(user=user, email=invitation.email, primary=True,
                                    verified=True)
    elif user.email.lower() != invitation.email:
        raise ValidationError(_("This invitation is for %(email)s: sign in with that address.")
                              % {"email": invitation.email}, code="other_address")
    membership, _created = Membership.objects.get_or_create(
        user=user, process=invitation.process, partner=invitation.partner,
        role=invitation.role)
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by"])
    audit_record(actor=user, process=invitation.process, action="invitation.accepted",
                 target=membership, after={"role": membership.get_role_display(),
                                           "partner": invitation.partner.name})
    return user, membership


@transaction.atomic
def membership_remove(*, admin: User, membership: Membership) -> None:
    membership = Membership.objects.select_for_update().select_related(
        "user", "partner", "process").get(pk=membership.pk)
    process = membership.process
    check_process_admin(user=admin, process=process)
    if (membership.role == Membership.Role.PROCESS_ADMIN and
            not Membership.objects.filter(process=process, role=Membership.Role.PROCESS_ADMIN)
            .exclude(pk=membership.pk).exists()):
        raise ValidationError(_("This is the round's last process admin: invite another "
                                "before removing them."), code="last_admin")
    audit_record(actor=admin, process=process, action="membership.removed", target=membership,
                 before={"person": membership.user.email, "role": membership.get_role_display(),
                         "partner": membership.partner.name})
    membership.delete()


@transaction.atomic
def invitation_withdraw(*, admin: User, invitation: Invitation) -> None:
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    check_process_admin(user=admin, process=invitation.process)
    if invitation.accepted_at or invitation.withdrawn_at:
        raise ValidationError(_("This invitation is no longer open."), code="closed")
    invitation.withdrawn_at = timezone.now()
    invitation.save(update_fields=["withdrawn_at"])
    audit_record(actor=admin, process=invitation.process, action="invitation.withdrawn",
                 target=invitation, before={"email": invitation.email})
