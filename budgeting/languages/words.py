"""A round's own words in the reader's language: which texts can be translated, reading them
with English as the fallback, and saving them (audited).

`said(obj, "title")` is what a reader sees: the translation in the active language if one was
written, else the English. `attach(objects)` loads every translation of a page's objects in one
query, so a ballot of twenty projects costs one read, not twenty.
"""

from collections.abc import Iterable

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import translation

from budgeting.audit import audit_record
from budgeting.languages.models import Translation

CACHE = "_kist_said"


def translatable() -> dict[type[models.Model], tuple[str, ...]]:
    from budgeting.council.models import SitePage
    from budgeting.models import Envelope, Process, Project

    return {Process: ("title", "area", "description"), Envelope: ("name", "description"),
            Project: ("title", "summary", "description"), SitePage: ("body",)}


def other_languages() -> list[tuple[str, str]]:
    return [(code, name) for code, name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]


def _active() -> str | None:
    language = translation.get_language() or settings.LANGUAGE_CODE
    return None if language == settings.LANGUAGE_CODE else language


def attach(objects: Iterable[models.Model]) -> None:
    """Load the active language's words for `objects` (of one or more models) at once."""
    language = _active()
    objects = [o for o in objects if o is not None and o.pk is not None]
    if language is None or not objects:
        return
    by_type: dict[int, dict[int, models.Model]] = {}
    for obj in objects:
        ct = ContentType.objects.get_for_model(obj)
        by_type.setdefault(ct.pk, {})[obj.pk] = obj
        setattr(obj, CACHE, {"language": language, "words": {}})
    query = models.Q()
    for ct_id, found in by_type.items():
        query |= models.Q(content_type_id=ct_id, object_id__in=list(found))
    for row in Translation.objects.filter(query, language=language).values(
            "content_type_id", "object_id", "field", "text"):
        obj = by_type[row["content_type_id"]].get(row["object_id"])
        if obj is not None:
            getattr(obj, CACHE)["words"][row["field"]] = row["text"]


def said(obj: models.Model | None, field: str) -> str:
    """`obj`'s `field` as the reader should see it."""
    if obj is None:
        return ""
    english = getattr(obj, field, "") or ""
    language = _active()
    if language is None or obj.pk is None:
        return english
    cached = getattr(obj, CACHE, None)
    if cached is None or cached["language"] != language:
        attach([obj])
        cached = getattr(obj, CACHE)
    return cached["words"].get(field) or english


def words_of(obj: models.Model, language: str) -> dict[str, str]:
    ct = ContentType.objects.get_for_model(obj)
    return dict(Translation.objects.filter(content_type=ct, object_id=obj.pk, language=language)
                .values_list("field", "text"))


@transaction.atomic
def words_save(*, actor, process, obj: models.Model, language: str,
               words: dict[str, str]) -> bool:
    """Save `obj`'s words in `language` (an empty text removes it); whether anything changed.
    A project's words freeze with the project once voting starts (voting.freezing)."""
    fields = translatable()[type(obj)]
    if language not in dict(other_languages()):
        raise ValueError(f"not a language to translate into: {language}")
    ct = ContentType.objects.get_for_model(obj)
    before = words_of(obj, language)
    after = {}
    for field in fields:
        text = (words.get(field) or "").strip()
        if text == before.get(field, ""):
            if text:
                after[field] = text
            continue
        if text:
            row, _created = Translation.objects.get_or_create(
                content_type=ct, object_id=obj.pk, field=field, language=language,
                defaults={"text": text})
            if not _created:
                row.text = text
                row.save()
            after[field] = text
        else:
            for row in Translation.objects.filter(content_type=ct, object_id=obj.pk,
                                                  field=field, language=language):
                row.delete()
    if after == before:
        return False
    audit_record(actor=actor, process=process, action="words.translated", target=obj,
                 before={f"{k} [{language}]": v for k, v in before.items()},
                 after={f"{k} [{language}]": v for k, v in after.items()})
    return True
