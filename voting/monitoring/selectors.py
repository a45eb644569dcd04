"""Who took part, as anyone may see it: counts per answer merged to the privacy floor, beside
the area's own census shares where staff entered them."""

from decimal import Decimal

from budgeting.models import Process
from voting.monitoring.models import AnswerCount, AreaShare, SealedAnswers
from voting.monitoring.questions import QUESTIONS, label
from voting.privacy import merge_small


def who_took_part(*, process: Process) -> list[dict]:
    counts: dict[tuple[str, str], int] = {
        (c.question, c.answer): c.count for c in AnswerCount.objects.filter(process=process)}
    shares = {(s.question, s.answer): s.percent
              for s in AreaShare.objects.filter(process=process)}
    out = []
    for question, (heading, answers) in QUESTIONS.items():
        groups = merge_small([(key, counts.get((question, key), 0)) for key, _l in answers])
        total = sum(g.count for g in groups)
        rows = []
        for group in groups:
            area = [shares.get((question, key)) for key in group.members]
            rows.append({
                "labels": [label(question, key) for key in group.members],
                "count": group.count,
                "percent": round(Decimal(100 * group.count) / total, 1) if total else None,
                "area_percent": sum(area) if all(a is not None for a in area) else None,
            })
        out.append({"question": question, "heading": heading, "rows": rows, "total": total})
    return out


def waiting(*, process: Process) -> int:
    """Sealed answers not yet counted: how many, and nothing else."""
    return SealedAnswers.objects.filter(process=process).count()
