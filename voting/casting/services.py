"""Casting: residents vote online with an account or with a voting code.

A ballot and its participation are written in one transaction. The participation's unique
constraints decide, in the database, which of two racing requests for the same voter wins; the
loser's whole transaction rolls back and it is told it has voted.
"""

from collections.abc import Mapping
from datetime import date
from typing import NamedTuple

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from budgeting.accounts.identity import VerifiedIdentity
from budgeting.models import Envelope, Process
from voting import codes, eligibility, sealing
from voting.ballot_box import (
    AlreadyVoted,
    BoxReceipt,
    ballot_write,
    check_channel,
    check_voting_open,
    on_postgresql,
)
from voting.models import (
    Ballot,
    BallotRules,
    Channel,
    Declaration,
    Participation,
    SealedBallot,
    VotingCode,
)
from voting.privacy import age_band
from voting.register import age_on, person_key, verified_person_key
from voting.rules import rules_of


def declaration_make(*, user: User, process: Process, postcode: str, name: str, born: date
                     ) -> Declaration:
    """Record where a resident lives, how old they are and who they are (as the register knows
    people: a keyed hash, not the name or date); once they have voted it cannot change."""
    return _declaration_write(user=user, process=process, postcode=postcode, born=born,
                              person=person_key(name=name, born=born, postcode=postcode))


def declaration_from_identity(*, user: User, process: Process, identity: VerifiedIdentity
                              ) -> Declaration:
    """The declaration a verified sign-in makes: the provider's postcode and date of birth,
    nothing typed. A postcode the council's directory does not know is refused."""
    if not identity.complete:
        raise ValidationError(_("Your verified account did not give us your postcode and date "
                                "of birth. Tell us them yourself."), code="incomplete")
    eligibility.check_known_postcode(identity.postcode)
    person = verified_person_key(provider=identity.provider, subject=identity.subject,
                                 name=identity.name, born=identity.born,
                                 postcode=identity.postcode)
    return _declaration_write(user=user, process=process, postcode=identity.postcode,
                              born=identity.born, person=person)


@transaction.atomic
def _declaration_write(*, user: User, process: Process, postcode: str, born: date, person: str
                       ) -> Declaration:
    fields = {"postcode": postcode, "age": age_on(born, timezone.localdate()), "person": person}
    existing = Declaration.objects.select_for_update().filter(user=user, process=process).first()
    if existing is not None:
        if all(getattr(existing, k) == v for k, v in fields.items()):
            return existing
        if Participation.objects.filter(user=user, envelope__process=process).exists():
            raise ValidationError(
                _("You have already voted in this process, so what you told us about yourself "
                  "cannot change."), code="declared",
            )
        for k, v in fields.items():
            setattr(existing, k, v)
        existing.full_clean()
        existing.save()
        return existing
    declaration = Declaration(user=user, process=process, **fields)
    declaration.full_clean()
    declaration.save()
    return declaration


def eligible_envelopes(*, process: Process, postcode: str, age: int) -> list[Envelope]:
    return [envelope for envelope in process.envelopes.prefetch_related("wards")
            if eligibility.is_eligible(envelope=envelope, postcode=postcode, age=age)]


def check_eligible(*, envelope: Envelope, declaration: Declaration | None) -> None:
    if declaration is None:
        raise ValidationError(
            _("Tell us about yourself first: your name, date of birth and postcode."),
            code="undeclared")
    eligibility.check_eligible(envelope=envelope, postcode=declaration.postcode,
                               age=declaration.age)


SAME_PERSON = gettext_lazy(
    "Someone with the same name, date of birth and postcode has already voted in this "
    "envelope, online, with a voting code or on paper. Each person votes once.")


def _participation_exists(**lookup) -> bool:
    return Participation.objects.filter(**lookup).exists()


def ballot_cast_online(*, user: User, envelope: Envelope, choices: Mapping) -> BoxReceipt:
    try:
        with transaction.atomic():
            rules = rules_of(envelope)
            process = rules.envelope.process
            check_voting_open(process=process)
            check_channel(rules=rules, channel=Channel.ONLINE)
            declaration = Declaration.objects.filter(user=user, process=process).first()
            check_eligible(envelope=envelope, declaration=declaration)
            if _participation_exists(user=user, envelope=envelope):
                raise AlreadyVoted()
            check_not_in_register(envelope=envelope, person=declaration.person)
            today = timezone.localdate()
            Participation.objects.create(
                envelope=envelope, channel=Channel.ONLINE, user=user,
                person=declaration.person, age_band=age_band(declaration.age), voted_on=today,
            )
            return ballot_write(envelope=envelope, rules=rules, channel=Channel.ONLINE,
                                 choices=choices, today=today)
    except IntegrityError:
        if _participation_exists(user=user, envelope=envelope):
            raise AlreadyVoted() from None
        # The same person, through another account, in a transaction that won the race.
        declaration = Declaration.objects.filter(user=user, process=envelope.process).first()
        check_not_in_register(envelope=envelope, person=declaration.person if declaration else "")
        raise


