"""Answering (sealed at once) and counting (in groups, by the worker, as ballots are mixed)."""

import secrets
from collections import Counter

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils.translation import gettext as _

from budgeting.audit import audit_record
from budgeting.models import Phase, Process
from budgeting.permissions import check_process_admin
from voting import sealing
from voting.mixing import MIX_AT_LEAST
from voting.monitoring.models import AnswerCount, AreaShare, SealedAnswers
from voting.monitoring.questions import QUESTIONS, answer_keys

_random = secrets.SystemRandom()


def check_answers(answers: dict[str, str]) -> dict[str, str]:
    """Only known questions and answers; a question left out is simply not answered."""
    clean = {}
    for question, answer in answers.items():
        if not answer:
            continue
        if question not in QUESTIONS or answer not in answer_keys(question):
            raise ValidationError({question: _("Choose one of the answers listed.")})
        clean[question] = answer
    return clean


def answers_seal(*, process: Process, answers: dict[str, str]) -> bool:
    """Seal one voter's answers into the round's box; False if they answered nothing."""
    answers = check_answers(answers)
    if not answers:
        return False
    if process.phase != Phase.VOTING:
        # After the close every waiting answer is counted at once, so a late one would move
        # a count by one person.
        raise ValidationError(_("Monitoring questions are asked only while voting is open."))
    SealedAnswers.objects.create(process=process, key_id=sealing.key_id(),
                                 sealed=sealing.seal_answers(process_id=process.pk,
                                                             answers=answers))
    return True


@transaction.atomic
def answers_count(*, process: Process, everything: bool = False) -> int:
    """Open what can be opened of the round's sealed answers and add them to the counts; how
    many. While voting is open a group is opened only once 2 × MIX_AT_LEAST are waiting, and
    MIX_AT_LEAST chosen at random stay sealed, so no count ever moves by one person."""
    locked = Process.objects.select_for_update(skip_locked=not everything).filter(
        pk=process.pk).first()
    if locked is None:
        return 0
    rows = list(SealedAnswers.objects.select_for_update().filter(process=locked))
    if not everything and locked.phase == Phase.VOTING:
        if len(rows) < 2 * MIX_AT_LEAST:
            return 0
        rows = _random.sample(rows, len(rows) - MIX_AT_LEAST)
    tally: Counter[tuple[str, str]] = Counter()
    opened_ids = []
    for row in rows:
        try:
            if row.key_id != sealing.key_id():
                raise sealing.CannotOpen
            opened = sealing.unseal_answers(sealed=row.sealed, process_id=locked.pk)
        except sealing.CannotOpen:
            continue  # sealed under another key, or altered: left as it is
        tally.update(check_answers(opened).items())
        opened_ids.append(row.pk)
    for (question, answer), n in tally.items():
        count, _created = AnswerCount.objects.get_or_create(process=locked, question=question,
                                                            answer=answer)
        AnswerCount.objects.filter(pk=count.pk).update(count=F("count") + n)
    SealedAnswers.objects.filter(pk__in=opened_ids).delete()
    return len(opened_ids)


def answers_sweep() -> int:
    """Count every round's waiting answers as far as they can be counted (the worker's job)."""
    waiting = SealedAnswers.objects.order_by().values_list("process_id", flat=True).distinct()
    return sum(answers_count(process=process)
               for process in Process.objects.filter(pk__in=list(waiting)))


@transaction.atomic
def area_shares_set(*, admin, process: Process, question: str, shares: dict) -> None:
    """The area's census shares for one question (per cent; a missing answer has none)."""
    check_process_admin(user=admin, process=process)
    if question not in QUESTIONS:
        raise ValueError(f"not a monitoring question: {question}")
    if sum(shares.values()) > 100:
        raise ValidationError(_("The shares add up to more than 100%."))
    current = AreaShare.objects.select_for_update().filter(process=process, question=question)
    before = {s.answer: str(s.percent) for s in current}
    current.delete()
    AreaShare.objects.bulk_create(
        AreaShare(process=process, question=question, answer=answer, percent=percent)
        for answer, percent in shares.items())
    audit_record(actor=admin, process=process, action="monitoring.area_shares_set",
                 target=process, before=before,
                 after={answer: str(percent) for answer, percent in shares.items()})
