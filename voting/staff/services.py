"""Staff writes for voting: ballot rules, voting codes and paper batches.

Each is one transaction, checks who may act under a row lock, and is written to the audit log.
"""

import secrets
from collections.abc import Mapping, Sequence
from datetime import date

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from budgeting.audit import audit_record, snapshot
from budgeting.models import Envelope, Membership
from budgeting.permissions import check_desk_officer, check_process_admin
from voting import codes, sealing
from voting.ballot_box import BoxReceipt, ballot_write, check_channel, rules_freeze
from voting.models import (
    Ballot,
    BallotChoice,
    BallotRules,
    Channel,
    CodeBatch,
    PaperBatch,
    SealedBallot,
    VotingCode,
)
from voting.rules import locked_on, rules_of
from voting.staff.selectors import batch_entered

RULE_FIELDS = [
    "ballot_type", "min_projects", "max_projects", "min_spend_percent", "points_total",
    "points_max_per_project", "ranking_max", "counting_rule", "online", "codes", "paper",
    "random_order",
]


@transaction.atomic
def rules_update(*, admin: User, envelope: Envelope, **fields) -> BallotRules:
    unknown = set(fields) - set(RULE_FIELDS)
    if unknown:
        raise TypeError(f"not ballot rules: {sorted(unknown)}")
    envelope = Envelope.objects.select_related("process").get(pk=envelope.pk)
    check_process_admin(user=admin, process=envelope.process)
    # Saved as the defaults first, so that there is a row to lock.
    BallotRules.objects.get_or_create(envelope=envelope)
    rules = BallotRules.objects.select_for_update().select_related("envelope__process").get(
        envelope=envelope
    )
    if locked_on(rules) is not None:
        raise ValidationError(
            _("Ballots have been cast in this envelope, so its rules can no longer change."),
            code="locked",
        )
    before = snapshot(rules, RULE_FIELDS)
    for name, value in fields.items():
        setattr(rules, name, value)
    rules.full_clean()
    rules.save()
    audit_record(actor=admin, process=rules.envelope.process, action="ballot_rules.updated",
                 target=rules, before=before, after=snapshot(rules, RULE_FIELDS))
    return rules


MAX_CODES_AT_ONCE = 20000


@transaction.atomic
def codes_issue(*, staff: User | None, envelope: Envelope, count: int, note: str = "",
                people: Sequence[str] = ()) -> list[str]:
    """Make `count` new codes and return them in plain text — the only time they exist so.

    With `people` (the register's keys, voting.register.person_key, one a code), each code is
    issued to that person, in that order: it is refused once they have voted another way.
    Without, the codes are anonymous (cards handed out at an event), returned sorted.
    """
    if staff is not None:
        check_process_admin(user=staff, process=envelope.process)
    if people:
        count = len(people)
    if not 1 <= count <= MAX_CODES_AT_ONCE:
        raise ValidationError(
            {"count": _("Issue between 1 and %(n)s codes at a time.")
             % {"n": f"{MAX_CODES_AT_ONCE:,}"}}
        )
    batch = CodeBatch.objects.create(envelope=envelope, salt=codes.new_salt(), count=count,
                                     issued_by=staff, note=note)
    plain: set[str] = set()
    while len(plain) < count:
        plain.add(codes.new_code())
    handed_out = list(zip(sorted(plain), people or [""] * count, strict=True))
    # Stored in an order of their own, so a code's key says nothing about which card it is on.
    stored = list(handed_out)
    secrets.SystemRandom().shuffle(stored)
    VotingCode.objects.bulk_create(
        VotingCode(batch=batch, digest=codes.digest(salt=batch.salt, raw=codes.normalise(c)),
                   person=person)
        for c, person in stored
    )
    audit_record(actor=staff, process=envelope.process, action="codes.issued", target=batch,
                 after={"count": count, "note": note,
                        **({"issued to named residents": True} if people else {})})
    return [c for c, _person in handed_out]


@transaction.atomic
def paper_batch_open(*, staff: User, envelope: Envelope, event: str, place: str, held_on: date,
                     declared_count: int) -> PaperBatch:
    check_desk_officer(user=staff, process=envelope.process)
    rules = rules_of(envelope)
    check_channel(rules=rules, channel=Channel.PAPER)
    process = envelope.process
    if not process.voting_start <= held_on <= min(process.voting_end, timezone.localdate()):
        raise ValidationError({"held_on": _(
            "The event must have been held on a day of voting: between %(start)s and %(end)s, "
            "and not after today.") % {"start": date_format(process.voting_start, "j F Y"),
                                       "end": date_format(process.voting_end, "j F Y")}})
    late = timezone.localdate() > process.voting_end
    batch = PaperBatch(envelope=envelope, event=event, place=place, held_on=held_on,
                       declared_count=declared_count, opened_by=staff, late=late)
    batch.full_clean()
    batch.save()
    audit_record(actor=staff, process=process,
                 action="paper_batch.opened_late" if late else "paper_batch.opened",
                 target=batch, after=snapshot(batch, ["event", "place", "held_on",
                                                      "declared_count"]))
    return batch


