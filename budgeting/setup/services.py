"""Setting a round up from Kist's own pages: a council admin starts a draft, the round's
process admins fill it in, and "check and publish" says what is missing and publishes it."""

from decimal import Decimal

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from budgeting.audit import audit_record, snapshot
from budgeting.models import Envelope, Membership, Partner, Process, Ward
from budgeting.permissions import check_process_admin

ROUND_FIELDS = ["title", "area", "description", "currency", "ideas_start", "supports_start",
                "review_start", "shortlisting_start", "voting_start", "voting_end",
                "comment_phases", "vote_reminders"]
ENVELOPE_FIELDS = ["name", "description", "amount", "postcode_prefixes", "minimum_age",
                   "maximum_age", "supports_limit", "financial_year", "spending", "fund_source"]


def is_council_admin(user) -> bool:
    return user.is_authenticated and (user.is_superuser
                                      or user.has_perm("budgeting.add_process"))


def check_council_admin(user) -> None:
    if not is_council_admin(user):
        raise PermissionDenied(_("Only council admins start new rounds."))


def _free_slug(title: str) -> str:
    base = slugify(title)[:70] or "round"
    slug, n = base, 2
    while Process.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


@transaction.atomic
def round_start(*, admin: User, partner: Partner, **fields) -> Process:
    """A new round, as a draft seen only by its staff; `admin` is its first process admin, for
    `partner` (the council running it)."""
    check_council_admin(admin)
    process = Process(slug=_free_slug(fields.get("title", "")), published_at=None, **fields)
    process.full_clean()
    process.save()
    process.partners.add(partner)
    Membership.objects.create(user=admin, process=process, partner=partner,
                              role=Membership.Role.PROCESS_ADMIN)
    audit_record(actor=admin, process=process, action="round.started", target=process,
                 after=snapshot(process, ROUND_FIELDS))
    return process


@transaction.atomic
def round_update(*, admin: User, process: Process, **fields) -> Process:
    process = Process.objects.select_for_update().get(pk=process.pk)
    check_process_admin(user=admin, process=process)
    before = snapshot(process, ROUND_FIELDS)
    for name, value in fields.items():
        setattr(process, name, value)
    process.full_clean()
    process.save()  # the voting dates refuse to change once voting has started
    audit_record(actor=admin, process=process, action="round.details_changed", target=process,
                 before=before, after=snapshot(process, ROUND_FIELDS))
    return process


@transaction.atomic
def partners_set(*, admin: User, process: Process, partners: list[Partner]) -> Process:
    check_process_admin(user=admin, process=process)
    if not partners:
        raise ValidationError({"partners": _("Choose at least one partner.")})
    before = sorted(p.name for p in process.partners.all())
    process.partners.set(partners)
    audit_record(actor=admin, process=process, action="round.partners_changed",
                 target=process, before={"partners": before},
                 after={"partners": sorted(p.name for p in partners)})
    return process


@transaction.atomic
def envelope_save(*, admin: User, process: Process, envelope: Envelope | None = None,
                  wards: list[Ward] | None = None, **fields) -> Envelope:
    check_process_admin(user=admin, process=process)
    before = snapshot(envelope, ENVELOPE_FIELDS) if envelope else None
    envelope = envelope or Envelope(process=process)
    for name, value in fields.items():
        setattr(envelope, name, value)
    envelope.full_clean()
    envelope.save()  # refused, by field, once the envelope's first ballot is cast
    if wards is not None and set(envelope.wards.all()) != set(wards):
        envelope.wards.set(wards)
    audit_record(actor=admin, process=process,
                 action="envelope.changed" if before else "envelope.added", target=envelope,
                 before=before, after=snapshot(envelope, ENVELOPE_FIELDS)
                 | {"wards": sorted(w.name for w in envelope.wards.all())})
    return envelope


def missing(process: Process) -> list[str]:
    """What stops the round being published, in words; empty when it is ready."""
    gaps = []
    envelopes = list(process.envelopes.all())
    if not envelopes:
        gaps.append(_("Add at least one budget (envelope), with its amount."))
    for envelope in envelopes:
        if envelope.amount is None or envelope.amount < Decimal("1"):
            gaps.append(_("%(e)s needs an amount.") % {"e": envelope.name})
        if not envelope.postcode_prefixes.strip() and not envelope.wards.exists():
            gaps.append(_("%(e)s needs the wards or postcode areas it is for.")
                        % {"e": envelope.name})
    if not process.partners.exists():
        gaps.append(_("Choose the partners taking part."))
    if not Membership.objects.filter(process=process, role=Membership.Role.PROCESS_ADMIN).exists():
        gaps.append(_("The round needs a process admin."))
    return gaps


@transaction.atomic
def round_publish(*, admin: User, process: Process) -> Process:
    process = Process.objects.select_for_update().get(pk=process.pk)
    check_process_admin(user=admin, process=process)
    if not process.is_draft:
        raise ValidationError(_("This round is published already."), code="published")
    if gaps := missing(process):
        raise ValidationError(gaps, code="missing")
    process.published_at = timezone.now()
    process.save(update_fields=["published_at"])
    audit_record(actor=admin, process=process, action="round.published", target=process,
                 after={"published": process.published_at.isoformat(timespec="minutes")})
    return process
