"""Plain helpers for the delivery tests: a project made from proposals, funded or not."""

from decimal import Decimal

from django.utils import timezone

from budgeting.models import Project


def make_project(envelope, *proposals, funded=True, **extra) -> Project:
    fields = {"title": "Benches on the river path", "summary": "Ten benches by the river.",
              "description": "Oak benches with armrests.", "cost": Decimal("8000"),
              "panel_reason": "Many people asked for somewhere to rest."}
    fields.update(extra)
    project = Project.objects.create(
        envelope=envelope, funded_at=timezone.now() if funded else None, **fields
    )
    project.proposals.set(proposals)
    return project