def _locked_open_batch(batch: PaperBatch) -> PaperBatch:
    batch = PaperBatch.objects.select_for_update().select_related("envelope__process").get(
        pk=batch.pk
    )
    if batch.status != PaperBatch.Status.OPEN:
        raise ValidationError(_("This batch is closed; no more ballots can be entered."),
                              code="closed")
    return batch


@transaction.atomic
def paper_ballot_enter(*, staff: User, batch: PaperBatch, choices: Mapping) -> BoxReceipt:
    batch = _locked_open_batch(batch)
    check_desk_officer(user=staff, process=batch.envelope.process)
    rules = rules_of(batch.envelope)
    ballot = ballot_write(envelope=batch.envelope, rules=rules, channel=Channel.PAPER,
                           choices=choices, today=batch.held_on, batch=batch)
    # The running number, not the receipt: the log keeps the order of entry, the mixed ballot
    # keeps the receipt, and the two together would undo the mixing.
    audit_record(actor=staff, process=batch.envelope.process, action="paper_ballot.entered",
                 target=batch, after={"entered": batch_entered(batch)})
    return ballot


@transaction.atomic
def paper_ballot_spoil(*, staff: User, batch: PaperBatch, reason: str) -> Ballot:
    batch = _locked_open_batch(batch)
    check_desk_officer(user=staff, process=batch.envelope.process)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why the ballot paper is spoilt.")})
    rules_freeze(rules_of(batch.envelope), Channel.PAPER)
    # A spoilt paper has no choices to keep secret: it goes straight to the ballots.
    ballot = Ballot.objects.create(
        envelope=batch.envelope, channel=Channel.PAPER, receipt=codes.new_receipt(),
        batch=batch, spoilt=True, spoilt_reason=reason.strip(),
    )
    audit_record(actor=staff, process=batch.envelope.process, action="paper_ballot.spoilt",
                 target=batch, after={"entered": batch_entered(batch), "reason": reason.strip()})
    return ballot


@transaction.atomic
def paper_batch_close(*, staff: User, batch: PaperBatch) -> PaperBatch:
    """Ask to close a batch whose papers reconcile; a second person confirms (below)."""
    batch = _locked_open_batch(batch)
    check_desk_officer(user=staff, process=batch.envelope.process)
    entered = batch_entered(batch)
    if entered != batch.declared_count:
        raise ValidationError(
            ngettext("%(entered)d ballot paper has been entered but %(declared)d were declared. "
                     "Enter the missing ones or correct the declared number before closing.",
                     "%(entered)d ballot papers have been entered but %(declared)d were declared. "
                     "Enter the missing ones or correct the declared number before closing.",
                     entered)
            % {"entered": entered, "declared": batch.declared_count},
            code="unreconciled",
        )
    batch.status = PaperBatch.Status.CHECKING
    batch.close_asked_by = staff
    batch.save(update_fields=["status", "close_asked_by"])
    audit_record(actor=staff, process=batch.envelope.process, action="paper_batch.close_asked",
                 target=batch, after={"entered": entered})
    return batch


def _checking_batch(batch: PaperBatch) -> PaperBatch:
    batch = PaperBatch.objects.select_for_update(of=("self",)).select_related(
        "envelope__process", "close_asked_by").get(pk=batch.pk)
    if batch.status != PaperBatch.Status.CHECKING:
        raise ValidationError(_("This batch is not waiting for a second check."),
                              code="closed")
    return batch


def check_second_pair_of_eyes(*, staff: User, batch: PaperBatch) -> None:
    """The confirmer is another person, of another partner wherever the round has one."""
    if staff.pk == batch.close_asked_by_id:
        raise ValidationError(_("Someone else must confirm the count: you asked to close this "
                                "batch."), code="same_person")
    process = batch.envelope.process
    in_round = Membership.objects.filter(process=process, partner__processes=process)
    theirs = set(in_round.filter(user=batch.close_asked_by).values_list("partner_id", flat=True))
    mine = set(in_round.filter(user=staff).values_list("partner_id", flat=True))
    others = in_round.exclude(partner_id__in=theirs).exists()
    if others and not (mine - theirs) and not staff.is_superuser:
        raise ValidationError(_("Someone from another partner must confirm the count, so that "
                                "two organisations have checked it."), code="same_partner")


def may_confirm(*, staff: User, batch: PaperBatch) -> bool:
    if batch.status != PaperBatch.Status.CHECKING:
        return False
    try:
        check_second_pair_of_eyes(staff=staff, batch=batch)
    except ValidationError:
        return False
    return True


