"""Recorded corrections: the one way to change what voting froze, each with a reason, audited and
shown on the public results page."""

from datetime import date

from django.contrib.auth.models import User
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from budgeting.audit import audit_record
from budgeting.models import Process, Project
from budgeting.permissions import check_process_admin
from voting import freezing
from voting.corrections.models import Correction

PROJECT_FIELDS = {"title": _("title"), "summary": _("summary"), "description": _("description")}


def _check_reason(reason: str) -> str:
    reason = " ".join(reason.split())
    if len(reason) < 10:
        raise ValidationError({"reason": _("Say why this needs correcting, in a sentence the "
                                           "public will read on the results page.")})
    return reason


def _check_frozen(target) -> None:
    if freezing.frozen_on(target) is None:
        raise ValidationError(_("No ballot has been cast yet, so nothing is frozen: this can be "
                                "changed directly, without a correction."), code="not_frozen")


@transaction.atomic
def project_correct(*, admin: User, project: Project, field: str, value: str, reason: str
                    ) -> Correction:
    project = Project.objects.select_for_update().select_related("envelope__process").get(
        pk=project.pk)
    process = project.envelope.process
    check_process_admin(user=admin, process=process)
    if field not in PROJECT_FIELDS:
        raise ValidationError({"field": _("Choose what to correct.")})
    reason = _check_reason(reason)
    _check_frozen(project)
    before = getattr(project, field)
    value = value.strip()
    if value == before:
        raise ValidationError({"value": _("That is what it says already.")})
    setattr(project, field, value)
    project.full_clean(exclude=["envelope", "proposals"])
    with freezing.correcting(project, field):
        project.save(update_fields=[field])
    return _record(admin=admin, process=process, envelope=project.envelope, target=project,
                   what=_("%(field)s of the project “%(project)s”")
                   % {"field": PROJECT_FIELDS[field], "project": before if field == "title"
                      else project.title},
                   before=before, after=value, reason=reason)


@transaction.atomic
def closing_date_correct(*, admin: User, process: Process, voting_end: date, reason: str
                         ) -> Correction:
    """Put the closing date back (never forward: a voter told "until Friday" keeps Friday)."""
    process = Process.objects.select_for_update().get(pk=process.pk)
    check_process_admin(user=admin, process=process)
    reason = _check_reason(reason)
    _check_frozen(process)
    before = process.voting_end
    if voting_end <= before:
        raise ValidationError({"voting_end": _(
            "Voting closes on %(day)s: a correction can only put that back to a later day."
        ) % {"day": date_format(before, "j F Y")}})
    if process.envelopes.filter(tallies__isnull=False).exists():
        raise ValidationError({"voting_end": _(
            "Votes have been counted already, so voting cannot be reopened.")})
    process.voting_end = voting_end
    process.full_clean()
    with freezing.correcting(process, "voting_end"):
        process.save(update_fields=["voting_end"])
    return _record(admin=admin, process=process, envelope=None, target=process,
                   what=_("Closing date of voting"), before=date_format(before, "j F Y"),
                   after=date_format(voting_end, "j F Y"), reason=reason)


def _record(*, admin, process, envelope, target, what, before, after, reason) -> Correction:
    correction = Correction.objects.create(process=process, envelope=envelope, what=what,
                                           before=str(before), after=str(after), reason=reason,
                                           made_by=admin)
    audit_record(actor=admin, process=process, action="correction.made", target=target,
                 before={"value": str(before)},
                 after={"value": str(after), "reason": reason, "what": str(what)})
    return correction
