"""What may not change once an envelope's first ballot is cast: its amount and eligibility, its
projects, and the process's voting dates (the ballot rules freeze themselves: voting.rules).

The refusal sits on the models' save, delete and ward links, so it holds on every path: the
staff pages, the Django admin, the shell. A change that must happen anyway (a typo in a project's
title, a closing date put back) is a recorded correction (voting.corrections), which opens only
the one field it corrects, for the length of its own transaction.
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import date

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db.models import Model
from django.db.models.signals import m2m_changed, pre_delete, pre_save
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from budgeting.models import Envelope, Process, Project, Translation
from voting.rules import locked_on, rules_of

FROZEN_FIELDS: dict[type[Model], tuple[str, ...]] = {
    Envelope: ("process", "amount", "postcode_prefixes", "minimum_age", "maximum_age"),
    Project: ("envelope", "title", "summary", "description", "cost", "position"),
    Process: ("voting_start", "voting_end"),
}
# What a recorded correction may change, with a reason, once voting has started.
CORRECTABLE = {Project: ("title", "summary", "description"), Process: ("voting_end",)}

_correcting: ContextVar[frozenset[tuple[type[Model], int, str]]] = ContextVar(
    "correcting", default=frozenset())


class Frozen(ValidationError):
    pass


def envelope_frozen_on(envelope_id: int | None) -> date | None:
    if envelope_id is None:
        return None
    return locked_on(rules_of(Envelope(pk=envelope_id)))


def frozen_on(instance: Model) -> date | None:
    """The day voting froze what this belongs to, or None while it may still change."""
    if isinstance(instance, Envelope):
        return envelope_frozen_on(instance.pk)
    if isinstance(instance, Project):
        return envelope_frozen_on(instance.envelope_id)
    if isinstance(instance, Process) and instance.pk is not None:
        days = [envelope_frozen_on(pk) for pk in
                Envelope.objects.filter(process_id=instance.pk).values_list("pk", flat=True)]
        return min((day for day in days if day), default=None)
    return None


def _message(day: date) -> str:
    return _("The first ballot was cast on %(day)s, so this can no longer change. A typo in a "
             "project, or a closing date put back, can be corrected with a reason from the "
             "results staff page.") % {"day": date_format(day, "j F Y")}


def frozen_changes(instance: Model, values: dict) -> dict[str, str]:
    """{field: why not} for each frozen field whose new value differs from the stored one."""
    model = type(instance)
    fields = FROZEN_FIELDS.get(model, ())
    day = frozen_on(instance)
    if not fields or day is None:
        return {}
    stored = model._default_manager.filter(pk=instance.pk).values(
        *[f"{name}_id" if name in ("process", "envelope") else name for name in fields]).first()
    if stored is None:
        return {NON_FIELD_ERRORS: _(
            "The first ballot was cast on %(day)s, so no project can be added to this envelope."
        ) % {"day": date_format(day, "j F Y")}}
    allowed = _correcting.get()
    changed = {}
    for name in fields:
        column = f"{name}_id" if name in ("process", "envelope") else name
        if name not in values:
            continue
        new = values[name]
        new = getattr(new, "pk", new)
        if new != stored[column]:
            if (model, instance.pk, name) not in allowed:
                changed[name] = _message(day)
    return changed


def check_unfrozen(instance: Model, values: dict) -> None:
    if changed := frozen_changes(instance, values):
        raise Frozen(changed)


@contextmanager
def correcting(instance: Model, field: str) -> Iterator[None]:
    """Open one frozen field of one object, for a recorded correction."""
    if field not in CORRECTABLE.get(type(instance), ()):
        raise ValueError(f"{type(instance).__name__}.{field} cannot be corrected")
    token = _correcting.set(_correcting.get() | {(type(instance), instance.pk, field)})
    try:
        yield
    finally:
        _correcting.reset(token)


def _refuse_save(sender, instance, raw=False, **kwargs) -> None:
    if raw:
        return  # loading fixtures
    fields = FROZEN_FIELDS[sender]
    check_unfrozen(instance, {name: getattr(instance, f"{name}_id" if name in
                                            ("process", "envelope") else name)
                              for name in fields})


def _refuse_delete(sender, instance, **kwargs) -> None:
    if (day := frozen_on(instance)) is not None:
        raise Frozen(_message(day))


def _refuse_ward_change(sender, instance, action, **kwargs) -> None:
    if action in ("pre_add", "pre_remove", "pre_clear") and isinstance(instance, Envelope):
        if (day := frozen_on(instance)) is not None:
            raise Frozen({"wards": _message(day)})


def _refuse_project_words(sender, instance, raw=False, **kwargs) -> None:
    """A project's words in another language freeze with its English: a Gaelic reader's ballot
    must not change under them either."""
    if raw or instance.content_type.model_class() is not Project:
        return
    if instance.field not in FROZEN_FIELDS[Project]:
        return
    if (day := envelope_frozen_on(Project.objects.filter(pk=instance.object_id)
                                  .values_list("envelope_id", flat=True).first())) is not None:
        raise Frozen({instance.field: _message(day)})


def connect() -> None:
    pre_save.connect(_refuse_project_words, sender=Translation,
                     dispatch_uid="freeze-project-words")
    pre_delete.connect(_refuse_project_words, sender=Translation,
                       dispatch_uid="freeze-project-words-delete")
    for model in FROZEN_FIELDS:
        pre_save.connect(_refuse_save, sender=model, dispatch_uid=f"freeze-{model.__name__}")
    pre_delete.connect(_refuse_delete, sender=Project, dispatch_uid="freeze-project-delete")
    pre_delete.connect(_refuse_delete, sender=Envelope, dispatch_uid="freeze-envelope-delete")
    m2m_changed.connect(_refuse_ward_change, sender=Envelope.wards.through,
                        dispatch_uid="freeze-wards")
