"""Phase dates that follow today, so each demo round stays in its phase whenever it is loaded."""

from datetime import timedelta

from django.utils import timezone

from budgeting.models import Process

# Days from today of ideas_start, review_start, shortlisting_start, voting_start, voting_end.
OFFSETS = {
    "ideas": (-20, 10, 40, 60, 81),
    "review": (-50, -10, 20, 45, 66),
    "shortlisting": (-90, -60, -10, 25, 46),
    "voting": (-120, -90, -60, -7, 14),
    # A round that voted for a hundred days (long enough for a paper batch a month ago) and is
    # on its last day; then closed two days ago; then three weeks ago.
    "last_day": (-200, -170, -140, -100, 0),
    "just_closed": (-200, -170, -140, -100, -2),
    "results": (-200, -170, -140, -100, -21),
}
FIELDS = ("ideas_start", "review_start", "shortlisting_start", "voting_start", "voting_end")


def dates(phase: str) -> dict:
    today = timezone.localdate()
    return {field: today + timedelta(days=days) for field, days in zip(FIELDS, OFFSETS[phase],
                                                                      strict=True)}


def round_in(slug: str, phase: str, **details) -> tuple[Process, bool]:
    """The round `slug`, created in `phase` or with its dates moved to keep it there."""
    process, created = Process.objects.get_or_create(slug=slug,
                                                     defaults={**details, **dates(phase)})
    move_to(process, phase)
    return process, created


def move_to(process: Process, phase: str) -> None:
    """Let time pass: the round's dates move so that it is in `phase` today. This is the demo
    playing a round forward, not something staff can do (its dates freeze once voting opens)."""
    Process.objects.filter(pk=process.pk).update(**dates(phase))
    process.refresh_from_db()
