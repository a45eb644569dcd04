"""A resident's personal data: what Kist holds about them (to download), deleting their account,
and purging what a round no longer needs once its results have been out for a while.

Nothing here ever touches a ballot: ballots hold no one's name, so there is nothing of a
person's to remove from them.
"""

import secrets
import uuid
from datetime import timedelta

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.socialaccount.models import SocialAccount
from django.contrib.auth.models import User
from django.contrib.sessions.models import Session
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from budgeting.accounts.second_factor import is_staff_member
from budgeting.audit import audit_record
from budgeting.comments.models import Comment, CommentFlag
from budgeting.languages.models import LanguagePreference
from budgeting.models import Membership, Process
from budgeting.pictures.services import picture_delete_all
from voting.models import Declaration, Participation, VotingCode


def personal_data(user: User) -> dict:
    """Everything Kist holds about this person, as JSON-ready data."""
    return {
        "account": {"email": user.email, "name": user.first_name,
                    "joined": user.date_joined.isoformat(),
                    "last_sign_in": user.last_login.isoformat() if user.last_login else None,
                    "language": LanguagePreference.objects.filter(user=user)
                    .values_list("language", flat=True).first()},
        "email_addresses": [{"email": a.email, "verified": a.verified, "primary": a.primary}
                            for a in EmailAddress.objects.filter(user=user)],
        "verified_sign_in": [{"provider": a.provider, "subject": a.uid,
                              "claims": a.extra_data} for a in
                             SocialAccount.objects.filter(user=user)],
        "second_factors": [{"type": a.type, "added": a.created_at.isoformat()} for a in
                           Authenticator.objects.filter(user=user)],
        "staff_roles": [{"partner": m.partner.name, "role": m.role} for m in
                        Membership.objects.filter(user=user).select_related("partner")],
        "proposals": [{"reference": p.reference, "title": p.title, "status": p.status,
                       "name_shown": p.shown_as,
                       "process": p.envelope.process.title,
                       "submitted": p.created_at.isoformat()}
                      for p in user.proposals.select_related("envelope__process")],
        "comments": [{"on": str(c.target.title), "text": c.text, "name_shown": c.shown_as,
                      "posted": c.created_at.isoformat(), "hidden": c.is_hidden}
                     for c in user.comments.select_related("proposal", "project")],
        "comments_reported": user.comment_flags.count(),
        "supports": [{"proposal": s.proposal.reference, "title": s.proposal.title,
                      "given": s.created_at.isoformat()}
                     for s in user.supports.select_related("proposal")],
        "pictures": [{"of": str(p.target.title), "description": p.alt,
                      "added": p.created_at.isoformat(), "removed": p.is_removed,
                      "address": p.image.url if p.image else None}
                     for p in user.pictures.select_related("proposal", "project")],
        "about_you_when_voting": [{"process": d.process.title, "postcode": d.postcode,
                                   "age": d.age} for d in
                                  Declaration.objects.filter(user=user).select_related("process")],
        # That they voted, and where: never how (ballots are not linked to anyone).
        "voted_in": [{"envelope": p.envelope.name, "process": p.envelope.process.title,
                      "how": p.channel, "on": p.voted_on.isoformat()} for p in
                     Participation.objects.filter(user=user).select_related("envelope__process")],
    }


def check_may_delete(user: User) -> None:
    if is_staff_member(user):
        raise ValidationError(_("Staff accounts are not deleted here: ask a process admin to "
                                "remove your roles first, so that the audit log keeps who did "
                                "what."), code="staff")


def _unlink(participations, *, keep_register: bool) -> int:
    """Participations keep their envelope, channel, day and age band (turnout), but no longer
    say whose they were. With `keep_register` (while the round may still need it) the
    register entry stays, so the same person cannot vote again with a new account; without
    it, the entry becomes a meaningless token (a code's participation needs none)."""
    count = 0
    for participation in participations:
        if not keep_register or (not participation.person and participation.code_id is None):
            participation.person = ("" if participation.code_id is not None
                                    else "gone-" + secrets.token_hex(16))
        participation.user = None
        participation.save(update_fields=["user", "person"])
        count += 1
    return count


@transaction.atomic
def account_delete(*, user: User) -> None:
    """Delete a resident's account: their proposals and comments stay, under "Deleted account"
    and "A resident" (no name they chose to show is kept); their participations stay,
    unlinked; the rest goes."""
    user = User.objects.select_for_update().get(pk=user.pk)
    check_may_delete(user)
    _unlink(Participation.objects.filter(user=user), keep_register=True)
    Declaration.objects.filter(user=user).delete()
    Comment.objects.filter(author=user).update(shown_as="")
    # A picture can show its proposer, their home or their street: it goes with the account.
    picture_delete_all(user=user)
    CommentFlag.objects.filter(user=user).delete()
    user.supports.all().delete()
    LanguagePreference.objects.filter(user=user).delete()
    EmailAddress.objects.filter(user=user).delete()
    SocialAccount.objects.filter(user=user).delete()
    Authenticator.objects.filter(user=user).delete()
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
            session.delete()
    user.username = f"deleted-{uuid.uuid4().hex}"
    user.email = ""
    user.first_name = _("Deleted account")
    user.last_name = ""
    user.is_active = False
    user.set_unusable_password()
    user.save()
    audit_record(actor=None, process=None, action="account.deleted", target=user,
                 after={"proposals kept": user.proposals.count()})


def purgeable_processes(*, days: int) -> list[tuple[Process, object]]:
    """Processes whose every envelope's results were published more than `days` ago."""
    cutoff = timezone.now() - timedelta(days=days)
    found = []
    for process in Process.objects.prefetch_related("envelopes"):
        envelopes = list(process.envelopes.all())
        published = [e.tallies.filter(is_published=True).aggregate(at=Max("published_at"))["at"]
                     for e in envelopes]
        if envelopes and all(published) and max(published) < cutoff:
            found.append((process, max(published)))
    return found


@transaction.atomic
def purge_personal_data(*, days: int) -> list[dict]:
    """Remove what rounds no longer need, `days` after their results were published: the
    declarations (postcode, age, register key), the register's keys and the links from
    participations and named voting codes to people. Says what it removed, per process."""
    report = []
    for process, published_at in purgeable_processes(days=days):
        declarations, _kinds = Declaration.objects.filter(process=process).delete()
        participations = Participation.objects.filter(envelope__process=process).exclude(
            person__startswith="gone-", user__isnull=True)
        unlinked = _unlink(participations, keep_register=False)
        codes = VotingCode.objects.filter(batch__envelope__process=process).exclude(
            person="").update(person="")
        if declarations or unlinked or codes:
            audit_record(actor=None, process=process, action="personal_data.purged",
                         target=process, after={"declarations": declarations,
                                                "register entries": unlinked,
                                                "named codes": codes})
        report.append({"process": process.title, "published": published_at.date().isoformat(),
                       "declarations": declarations, "register_entries": unlinked,
                       "named_codes": codes})
    return report
