"""Writes for pictures. A proposer adds pictures to their own proposal while they may still
change it; the round's staff add pictures to its ballot projects; moderators remove a picture
with a reason that is shown in its place. Each write checks under the row lock of what the
picture belongs to (so two uploads at once cannot make a fourth picture), then writes; staff
actions go to the audit log.

The file is written to storage before the row, and deleted again if the row is not written: a
refused or failed upload leaves no file behind. A file is only deleted from storage once the
row that named it is gone for good (after commit).
"""

from __future__ import annotations

import uuid

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from budgeting.audit import audit_record, snapshot
from budgeting.models import Project
from budgeting.permissions import check_moderator
from budgeting.pictures.images import Reencoded, Refusals, reencode
from budgeting.pictures.models import ALT_LENGTH, FOLDER, Picture
from budgeting.proposals.models import Proposal
from budgeting.proposals.services import check_author_may_edit

MAX_PICTURES = 3
MAX_BYTES = 8 * 1024 * 1024
# A picture is shown at most this big: larger ones are scaled down, keeping their shape.
BOX = (1600, 1600)
# Read from the file's header before anything is decoded (a 12-megapixel phone photo is
# 4000 by 3000): larger ones are refused as possible decompression bombs.
MAX_PIXELS = 50_000_000
REFUSALS = Refusals(
    not_a_picture=gettext_lazy("The file must be a JPEG, PNG or WebP picture."),
    too_many_pixels=gettext_lazy("The picture has too many pixels: at most 50 million "
                                 "(for example 8,000 by 6,000)."),
)
REMOVE_FIELDS = ["removed_at", "removed_reason", "image"]

Target = Proposal | Project


def prepare(data: bytes) -> Reencoded:
    """An upload as it will be stored (see budgeting.pictures.images), or a ValidationError."""
    if len(data) > MAX_BYTES:
        raise ValidationError(_("The picture must be 8 MB or smaller."), code="too_big")
    return reencode(data, max_pixels=MAX_PIXELS, box=BOX, refusals=REFUSALS)


def check_alt(alt: str) -> str:
    alt = " ".join(alt.split())
    if not alt:
        raise ValidationError({"alt": _("Describe the picture for people who cannot see it.")})
    if len(alt) > ALT_LENGTH:
        raise ValidationError({"alt": _("The description must be %(n)s characters or fewer.")
                               % {"n": ALT_LENGTH}})
    return alt


def check_room(*, target: Target) -> None:
    shown = Picture.objects.filter(**{_kind(target): target}, removed_at__isnull=True).count()
    if shown >= MAX_PICTURES:
        raise ValidationError(
            ngettext("There can be at most %(n)s picture; remove one to add another.",
                     "There can be at most %(n)s pictures; remove one to add another.",
                     MAX_PICTURES) % {"n": MAX_PICTURES}, code="full")


def _kind(target: Target) -> str:
    return "proposal" if isinstance(target, Proposal) else "project"


def _locked(target: Target) -> Target:
    return (type(target).objects.select_for_update().select_related("envelope__process")
            .get(pk=target.pk))


def check_may_add_to_proposal(*, proposal: Proposal, author: User) -> None:
    """The proposer, while they may still change the proposal (its own edit rules)."""
    check_author_may_edit(proposal=proposal, author=author)


def check_may_add_to_project(*, project: Project, staff: User) -> None:
    check_moderator(user=staff, process=project.envelope.process)


def _stored(picture: Reencoded) -> str:
    return default_storage.save(f"{FOLDER}/{uuid.uuid4().hex}.{picture.extension}",
                                ContentFile(picture.data))


def _delete_file_after_commit(name: str) -> None:
    if name:
        transaction.on_commit(lambda: default_storage.delete(name))


def _add(*, target: Target, user: User, picture: Reencoded, alt: str, check) -> Picture:
    alt = check_alt(alt)
    name = _stored(picture)
    try:
        with transaction.atomic():
            target = _locked(target)
            check(target)
            check_room(target=target)
            row = Picture.objects.create(**{_kind(target): target}, image=name, alt=alt,
                                         width=picture.width, height=picture.height,
                                         added_by=user)
            if isinstance(target, Project):
                audit_record(actor=user, process=target.envelope.process,
                             action="picture.added", target=row,
                             after={"alt": alt, "file": name})
            return row
    except BaseException:
        default_storage.delete(name)
        raise


def picture_add_to_proposal(*, proposal: Proposal, author: User, picture: Reencoded,
                            alt: str) -> Picture:
    return _add(target=proposal, user=author, picture=picture, alt=alt,
                check=lambda locked: check_may_add_to_proposal(proposal=locked, author=author))


def picture_add_to_project(*, project: Project, staff: User, picture: Reencoded,
                           alt: str) -> Picture:
    return _add(target=project, user=staff, picture=picture, alt=alt,
                check=lambda locked: check_may_add_to_project(project=locked, staff=staff))


def _locked_picture(picture: Picture) -> tuple[Picture, Target]:
    """The picture and what it belongs to, both locked (in that order, as adding locks the
    target first: a picture being removed is never counted twice)."""
    target = _locked(Picture.objects.select_related("proposal", "project").get(
        pk=picture.pk).target)
    return Picture.objects.select_for_update().get(pk=picture.pk), target


@transaction.atomic
def picture_delete(*, picture: Picture, author: User) -> None:
    """A proposer takes back a picture of their own proposal, while they may still change it:
    nothing of it is kept."""
    picture, target = _locked_picture(picture)
    if not isinstance(target, Proposal):
        raise PermissionDenied(_("You can only take back pictures of your own proposals."))
    check_author_may_edit(proposal=target, author=author)
    if picture.is_removed:
        raise ValidationError(_("A moderator has already removed this picture."),
                              code="removed")
    name = picture.image.name
    picture.delete()
    _delete_file_after_commit(name)


@transaction.atomic
def picture_remove(*, picture: Picture, moderator: User, reason: str) -> Picture:
    """A moderator takes a picture down: the file goes, the reason is shown in its place."""
    picture, target = _locked_picture(picture)
    process = target.envelope.process
    check_moderator(user=moderator, process=process)
    if picture.is_removed:
        raise ValidationError(_("This picture has already been removed."), code="removed")
    if not reason.strip():
        raise ValidationError({"reason": _("Enter why this picture is being removed.")})
    name = picture.image.name
    before = snapshot(picture, ["removed_at", "removed_reason"]) | {"file": name}
    picture.removed_at = timezone.now()
    picture.removed_reason = reason.strip()
    picture.image = ""
    picture.save(update_fields=REMOVE_FIELDS)
    audit_record(actor=moderator, process=process, action="picture.removed", target=picture,
                 before=before, after={"removed_at": picture.removed_at.isoformat(),
                                       "removed_reason": picture.removed_reason,
                                       "alt": picture.alt})
    _delete_file_after_commit(name)
    return picture


def picture_delete_all(*, user: User) -> int:
    """Every picture `user` added, and its file (once the deletion is committed): for a
    resident deleting their account. Runs inside that deletion's transaction."""
    pictures = list(Picture.objects.select_for_update().filter(added_by=user))
    for picture in pictures:
        name = picture.image.name
        picture.delete()
        _delete_file_after_commit(name)
    return len(pictures)
