"""Mixing the ballot box: sealed ballots are opened in groups and written as ballots in a
random order, with random keys, no sequence and no date, in one transaction.

Ballots are mixed within their kind: the same envelope, channel and paper batch, since those are
written on the mixed ballot and an odd one out would stand out. While a kind can still grow (the
vote is open, the paper batch is open), a group is mixed only once it holds 2 × MIX_AT_LEAST,
and MIX_AT_LEAST chosen at random are held back, so the last group is never smaller than
MIX_AT_LEAST either. Once it cannot grow, everything left is mixed.

The worker (`manage.py worker`) sweeps the box every MIX_EVERY_SECONDS, and counting mixes the
whole envelope first. Two mixers never take the same envelope: each holds its row lock (FOR NO
KEY UPDATE, which casting's foreign-key checks do not wait for).
"""

import logging
import secrets
import uuid

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from budgeting.models import Envelope, Phase
from voting import sealing
from voting.models import Ballot, BallotChoice, PaperBatch, SealedBallot

MIX_AT_LEAST = 10
MIX_EVERY_SECONDS = 15
WRITE_BATCH = 5000

log = logging.getLogger(__name__)
_random = secrets.SystemRandom()


class CannotOpenBox(ValidationError):
    """Sealed ballots of an envelope that this server's BALLOT_BOX_KEY does not open."""


def _kinds(envelope: Envelope) -> list[tuple[str, int | None]]:
    return list(SealedBallot.objects.filter(envelope=envelope).order_by()
                .values_list("channel", "batch_id").distinct())


def _can_grow(envelope: Envelope, batch_id: int | None) -> bool:
    if batch_id is not None:
        # A batch waiting for its second check may be sent back and take more papers.
        return PaperBatch.objects.filter(pk=batch_id, status__in=(
            PaperBatch.Status.OPEN, PaperBatch.Status.CHECKING)).exists()
    return envelope.process.phase == Phase.VOTING


def _to_mix(rows: list, *, everything: bool, can_grow: bool) -> list:
    if everything or not can_grow:
        return rows
    if len(rows) < 2 * MIX_AT_LEAST:
        return []
    return _random.sample(rows, len(rows) - MIX_AT_LEAST)


def _open(envelope: Envelope, sealed: SealedBallot) -> tuple[str, dict[int, int]]:
    try:
        if sealed.key_id != sealing.key_id():
            raise sealing.CannotOpen
        return sealing.unseal(sealed=sealed.sealed, envelope_id=envelope.pk,
                              channel=sealed.channel, batch_id=sealed.batch_id)
    except sealing.CannotOpen:
        raise CannotOpenBox(
            _("The sealed ballots of %(envelope)s cannot be opened with this server's ballot "
              "box key (BALLOT_BOX_KEY): they were sealed under another key, or altered. "
              "Nothing was mixed or deleted.") % {"envelope": envelope.name},
            code="cannot_open",
        ) from None


def _write(envelope: Envelope, opened: list[tuple[SealedBallot, str, dict[int, int]]]) -> None:
    """Write opened ballots in a random order with random keys, and empty their places."""
    _random.shuffle(opened)
    ballots, choices = [], []
    for sealed, receipt, chosen in opened:
        key = uuid.uuid4()
        ballots.append(Ballot(id=key, envelope_id=envelope.pk, channel=sealed.channel,
                              receipt=receipt, batch_id=sealed.batch_id))
        # The choices of a ballot in an order of their own, not the voter's.
        picks = list(chosen.items())
        _random.shuffle(picks)
        choices += [BallotChoice(ballot_id=key, project_id=p, value=v) for p, v in picks]
    Ballot.objects.bulk_create(ballots, batch_size=WRITE_BATCH)
    BallotChoice.objects.bulk_create(choices, batch_size=WRITE_BATCH)
    SealedBallot.objects.filter(pk__in=[sealed.pk for sealed, _r, _c in opened]).delete()


def ballot_box_mix(*, envelope: Envelope, everything: bool = False) -> int:
    """Mix what can be mixed of `envelope`'s box; how many ballots were mixed.

    `everything` (counting does it, once voting has closed) mixes all that is left, waiting for
    a mixer already at work; otherwise an envelope another mixer holds is left to it.
    """
    with transaction.atomic():
        locked = (Envelope.objects.select_for_update(no_key=True, skip_locked=not everything)
                  .select_related("process").filter(pk=envelope.pk).first())
        if locked is None:
            return 0
        mixed = 0
        for channel, batch_id in _kinds(locked):
            rows = list(SealedBallot.objects.select_for_update()
                        .filter(envelope=locked, channel=channel, batch_id=batch_id))
            group = _to_mix(rows, everything=everything,
                            can_grow=_can_grow(locked, batch_id))
            if group:
                _write(locked, [(sealed, *_open(locked, sealed)) for sealed in group])
                mixed += len(group)
        return mixed


def ballot_box_sweep() -> int:
    """Mix every envelope's box as far as it can be mixed; how many ballots were mixed.

    An envelope whose ballots cannot be opened is logged and left as it is; the others go on.
    """
    mixed = 0
    waiting = SealedBallot.objects.order_by().values_list("envelope_id", flat=True).distinct()
    for envelope in Envelope.objects.filter(pk__in=list(waiting)):
        try:
            mixed += ballot_box_mix(envelope=envelope)
        except CannotOpenBox as refused:
            log.error("ballot box not mixed: %s", refused.messages[0])
    return mixed


def unmixed(envelope: Envelope) -> int:
    return SealedBallot.objects.filter(envelope=envelope).count()
