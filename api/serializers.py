"""Serializers of the open data API: output only, and only fields anyone may see.

Each serializer lists its fields by name, never `__all__`, so that a field added to a model
(an author, a private note, a reason for hiding) stays private until someone chooses to
publish it here.
"""

from django.utils import timezone
from drf_spectacular.utils import extend_schema_field, inline_serializer
from rest_framework import serializers

from api.selectors import MAX_ID
from budgeting.delivery.models import DeliveryStatus, DeliveryUpdate
from budgeting.models import Envelope, Partner, Phase, Process, Project
from budgeting.proposals.models import Category, Proposal
from voting.models import VOTING_CHANNELS, BallotRules, Channel
from voting.rules import LIMIT_FIELDS, ballot_limits
from voting.tally import RULES

MAX_SEARCH_LENGTH = 200

# Query parameters: checked before any query runs, so a bad value is a 400 that says which
# parameter is wrong and why, never a 500 or a silently ignored filter.


# "+" not "*": drf-spectacular adds the blank string as a oneOf branch of its own, and a
# blank string must match only that branch.
@extend_schema_field({"type": "string", "maxLength": MAX_SEARCH_LENGTH,
                      "pattern": "^[^\\x00]+$"})
class SearchField(serializers.CharField):
    """Words to search for. A NUL character is refused (400): no database can search for it."""

    def __init__(self, **kwargs):
        super().__init__(required=False, allow_blank=True, max_length=MAX_SEARCH_LENGTH,
                         **kwargs)


class ProcessQuerySerializer(serializers.Serializer):
    phase = serializers.ChoiceField(
        choices=Phase.choices, required=False, allow_blank=True,
        help_text="Only processes in this phase today.",
    )
    q = SearchField(help_text="Words that must all appear in the title or the area.")


class ProposalQuerySerializer(serializers.Serializer):
    envelope = serializers.IntegerField(
        required=False, min_value=1, max_value=MAX_ID,
        help_text="Only proposals for this envelope (an id).",
    )
    status = serializers.ChoiceField(
        choices=Proposal.Status.choices, required=False, allow_blank=True,
        help_text="Only proposals with this review status.",
    )
    category = serializers.ChoiceField(
        choices=Category.choices, required=False, allow_blank=True,
        help_text="Only proposals in this category.",
    )
    q = SearchField(
        help_text="Words that must all appear in the title, summary, description or location."
    )


def query_errors(name: str, fields: list[str]):
    """The 400 body for a query serializer's fields: messages by parameter."""
    return inline_serializer(
        name=name,
        fields={
            field: serializers.ListField(child=serializers.CharField(), required=False)
            for field in fields
        },
    )


DetailSerializer = inline_serializer(
    name="NotFound", fields={"detail": serializers.CharField()}
)


# Processes and partners


class PartnerSerializer(serializers.ModelSerializer):
    class Meta:
        model = Partner
        fields = ["name", "kind", "website"]


class PhaseDatesMixin(serializers.Serializer):
    phase = serializers.ChoiceField(
        choices=Phase.choices, read_only=True, help_text="Follows from the dates, today."
    )


class ProcessSummarySerializer(PhaseDatesMixin, serializers.ModelSerializer):
    envelope_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Process
        fields = ["slug", "title", "area", "phase", "ideas_start", "voting_start", "voting_end",
                  "envelope_count"]


class EnvelopeSummarySerializer(serializers.ModelSerializer):
    project_count = serializers.IntegerField(read_only=True)
    results_published = serializers.BooleanField(read_only=True)

    class Meta:
        model = Envelope
        fields = ["id", "name", "amount", "project_count", "results_published"]


class ProcessDetailSerializer(PhaseDatesMixin, serializers.ModelSerializer):
    partners = PartnerSerializer(many=True, read_only=True)
    envelopes = EnvelopeSummarySerializer(many=True, read_only=True)

    class Meta:
        model = Process
        fields = ["slug", "title", "area", "description", "phase", "ideas_start",
                  "supports_start", "review_start", "shortlisting_start", "voting_start",
                  "voting_end", "partners", "envelopes"]
        extra_kwargs = {"supports_start": {"help_text": "The day proposing closes and a "
                                           "supports phase begins, if the round has one."}}


# Envelopes and their ballot rules