def check_not_in_register(*, envelope: Envelope, person: str) -> None:
    """A person the register has already marked in this envelope, whichever way, is refused.

    A check for the message only: the unique constraint is what holds under races.
    """
    if person and _participation_exists(person=person, envelope=envelope):
        raise AlreadyVoted(SAME_PERSON)


def code_is_used(code: VotingCode) -> bool:
    return _participation_exists(code=code)


def _rules_along(envelope: Envelope) -> BallotRules:
    """The rules fetched along with the envelope and its process (code_find does), or read now.

    Reading them a moment earlier, with the code, is no staler than reading them first thing in
    the transaction: neither locks them. Rules not yet frozen are re-read under a lock anyway.
    """
    if Envelope.process.is_cached(envelope) and Envelope.rules.is_cached(envelope):
        try:
            return envelope.rules
        except BallotRules.DoesNotExist:
            pass  # never saved: the defaults, as rules_of gives them
    return rules_of(envelope)


def ballot_cast_with_code(*, code: VotingCode, choices: Mapping) -> BoxReceipt:
    envelope = code.batch.envelope
    try:
        with transaction.atomic():
            rules = _rules_along(envelope)
            check_voting_open(process=rules.envelope.process)
            check_channel(rules=rules, channel=Channel.CODE)
            check_not_in_register(envelope=envelope, person=code.person)
            today = timezone.localdate()
            # The participation's unique code decides: a second insert of the same code waits
            # for the first transaction and fails if it committed, and then this one rolls back
            # whole (below). No lock or look-up first: the database does both in the insert.
            if on_postgresql():
                _participation_insert_code(envelope=envelope, code=code, today=today)
            else:
                Participation.objects.create(envelope=envelope, channel=Channel.CODE, code=code,
                                             person=code.person, voted_on=today)
            return ballot_write(envelope=envelope, rules=rules, channel=Channel.CODE,
                                 choices=choices, today=today)
    except IntegrityError:
        if _participation_exists(code=code):
            raise AlreadyVoted(_("This voting code has already been used.")) from None
        check_not_in_register(envelope=envelope, person=code.person)
        raise


def _participation_insert_code(*, envelope: Envelope, code: VotingCode, today: date) -> None:
    """Participation.objects.create for a code, in SQL. It names no ballot, whatever it logs.

    A code already used conflicts on its unique key: that does nothing and raises AlreadyVoted,
    which rolls the transaction back (the caller's atomic block), as the IntegrityError would.
    """
    with connection.cursor() as cursor:
        cursor.execute(
            """
            INSERT INTO voting_participation
                (envelope_id, channel, code_id, person, age_band, voted_on)
            VALUES (%s, %s, %s, %s, '', %s)
            ON CONFLICT (code_id) DO NOTHING
            RETURNING id
            """,
            [envelope.pk, Channel.CODE.value, code.pk, code.person, today],
        )
        if cursor.fetchone() is None:
            raise AlreadyVoted(_("This voting code has already been used."))


class ReceiptStatus(NamedTuple):
    """What a receipt tells: where its ballot is, never what is on it."""

    envelope: Envelope
    mixed: bool  # False: received, sealed in the box, waiting to be mixed


def receipt_status(*, receipt: str) -> ReceiptStatus | None:
    cleaned = "".join(ch for ch in receipt.upper() if ch.isalnum()).translate(codes.LOOKALIKES)
    if len(cleaned) != 10:
        return None
    receipt = f"{cleaned[:5]}-{cleaned[5:]}"
    ballot = (Ballot.objects.filter(receipt=receipt, spoilt=False)
              .select_related("envelope__process").first())
    if ballot is not None:
        return ReceiptStatus(envelope=ballot.envelope, mixed=True)
    sealed = (SealedBallot.objects.filter(receipt_digest=sealing.receipt_digest(receipt))
              .select_related("envelope__process").first())
    if sealed is not None:
        return ReceiptStatus(envelope=sealed.envelope, mixed=False)
    return None
