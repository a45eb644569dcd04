"""Supporting proposals. A support says "I would like this": the counts inform moderators and
the panel, and never cut a proposal by themselves.

Who may support is who may vote in the proposal's envelope, by the same declaration and the
same eligibility rules as the ballot; a person's supports in one envelope are capped by the
envelope's limit, whichever of their accounts they use, checked under a lock on their
declarations so two tabs (or two accounts) cannot overshoot it.
"""

from __future__ import annotations

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from budgeting.models import Envelope, Process
from budgeting.proposals.models import Proposal
from budgeting.supports.models import Support
from voting.casting.services import check_eligible
from voting.models import Declaration

Status = Proposal.Status
# A withdrawn idea, or one found not feasible, is not going on: there is nothing to support.
NOT_SUPPORTABLE = (Status.WITHDRAWN, Status.NOT_FEASIBLE, Status.NOT_SHORTLISTED)


def takes_supports(*, process: Process) -> bool:
    """Whether any envelope of the round takes supports at all."""
    return process.envelopes.filter(supports_limit__gt=0).exists()


def is_open(*, process: Process) -> bool:
    return not process.is_draft and process.phase == process.supports_phase


def check_open(*, envelope: Envelope) -> None:
    process = envelope.process
    if envelope.supports_limit == 0:
        raise ValidationError(_("Ideas for %(envelope)s are not taking supports.")
                              % {"envelope": envelope.name}, code="no_supports")
    if not is_open(process=process):
        raise ValidationError(
            _("%(process)s is not taking supports just now: it is in its %(phase)s phase.")
            % {"process": process.title, "phase": process.get_phase_display()},
            code="phase_closed")


def check_supportable(*, proposal: Proposal) -> None:
    if proposal.is_hidden or proposal.process.is_draft:
        raise ValidationError(_("This proposal is not public, so it cannot be supported."),
                              code="hidden")
    if proposal.status in NOT_SUPPORTABLE:
        raise ValidationError(_("This proposal is %(status)s, so it cannot be supported.")
                              % {"status": proposal.get_status_display().lower()},
                              code="not_going_on")


def _already() -> ValidationError:
    return ValidationError(_("You already support this idea."), code="already")


def _locked_declarations(*, user: User, process: Process) -> Declaration | None:
    """The resident's declaration, with every declaration of the same person in the round
    locked (in one order, so two of them cannot deadlock): one person's supports are counted
    one at a time, whichever account each comes from."""
    own = Declaration.objects.filter(user=user, process=process).first()
    if own is None:
        return None
    same = Q(pk=own.pk) | Q(person=own.person) if own.person else Q(pk=own.pk)
    locked = list(Declaration.objects.select_for_update().filter(same, process=process)
                  .order_by("pk"))
    return next((d for d in locked if d.user_id == user.pk), None)


@transaction.atomic
def support_give(*, user: User, proposal: Proposal) -> Support:
    proposal = Proposal.objects.select_related("envelope__process").get(pk=proposal.pk)
    envelope = proposal.envelope
    check_supportable(proposal=proposal)
    check_open(envelope=envelope)
    declaration = _locked_declarations(user=user, process=envelope.process)
    check_eligible(envelope=envelope, declaration=declaration)
    given = Support.objects.filter(proposal__envelope=envelope)
    if given.filter(user=user, proposal=proposal).exists():
        raise _already()
    # The limit is a person's, whichever of their accounts they use.
    theirs = given.filter(Q(user=user) | Q(person=declaration.person) if declaration.person
                          else Q(user=user))
    if theirs.filter(proposal=proposal).exists():
        raise ValidationError(_("Someone with your name, date of birth and postcode already "
                                "supports this idea from another account."), code="person")
    if theirs.count() >= envelope.supports_limit:
        raise ValidationError(
            _("You have given all %(limit)s of your supports in %(envelope)s. Withdraw one to "
              "support this idea.") % {"limit": envelope.supports_limit,
                                        "envelope": envelope.name}, code="limit")
    try:
        with transaction.atomic():
            return Support.objects.create(user=user, proposal=proposal,
                                          person=declaration.person)
    except IntegrityError:
        # Another account of the same person got there in the same instant.
        raise _already() from None


@transaction.atomic
def support_withdraw(*, user: User, proposal: Proposal) -> None:
    proposal = Proposal.objects.select_related("envelope__process").get(pk=proposal.pk)
    check_open(envelope=proposal.envelope)
    deleted, _rows = Support.objects.filter(user=user, proposal=proposal).delete()
    if not deleted:
        raise ValidationError(_("You do not support this idea."), code="not_supported")