class LimitsSerializer(serializers.Serializer):
    """The limits a ballot must keep; null where the ballot type has no such limit."""

    min_projects = serializers.IntegerField(allow_null=True)
    max_projects = serializers.IntegerField(
        allow_null=True, help_text="Null: no limit other than the budget (knapsack) or none."
    )
    min_spend_percent = serializers.IntegerField(allow_null=True)
    points_total = serializers.IntegerField(allow_null=True)
    points_max_per_project = serializers.IntegerField(allow_null=True)
    ranking_max = serializers.IntegerField(allow_null=True)


class RulesSerializer(serializers.ModelSerializer):
    channels = serializers.ListField(
        child=serializers.ChoiceField(choices=VOTING_CHANNELS), read_only=True,
        help_text="How residents may vote in this envelope.",
    )
    limits = serializers.SerializerMethodField()

    class Meta:
        model = BallotRules
        fields = ["ballot_type", "counting_rule", "channels", "limits", "random_order"]
        extra_kwargs = {
            "ballot_type": {"read_only": True},
            "counting_rule": {"read_only": True},
            "random_order": {"read_only": True, "help_text": (
                "Whether Kist shows each voter the projects in their own random order; a client "
                "presenting this ballot should do the same.")},
        }

    @extend_schema_field(LimitsSerializer)
    def get_limits(self, rules: BallotRules) -> dict:
        used = ballot_limits(rules)
        return {name: used.get(name) for name in LIMIT_FIELDS}


class WardSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class EnvelopeSerializer(serializers.ModelSerializer):
    process = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    postcode_prefixes = serializers.ListField(
        child=serializers.CharField(), source="prefixes", read_only=True,
        help_text="Residents whose postcode starts with one of these may vote; empty for "
        "anyone.",
    )
    wards = serializers.SerializerMethodField(
        help_text="Where set, only residents of these wards (from the council's postcode "
        "directory) may vote, in place of the postcode prefixes."
    )
    rules = serializers.SerializerMethodField(
        help_text="How the envelope votes and counts; null until its rules are set."
    )
    project_count = serializers.IntegerField(read_only=True)
    results_published = serializers.BooleanField(read_only=True)

    class Meta:
        model = Envelope
        fields = ["id", "process", "name", "description", "amount", "postcode_prefixes",
                  "wards", "minimum_age", "maximum_age", "supports_limit", "rules",
                  "project_count", "results_published"]
        extra_kwargs = {"supports_limit": {"help_text": "How many of its ideas one resident "
                                           "may support; 0 where it takes no supports."}}

    @extend_schema_field(WardSerializer(many=True))
    def get_wards(self, envelope: Envelope) -> list[dict]:
        return WardSerializer(envelope.wards.all(), many=True).data

    @extend_schema_field(RulesSerializer(allow_null=True))
    def get_rules(self, envelope: Envelope) -> dict | None:
        # A missing reverse one-to-one raises AttributeError: an envelope may have no rules yet.
        rules = getattr(envelope, "rules", None)
        return RulesSerializer(rules).data if rules is not None else None


# Proposals and projects


class ProposalSerializer(serializers.ModelSerializer):
    """A proposal as the public sees it: no author, no private note, nothing about hiding."""

    reference = serializers.CharField(read_only=True)
    cost = serializers.DecimalField(max_digits=12, decimal_places=2, read_only=True,
                                    help_text="The reviewed cost if there is one, else the "
                                    "estimate.")
    submitted_on = serializers.SerializerMethodField()
    comment_count = serializers.IntegerField(read_only=True, default=0,
                                             help_text="Comments shown on its page.")
    support_count = serializers.IntegerField(
        read_only=True, default=0,
        help_text="Residents who support it (always 0 where its envelope takes no supports).")

    class Meta:
        model = Proposal
        fields = ["id", "reference", "envelope", "title", "summary", "description",
                  "category", "location", "status", "estimated_cost", "reviewed_cost", "cost",
                  "public_reason", "submitted_on", "comment_count", "support_count"]

    @extend_schema_field(serializers.DateField())
    def get_submitted_on(self, proposal: Proposal):
        # The day only, in Kist's time zone, as the web page shows it.
        return timezone.localdate(proposal.created_at).isoformat()


class ProposalRefSerializer(serializers.ModelSerializer):
    reference = serializers.CharField(read_only=True)

    class Meta:
        model = Proposal
        fields = ["id", "reference", "title"]


class DeliveryUpdateSerializer(serializers.ModelSerializer):
    # Who posted an update is staff business; what it says is public.
    class Meta:
        model = DeliveryUpdate
        fields = ["status", "on", "text", "reason"]


