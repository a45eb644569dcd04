"""Reads for pictures."""

from django.db.models import QuerySet

from budgeting.pictures.models import Picture


def pictures_of(target) -> QuerySet[Picture]:
    """What a proposal's or a project's page shows: its pictures in the order they were added,
    a removed one kept in its place to say why it was removed."""
    kind = "proposal" if target._meta.model_name == "proposal" else "project"
    return Picture.objects.filter(**{kind: target}).order_by("created_at", "id")


def shown_pictures(target) -> QuerySet[Picture]:
    """The pictures anyone may see of a proposal or a project (the open API): none removed."""
    return pictures_of(target).filter(removed_at__isnull=True)


def picture_in(*, process, pk: int) -> Picture | None:
    """A picture of a proposal or a project of this round."""
    picture = (Picture.objects.select_related("proposal__envelope__process",
                                              "project__envelope__process")
               .filter(pk=pk).first())
    if picture is None or picture.target.envelope.process_id != process.pk:
        return None
    return picture
