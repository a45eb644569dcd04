"""Reads that need more than a one-line query."""

from datetime import date

from django.db.models import Count, QuerySet

from budgeting.models import AuditEntry, Process


def process_list() -> QuerySet[Process]:
    """Published rounds (drafts are seen only on their set-up pages)."""
    return Process.objects.filter(published_at__isnull=False).annotate(
        envelope_count=Count("envelopes"))












def audit_log(*, process: Process | None, action: str = "", actor_id: int | None = None,
              since: date | None = None, until: date | None = None) -> QuerySet[AuditEntry]:
    entries = AuditEntry.objects.filter(process=process).select_related("actor")
    if action:
        entries = entries.filter(action=action)
    if actor_id:
        entries = entries.filter(actor_id=actor_id)
    if since:
        entries = entries.filter(created_at__date__gte=since)
    if until:
        entries = entries.filter(created_at__date__lte=until)
    return entries


def audit_choices(*, process: Process | None) -> tuple[list[str], list[tuple[int, str]]]:
    """The actions and the people that appear in a process's log (or, for None, the site's own
    log of the council's settings and people's accounts), for its filters."""
    entries = AuditEntry.objects.filter(process=process)
    actions = sorted(set(entries.values_list("action", flat=True)))
    actors = sorted(set(entries.filter(actor__isnull=False)
                        .values_list("actor_id", "actor__email")), key=lambda a: a[1])
    return actions, actors