class ProjectSerializer(serializers.ModelSerializer):
    code = serializers.CharField(
        read_only=True, help_text="The project's id in counts and ballot files."
    )
    proposals = ProposalRefSerializer(
        many=True, read_only=True, source="public_proposals",
        help_text="The public proposals it was made from.",
    )
    funded = serializers.BooleanField(source="is_funded", read_only=True)
    delivery_status = serializers.ChoiceField(choices=DeliveryStatus.choices, read_only=True)
    updates = DeliveryUpdateSerializer(
        many=True, read_only=True, source="public_updates",
        help_text="Delivery updates, the latest first.",
    )
    comment_count = serializers.IntegerField(read_only=True, default=0,
                                             help_text="Comments shown on its page.")

    class Meta:
        model = Project
        fields = ["id", "envelope", "code", "title", "summary", "description", "cost",
                  "position", "panel_reason", "proposals", "funded", "funded_at",
                  "delivery_status", "updates", "comment_count"]


# Results


class ResultProjectSerializer(serializers.Serializer):
    project_id = serializers.CharField(help_text="The project's id in the count (its code).")
    project = serializers.IntegerField(
        allow_null=True, help_text="Kist's project id, for /api/v1/projects/<id>/."
    )
    name = serializers.CharField()
    cost = serializers.DecimalField(max_digits=None, decimal_places=2)
    support = serializers.IntegerField(
        help_text="Supporters (approval, knapsack), points, or Borda points (ranking)."
    )
    supporters = serializers.IntegerField()
    selected = serializers.BooleanField()
    rank = serializers.IntegerField()
    reason = serializers.CharField(
        help_text="Why it was or was not funded, in English, as the count wrote it, with "
        "amounts in pounds."
    )
    reason_code = serializers.CharField(help_text="A stable short code for the reason.")
    tie_decided = serializers.BooleanField()


class DownloadsSerializer(serializers.Serializer):
    pb = serializers.CharField(help_text="The anonymised ballots as a Pabulib file.")
    csv = serializers.CharField()
    json = serializers.CharField()


class WayOfVotingSerializer(serializers.Serializer):
    channels = serializers.ListField(
        child=serializers.ChoiceField(choices=Channel.choices),
        help_text="One way of voting, or several merged to reach 10 ballots.",
    )
    count = serializers.IntegerField(min_value=10)


class AgeBandSerializer(serializers.Serializer):
    youngest = serializers.IntegerField()
    oldest = serializers.IntegerField(allow_null=True, help_text="null: no upper age.")
    label = serializers.CharField()
    count = serializers.IntegerField(min_value=10)


class TurnoutSerializer(serializers.Serializer):
    ways_of_voting = WayOfVotingSerializer(many=True)
    spoilt = serializers.IntegerField(
        allow_null=True, help_text="Spoilt paper ballots (not counted); null if 1 to 9."
    )
    age_bands = AgeBandSerializer(many=True, help_text="Online voters by age.")
    age_hidden = serializers.BooleanField(
        help_text="True when too few voters gave an age to show any band."
    )


class ResultsSerializer(serializers.Serializer):
    envelope = serializers.IntegerField()
    number = serializers.IntegerField(help_text="Which count of the envelope this is.")
    rule = serializers.ChoiceField(choices=list(RULES), help_text="The counting rule.")
    options = serializers.DictField(help_text="Everything else needed to repeat the count.")
    ballot_type = serializers.CharField()
    unit = serializers.IntegerField(
        help_text="Hundredths of the currency per unit of money in the ballot file."
    )
    currency = serializers.CharField(help_text="ISO 4217 code of every amount, e.g. GBP.")
    ballots = serializers.IntegerField(help_text="Ballots counted.")
    turnout = TurnoutSerializer(
        help_text="Who voted, with every group of fewer than 10 people merged or withheld."
    )
    digest = serializers.CharField(help_text="SHA-256 of the ballot file counted.")
    counted_at = serializers.DateTimeField()
    published_at = serializers.DateTimeField(allow_null=True)
    budget = serializers.DecimalField(max_digits=None, decimal_places=2)
    spent = serializers.DecimalField(max_digits=None, decimal_places=2)
    left = serializers.DecimalField(max_digits=None, decimal_places=2)
    selected = serializers.ListField(
        child=serializers.CharField(), help_text="Funded projects' ids, in funding order."
    )
    tie_decided = serializers.BooleanField(help_text="Did the tie order change what was funded?")
    tie_notes = serializers.ListField(child=serializers.CharField())
    projects = ResultProjectSerializer(many=True)
    downloads = DownloadsSerializer()
