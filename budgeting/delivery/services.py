"""Writes for delivery: staff post dated updates on funded projects, and proposers hear when
their idea is funded and when it has been delivered.

`delivery_update_post` is one transaction that locks the project first, so two moderators
posting at once cannot interleave; every update is written to the audit log. Letters go
through budgeting.letters, once the update has committed.
"""

from __future__ import annotations

from datetime import date

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from budgeting import letters
from budgeting.audit import audit_record, snapshot
from budgeting.delivery.models import DeliveryStatus, DeliveryUpdate
from budgeting.models import Project
from budgeting.permissions import check_moderator


def _locked(project: Project) -> Project:
    return (
        Project.objects.select_for_update()
        .select_related("envelope__process")
        .get(pk=project.pk)
    )


def check_funded(*, project: Project) -> None:
    if not project.is_funded:
        raise ValidationError(
            _("“%(title)s” has not been funded, so there is no delivery to report on.")
            % {"title": project.title},
            code="not_funded",
        )


def check_update(*, project: Project, status: str, on: date, text: str, reason: str) -> None:
    """Every rule an update must meet, all reported at once, each at its own field."""
    errors: dict[str, str] = {}
    if status not in DeliveryStatus.values:
        errors["status"] = _("Choose one of the statuses listed.")
    today = timezone.localdate()
    if on > today:
        errors["on"] = _("The date cannot be in the future.")
    else:
        latest = project.updates.order_by("-on", "-id").first()
        if latest is not None and on < latest.on:
            # The timeline and the project's status must agree on which update is the latest.
            errors["on"] = _(
                "The date cannot be before the latest update, on %(day)s."
            ) % {"day": date_format(latest.on, "j F Y")}
    if not text.strip():
        errors["text"] = _("Enter the update.")
    if status == DeliveryStatus.CANCELLED and not reason.strip():
        errors["reason"] = _("Enter why the project was cancelled.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def delivery_update_post(
    *, staff: User, project: Project, status: str, on: date, text: str, reason: str = ""
) -> DeliveryUpdate:
    """Post a dated update on a funded project; its delivery status becomes `status`.

    When the project becomes delivered, the proposers of its proposals are told by email once
    the update has been committed.
    """
    project = _locked(project)
    check_moderator(user=staff, process=project.envelope.process)
    check_funded(project=project)
    check_update(project=project, status=status, on=on, text=text, reason=reason)
    update = DeliveryUpdate(
        project=project, status=status, on=on, text=text.strip(),
        # A reason is only ever shown for a cancelled project; keep no stray one.
        reason=reason.strip() if status == DeliveryStatus.CANCELLED else "",
        posted_by=staff,
    )
    update.full_clean()
    update.save()
    before = snapshot(project, ["delivery_status"])
    newly_delivered = (
        status == DeliveryStatus.DELIVERED and project.delivery_status != DeliveryStatus.DELIVERED
    )
    project.delivery_status = status
    project.save(update_fields=["delivery_status"])
    audit_record(
        actor=staff, process=project.envelope.process, action="delivery.updated",
        target=project, before=before,
        after={**snapshot(project, ["delivery_status"]), "update": update.pk,
               "on": on.isoformat(), "text": update.text, "reason": update.reason},
    )
    if newly_delivered:
        letters.send_after_commit(letters.delivered(project), about="a delivered project")
    return update
