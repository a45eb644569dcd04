"""Reads that need more than a one-line query."""

from django.db.models import Count, QuerySet

from budgeting.models import AuditEntry, Process


def process_list() -> QuerySet[Process]:
    return Process.objects.annotate(envelope_count=Count("envelopes"))












def audit_log(*, process: Process) -> QuerySet[AuditEntry]:
    return AuditEntry.objects.filter(process=process).select_related("actor")
