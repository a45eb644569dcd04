"""Writes for delivery: staff post dated updates on funded projects, and proposers hear when
their idea is funded and when it has been delivered.

`delivery_update_post` is one transaction that locks the project first, so two moderators
posting at once cannot interleave; every update is written to the audit log. Emails go only
after the transaction has committed, and a message that cannot be sent is logged: the update
stands either way.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from datetime import date
from functools import partial

from django.conf import settings
from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from budgeting.audit import audit_record, snapshot
from budgeting.delivery.models import DeliveryStatus, DeliveryUpdate
from budgeting.models import Project
from budgeting.money import format_money
from budgeting.permissions import check_moderator
from budgeting.proposals.models import Proposal

logger = logging.getLogger(__name__)

Letter = tuple[str, str, str]  # recipient, subject, body


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


def delivery_update_post(
    *, staff: User, project: Project, status: str, on: date, text: str, reason: str = ""
) -> DeliveryUpdate:
    """Post a dated update on a funded project; its delivery status becomes `status`.

    When the project becomes delivered, the proposers of its proposals are told by email once
    the update has been committed.
    """
    update, letters = _post(staff=staff, project=project, status=status, on=on, text=text,
                            reason=reason)
    _send_after_commit(letters, about="a delivered project")
    return update


@transaction.atomic
def _post(
    *, staff: User, project: Project, status: str, on: date, text: str, reason: str
) -> tuple[DeliveryUpdate, list[Letter]]:
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
    letters = letters_delivered(project) if newly_delivered else []
    return update, letters


def notify_funded(*, projects: Iterable[Project]) -> int:
    """Tell the proposers of each funded project that their idea has been funded.

    Call it once the results are committed. Projects that are not funded are skipped. Returns
    the number of messages handed to the mailer (after the current transaction, if any).
    """
    letters = [letter for project in projects if project.is_funded
               for letter in letters_funded(project)]
    _send_after_commit(letters, about="a funded project")
    return len(letters)


def _proposals(project: Project) -> list[Proposal]:
    return list(
        project.proposals.select_related("author", "envelope__process").order_by("id")
    )


def _name(proposal: Proposal) -> str:
    return proposal.author.first_name or proposal.author.email


def _letters(project: Project, subject: str, body: str, **extra) -> list[Letter]:
    """One message per proposal the project came from, to its proposer."""
    letters = []
    for proposal in _proposals(project):
        if not proposal.author.email:
            continue
        values = {"name": _name(proposal), "title": proposal.title, "ref": proposal.reference,
                  "project": project.title, "envelope": project.envelope.name, **extra}
        letters.append((proposal.author.email, subject % values, body % values))
    return letters


def letters_funded(project: Project) -> list[Letter]:
    """Tell each proposer the project their idea became was funded."""
    return _letters(
        project,
        _("Your idea “%(title)s” has been funded"),
        _("Hello %(name)s,\n\nGood news: your idea “%(title)s” (%(ref)s) has been funded. "
          "Residents voted for the project “%(project)s” in %(envelope)s, with %(cost)s to "
          "spend on it.\n\nWe will post updates on the project's page as the work goes on.\n"),
        cost=format_money(project.cost, project.envelope.process.currency, pence=True),
    )


def letters_delivered(project: Project) -> list[Letter]:
    """Tell each proposer the project their idea became is done."""
    return _letters(
        project,
        _("Your idea “%(title)s” has been delivered"),
        _("Hello %(name)s,\n\nYour idea “%(title)s” (%(ref)s) has been delivered: the project "
          "“%(project)s” in %(envelope)s is done.\n\nThank you for proposing it.\n"),
    )


def _send_after_commit(letters: list[Letter], *, about: str) -> None:
    if letters:
        # Outside a transaction this sends at once; inside one, only once it has committed.
        transaction.on_commit(partial(_send, letters, about=about))


def _send(letters: list[Letter], *, about: str) -> None:
    for recipient, subject, body in letters:
        # What was recorded stands even if a message cannot be sent; the failure is logged.
        try:
            send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [recipient])
        except Exception:
            logger.exception("Could not email %s about %s", recipient, about)
