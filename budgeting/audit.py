from decimal import Decimal
from typing import Any

from django.contrib.auth.models import User
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

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
    "account.second_factor_removed": gettext_lazy("Removed a person's second factor"),
    "account.deleted": gettext_lazy("A resident deleted their account"),
    "account.council_admin_granted": gettext_lazy("Made someone a council admin"),
    "account.council_admin_removed": gettext_lazy("Removed someone's council admin role"),
    "personal_data.purged": gettext_lazy("Removed personal data the round no longer needs"),
    "round.started": gettext_lazy("Started a round as a draft"),
    "council.look_changed": gettext_lazy("Changed the council's look"),
    "council.page_changed": gettext_lazy("Changed a standing page"),
    "words.translated": gettext_lazy("Changed the words in another language"),
    "monitoring.area_shares_set": gettext_lazy("Entered the area's census figures"),
    "round.details_changed": gettext_lazy("Changed the round's details"),
    "round.partners_changed": gettext_lazy("Changed the partners taking part"),
    "round.envelope_added": gettext_lazy("Added a budget"),
    "round.envelope_changed": gettext_lazy("Changed a budget"),
    "round.published": gettext_lazy("Published the round"),
    "invitation.sent": gettext_lazy("Invited someone to the team"),
    "invitation.accepted": gettext_lazy("Accepted an invitation to the team"),
    "invitation.withdrawn": gettext_lazy("Withdrew an invitation"),
    "membership.removed": gettext_lazy("Removed someone from the team"),
    "ballot_rules.updated": gettext_lazy("Changed the ballot rules"),
    "codes.issued": gettext_lazy("Issued voting codes"),
    "correction.made": gettext_lazy("Made a correction after voting started"),
    "delivery.updated": gettext_lazy("Posted a delivery update"),
    "election.imported": gettext_lazy("Imported an election"),
    "paper_ballot.entered": gettext_lazy("Entered a paper ballot"),
    "paper_ballot.spoilt": gettext_lazy("Recorded a spoilt paper"),
    "paper_ballot.voided": gettext_lazy("Voided a mistyped paper entry"),
    "paper_batch.opened": gettext_lazy("Opened a paper batch"),
    "paper_batch.opened_late": gettext_lazy("Opened a paper batch after voting closed"),
    "paper_batch.redeclared": gettext_lazy("Corrected a paper batch's declared number"),
    "paper_batch.close_asked": gettext_lazy("Asked to close a paper batch"),
    "paper_batch.returned": gettext_lazy("Sent a paper batch back for corrections"),
    "paper_batch.closed": gettext_lazy("Confirmed and closed a paper batch"),
    "paper_batch.approved": gettext_lazy("Approved a late paper batch"),
    "proposal.review_started": gettext_lazy("Took a proposal into review"),
    "proposal.reviewed": gettext_lazy("Recorded a review decision"),
    "proposal.hidden": gettext_lazy("Hid a proposal"),
    "comment.hidden": gettext_lazy("Hid a comment"),
    "comment.restored": gettext_lazy("Made a hidden comment public again"),
    "picture.added": gettext_lazy("Added a picture to a ballot project"),
    "picture.removed": gettext_lazy("Removed a picture"),
    "proposal.restored": gettext_lazy("Restored a hidden proposal"),
    "register.marked": gettext_lazy("Marked a voter at the paper desk"),
    "shortlist.panel_set_up": gettext_lazy("Set up a shortlisting panel"),
    "shortlist.own_submitted": gettext_lazy("Submitted an Own ranking"),
    "shortlist.pairs_suggested": gettext_lazy("Suggested the panel's pairs"),
    "shortlist.pair_agreed": gettext_lazy("Agreed a pair's picks"),
    "shortlist.project_arranged": gettext_lazy("Arranged a ballot project"),
    "shortlist.project_removed": gettext_lazy("Removed a ballot project"),
    "shortlist.proposal_carried_over": gettext_lazy("Carried a proposal over"),
    "shortlist.proposal_left_out": gettext_lazy("Left a proposal out of the ballot"),
    "shortlist.proposal_put_back": gettext_lazy("Put a proposal back"),
    "shortlist.approvals_cleared": gettext_lazy("Cleared the shortlist's approvals"),
    "shortlist.approved": gettext_lazy("Approved the shortlist"),
    "shortlist.published": gettext_lazy("Published the shortlist"),
    "tally.count_requested": gettext_lazy("Asked for a count"),
    "tally.counted": gettext_lazy("Counted an envelope"),
    "tally.published": gettext_lazy("Published a count"),
}
VERBS = {"created": gettext_lazy("Created"), "changed": gettext_lazy("Changed"),
         "deleted": gettext_lazy("Deleted")}


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
