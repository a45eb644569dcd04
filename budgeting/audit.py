from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from budgeting.models import AuditEntry, Process


def snapshot(instance: models.Model, fields: list[str]) -> dict[str, Any]:
    """The named fields of an instance as JSON-safe values, for the before/after of an entry."""
    out: dict[str, Any] = {}
    for name in fields:
        value = getattr(instance, name)
        if isinstance(value, Decimal):
            value = str(value)
        elif hasattr(value, "isoformat"):
            value = value.isoformat()
        elif isinstance(value, models.Model):
            value = value.pk
        out[name] = value
    return out


def audit_record(
    *,
    actor: User | None,
    process: Process | None,
    action: str,
    target: models.Model,
    before: dict | None = None,
    after: dict | None = None,
) -> AuditEntry:
    return AuditEntry.objects.create(
        actor=actor,
        process=process,
        action=action,
        target_type=target._meta.model_name,
        target_id=str(target.pk),
        target_label=str(target)[:300],
        before=before or {},
        after=after or {},
    )


# What each action is called on the audit log page and in its CSV, in plain words.
ACTION_NAMES = {
    "account.second_factor_removed": _l("Removed a person's second factor"),
    "account.deleted": _l("A resident deleted their account"),
    "account.council_admin_granted": _l("Made someone a council admin"),
    "account.council_admin_removed": _l("Removed someone's council admin role"),
    "personal_data.purged": _l("Removed personal data the round no longer needs"),
    "round.started": _l("Started a round as a draft"),
    "council.look_changed": _l("Changed the council's look"),
    "council.page_changed": _l("Changed a standing page"),
    "words.translated": _l("Changed the words in another language"),
    "monitoring.area_shares_set": _l("Entered the area's census figures"),
    "round.details_changed": _l("Changed the round's details"),
    "round.partners_changed": _l("Changed the partners taking part"),
    "round.envelope_added": _l("Added a budget"),
    "round.envelope_changed": _l("Changed a budget"),
    "round.published": _l("Published the round"),
    "invitation.sent": _l("Invited someone to the team"),
    "invitation.accepted": _l("Accepted an invitation to the team"),
    "invitation.withdrawn": _l("Withdrew an invitation"),
    "membership.removed": _l("Removed someone from the team"),
    "ballot_rules.updated": _l("Changed the ballot rules"),
    "codes.issued": _l("Issued voting codes"),
    "correction.made": _l("Made a correction after voting started"),
    "delivery.updated": _l("Posted a delivery update"),
    "election.imported": _l("Imported an election"),
    "paper_ballot.entered": _l("Entered a paper ballot"),
    "paper_ballot.spoilt": _l("Recorded a spoilt paper"),
    "paper_ballot.voided": _l("Voided a mistyped paper entry"),
    "paper_batch.opened": _l("Opened a paper batch"),
    "paper_batch.opened_late": _l("Opened a paper batch after voting closed"),
    "paper_batch.redeclared": _l("Corrected a paper batch's declared number"),
    "paper_batch.close_asked": _l("Asked to close a paper batch"),
    "paper_batch.returned": _l("Sent a paper batch back for corrections"),
    "paper_batch.closed": _l("Confirmed and closed a paper batch"),
    "paper_batch.approved": _l("Approved a late paper batch"),
    "proposal.review_started": _l("Took a proposal into review"),
    "proposal.reviewed": _l("Recorded a review decision"),
    "proposal.hidden": _l("Hid a proposal"),
    "proposal.restored": _l("Restored a hidden proposal"),
    "register.marked": _l("Marked a voter at the paper desk"),
    "shortlist.panel_set_up": _l("Set up a shortlisting panel"),
    "shortlist.own_submitted": _l("Submitted an Own ranking"),
    "shortlist.pairs_suggested": _l("Suggested the panel's pairs"),
    "shortlist.pair_agreed": _l("Agreed a pair's picks"),
    "shortlist.project_arranged": _l("Arranged a ballot project"),
    "shortlist.project_removed": _l("Removed a ballot project"),
    "shortlist.proposal_carried_over": _l("Carried a proposal over"),
    "shortlist.proposal_left_out": _l("Left a proposal out of the ballot"),
    "shortlist.proposal_put_back": _l("Put a proposal back"),
    "shortlist.approvals_cleared": _l("Cleared the shortlist's approvals"),
    "shortlist.approved": _l("Approved the shortlist"),
    "shortlist.published": _l("Published the shortlist"),
    "tally.count_requested": _l("Asked for a count"),
    "tally.counted": _l("Counted an envelope"),
    "tally.published": _l("Published a count"),
}
VERBS = {"created": _l("Created"), "changed": _l("Changed"), "deleted": _l("Deleted")}


def action_name(action: str) -> str:
    """"paper_batch.redeclared" → "Corrected a paper batch's declared number"; an admin edit
    ("envelope.changed") → "Changed envelope (in the admin)"."""
    if action in ACTION_NAMES:
        return str(ACTION_NAMES[action])
    thing, _dot, verb = action.partition(".")
    if verb in VERBS:
        return _("%(verb)s %(thing)s (in the admin)") % {
            "verb": VERBS[verb], "thing": thing.replace("_", " ")}
    return action


def changes(entry: AuditEntry) -> list[tuple[str, str, str]]:
    """(what, before, after) for each thing an entry records, in words: a readable list."""
    before, after = entry.before or {}, entry.after or {}
    keys = list(dict.fromkeys([*before, *after]))

    def shown(value) -> str:
        if value is None or value == "":
            return "—"
        if isinstance(value, list):
            return ", ".join(str(v) for v in value) or "—"
        return str(value)

    return [(key.replace("_", " "), shown(before.get(key)) if key in before else "",
             shown(after.get(key)) if key in after else "") for key in keys]