@transaction.atomic
def paper_batch_confirm(*, staff: User, batch: PaperBatch) -> PaperBatch:
    batch = _checking_batch(batch)
    check_desk_officer(user=staff, process=batch.envelope.process)
    check_second_pair_of_eyes(staff=staff, batch=batch)
    entered = batch_entered(batch)
    batch.status = PaperBatch.Status.CLOSED
    batch.closed_at = timezone.now()
    batch.closed_by = staff
    batch.save(update_fields=["status", "closed_at", "closed_by"])
    audit_record(actor=staff, process=batch.envelope.process, action="paper_batch.closed",
                 target=batch, after={"entered": entered,
                                      "asked by": batch.close_asked_by.email})
    return batch


@transaction.atomic
def paper_batch_return(*, staff: User, batch: PaperBatch, reason: str) -> PaperBatch:
    """The checker does not agree: the batch opens again for corrections."""
    batch = _checking_batch(batch)
    check_desk_officer(user=staff, process=batch.envelope.process)
    if not reason.strip():
        raise ValidationError({"reason": _("Say what does not agree.")})
    batch.status = PaperBatch.Status.OPEN
    batch.close_asked_by = None
    batch.save(update_fields=["status", "close_asked_by"])
    audit_record(actor=staff, process=batch.envelope.process, action="paper_batch.returned",
                 target=batch, after={"reason": reason.strip()})
    return batch


@transaction.atomic
def paper_batch_approve(*, admin: User, batch: PaperBatch) -> PaperBatch:
    """A batch opened after voting closed counts only once the process admin approves it."""
    batch = PaperBatch.objects.select_for_update().select_related("envelope__process").get(
        pk=batch.pk)
    check_process_admin(user=admin, process=batch.envelope.process)
    if not batch.late or batch.approved_by_id is not None:
        raise ValidationError(_("This batch needs no approval."), code="closed")
    if batch.status != PaperBatch.Status.CLOSED:
        raise ValidationError(_("Approve the batch once it is closed and checked."),
                              code="closed")
    batch.approved_by = admin
    batch.save(update_fields=["approved_by"])
    audit_record(actor=admin, process=batch.envelope.process, action="paper_batch.approved",
                 target=batch, after={"entered": batch_entered(batch)})
    return batch


@transaction.atomic
def paper_ballot_void(*, staff: User, batch: PaperBatch, receipt: str, reason: str) -> Ballot:
    """Void a paper entered by mistake, found by the reference shown when it was entered: it
    is kept with its reason, not counted, and no longer one of the batch's papers."""
    batch = _locked_open_batch(batch)
    check_desk_officer(user=staff, process=batch.envelope.process)
    if not reason.strip():
        raise ValidationError({"reason": _("Say why this entry is void.")})
    receipt = receipt.strip().upper()
    envelope = batch.envelope
    sealed = SealedBallot.objects.select_for_update().filter(
        batch=batch, receipt_digest=sealing.receipt_digest(receipt)).first()
    if sealed is not None:
        opened, chosen = sealing.unseal(sealed=sealed.sealed, envelope_id=envelope.pk,
                                        channel=sealed.channel, batch_id=batch.pk)
        ballot = Ballot.objects.create(envelope=envelope, channel=Channel.PAPER, receipt=opened,
                                       batch=batch)
        BallotChoice.objects.bulk_create(BallotChoice(ballot=ballot, project_id=p, value=v)
                                         for p, v in chosen.items())
        sealed.delete()
    else:
        ballot = Ballot.objects.select_for_update().filter(
            batch=batch, receipt=receipt, voided=False, spoilt=False).first()
        if ballot is None:
            raise ValidationError({"receipt": _("No paper entered in this batch has that "
                                                "reference.")})
    ballot.spoilt, ballot.voided, ballot.spoilt_reason = True, True, reason.strip()[:300]
    ballot.save(update_fields=["spoilt", "voided", "spoilt_reason"])
    audit_record(actor=staff, process=envelope.process, action="paper_ballot.voided",
                 target=batch, after={"entered": batch_entered(batch), "reason": reason.strip()})
    return ballot


@transaction.atomic
def paper_batch_redeclare(*, staff: User, batch: PaperBatch, declared_count: int) -> PaperBatch:
    batch = _locked_open_batch(batch)
    check_desk_officer(user=staff, process=batch.envelope.process)
    before = snapshot(batch, ["declared_count"])
    batch.declared_count = declared_count
    batch.full_clean()
    batch.save(update_fields=["declared_count"])
    audit_record(actor=staff, process=batch.envelope.process, action="paper_batch.redeclared",
                 target=batch, before=before, after=snapshot(batch, ["declared_count"]))
    return batch
