"""Writes for the council's look and pages: council admins only, each change audited."""

from django.contrib.auth.models import User
from django.db import transaction
from django.utils import timezone

from budgeting.audit import audit_record, snapshot
from budgeting.council.models import CouncilLook, SitePage
from budgeting.languages.words import words_save
from budgeting.setup.services import check_council_admin

LOOK_FIELDS = ["council_name", "service_name", "header_colour", "link_colour", "footer_links"]


@transaction.atomic
def look_save(*, admin: User, logo: bytes | None = None, remove_logo: bool = False,
              **fields) -> CouncilLook:
    check_council_admin(admin)
    look, _created = CouncilLook.objects.select_for_update().get_or_create(pk=1)
    before = snapshot(look, LOOK_FIELDS) | {"logo": "yes" if look.logo else "none"}
    for name, value in fields.items():
        setattr(look, name, value)
    if remove_logo:
        look.logo = b""
    elif logo:
        look.logo = logo
    look.updated_at = timezone.now()
    look.save()
    after = snapshot(look, LOOK_FIELDS) | {
        "logo": "new" if logo and not remove_logo else ("yes" if look.logo else "none")}
    audit_record(actor=admin, process=None, action="council.look_changed", target=look,
                 before=before, after=after)
    return look


@transaction.atomic
def page_save(*, admin: User, key: str, body: str,
              translations: dict[str, str] | None = None) -> SitePage:
    check_council_admin(admin)
    page, _created = SitePage.objects.select_for_update().get_or_create(key=key)
    before = page.body
    page.body = body.strip()
    page.updated_at = timezone.now()
    page.save()
    if before != page.body:
        audit_record(actor=admin, process=None, action="council.page_changed", target=page,
                     before={"text": before}, after={"text": page.body})
    for language, text in (translations or {}).items():
        words_save(actor=admin, process=None, obj=page, language=language,
                   words={"body": text})
    return page
