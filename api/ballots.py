"""The ballot API for kiosks and other front ends. The voting code is the credential.

`POST /api/v1/envelopes/<id>/ballots/` casts one ballot with a voting code. The serializers only
check the shape of the request; the services decide everything else (phase, channel, the
envelope's rules, one ballot per code), exactly as they do for the web pages.
"""

import io

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import (
    OpenApiExample,
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    inline_serializer,
)
from rest_framework import serializers, status
from rest_framework.exceptions import (
    APIException,
    NotFound,
    ParseError,
    PermissionDenied,
    Throttled,
    ValidationError,
)
from rest_framework.parsers import JSONParser
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from api.selectors import is_key
from budgeting.models import Envelope
from voting import ratelimit
from voting.ballot_box import (
    AlreadyVoted,
    BoxReceipt,
    ChannelClosed,
    VotingClosed,
    check_channel,
    check_voting_open,
)
from voting.casting.code_lookup import UnknownCode, code_find
from voting.casting.services import ballot_cast_with_code
from voting.models import Channel, VotingCode
from voting.rules import rules_of

# A ballot of a few hundred projects fits in a few kilobytes; anything much larger is not one.
MAX_BODY_BYTES = 64 * 1024
MAX_CHOICES = 1000
CODE_MAX_LENGTH = 64
MAX_INT = 2**31 - 1


class BallotJSONParser(JSONParser):
    """JSON only, bounded in size, and a parse error (400) for whatever cannot be read."""

    def parse(self, stream, media_type=None, parser_context=None):
        raw = stream.read(MAX_BODY_BYTES + 1)
        if len(raw) > MAX_BODY_BYTES:
            raise ParseError(_("The request body is too large for a ballot."))
        try:
            return super().parse(io.BytesIO(raw), media_type, parser_context)
        except RecursionError:
            raise ParseError(_("JSON parse error - nested too deeply.")) from None


class WholeNumberField(serializers.IntegerField):
    """A JSON whole number: a string, a boolean or a fraction is refused, not converted."""

    default_error_messages = {"invalid": gettext_lazy("A whole number is required.")}

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, int):
            self.fail("invalid")
        return super().to_internal_value(data)


class ChoiceSerializer(serializers.Serializer):
    project = WholeNumberField(
        min_value=1, max_value=MAX_INT, help_text="The id of a project on this envelope's ballot."
    )
    value = WholeNumberField(
        min_value=0, max_value=MAX_INT,
        help_text="1 to choose the project (approval, knapsack), the points given (points), "
        "or its place (ranking: 1 is first). 0 is the same as leaving it out.",
    )


class BallotCastSerializer(serializers.Serializer):
    code = serializers.CharField(
        max_length=CODE_MAX_LENGTH,
        help_text="The voting code as printed, e.g. 7KQ2-M9XD-4HTA; case, spaces and dashes "
        "are ignored.",
    )
    choices = ChoiceSerializer(many=True, max_length=MAX_CHOICES)

    def validate_choices(self, value: list[dict]) -> dict[int, int]:
        chosen: dict[int, int] = {}
        for item in value:
            if item["project"] in chosen:
                raise serializers.ValidationError(_("Name each project only once."),
                                                  code="duplicate_project")
            chosen[item["project"]] = item["value"]
        return chosen


def well_formed_ballot(data) -> dict | None:
    """What BallotCastSerializer validates `data` to, if it is the usual well-formed ballot.

    Nearly every request is one, and checking it by hand costs a tiny part of building and
    running the serializer. Anything else, even a little unusual (a code with other characters,
    a number that is not a plain int), gives None: the serializer then decides, and words the
    errors. tests/api/test_api_well_formed.py checks that the two agree.
    """
    if type(data) is not dict:
        return None
    code, choices = data.get("code"), data.get("choices")
    # ASCII printable: nothing the serializer strips but spaces, nothing it refuses (NUL).
    if type(code) is not str or not (code.isascii() and code.isprintable()):
        return None
    code = code.strip()
    if not 0 < len(code) <= CODE_MAX_LENGTH:
        return None
    if type(choices) is not list or len(choices) > MAX_CHOICES:
        return None
    chosen: dict[int, int] = {}
    for item in choices:
        if type(item) is not dict:
            return None
        project, value = item.get("project"), item.get("value")
        if (type(project) is not int or type(value) is not int or not 1 <= project <= MAX_INT
                or not 0 <= value <= MAX_INT or project in chosen):
            return None
        chosen[project] = value
    return {"code": code, "choices": chosen}


class BallotReceiptSerializer(serializers.Serializer):
    receipt = serializers.CharField(
        help_text="The reference the voter can use to check that their ballot is counted."
    )
    envelope = serializers.IntegerField()
    cast_on = serializers.DateField(
        help_text="The day the ballot was cast, for the voter: Kist stores no date with a ballot."
    )


def receipt_reply(ballot: BoxReceipt) -> dict:
    """What BallotReceiptSerializer gives for a ballot, without building one for every ballot."""
    return {"receipt": ballot.receipt, "envelope": ballot.envelope.pk,
            "cast_on": ballot.cast_on.isoformat()}


DetailSerializer = inline_serializer(
    name="ErrorDetail", fields={"detail": serializers.CharField()}
)
FieldErrorsSerializer = inline_serializer(
    name="BallotFieldErrors",
    fields={
        "code": serializers.ListField(child=serializers.CharField(), required=False),
        "choices": serializers.JSONField(
            required=False,
            help_text="A list of messages for a ballot that breaks the envelope's rules or names "
            "a project that is not on it, or per-item errors for malformed choices.",
        ),
        "non_field_errors": serializers.ListField(child=serializers.CharField(),
                                                  required=False),
        "detail": serializers.CharField(required=False, help_text="A body that is not JSON."),
    },
)


class AlreadyVotedError(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_detail = gettext_lazy("This voting code has already been used.")
    default_code = "already_voted"


def _field_errors(error: DjangoValidationError) -> dict:
    if not hasattr(error, "error_dict"):
        return {"non_field_errors": error.messages}
    errors: dict[str, list[str]] = {}
    for field, messages in error.message_dict.items():
        # The API's field for what the ballot names is "choices".
        key = "choices" if field == "projects" else field
        errors.setdefault(key, []).extend(messages)
    return errors


def _code_error(message: str) -> ValidationError:
    return ValidationError({"code": [message]})


def _envelope_open(envelope_id: int) -> Envelope:
    """The envelope if it takes votes with codes now; else 404 or 403.

    The cast itself checks the same inside its transaction; this is for replies to requests
    that never get that far, so that they say what matters first.
    """
    if not is_key(envelope_id):
        raise NotFound(_("There is no such envelope."))
    envelope = Envelope.objects.select_related("process").filter(pk=envelope_id).first()
    if envelope is None:
        raise NotFound(_("There is no such envelope."))
    try:
        check_voting_open(process=envelope.process)
        check_channel(rules=rules_of(envelope), channel=Channel.CODE)
    except DjangoValidationError as error:
        raise PermissionDenied(error.messages[0]) from None
    return envelope


class LimitsUnavailable(APIException):
    status_code = status.HTTP_503_SERVICE_UNAVAILABLE
    default_detail = gettext_lazy("Voting codes cannot be checked just now. Try again shortly.")
    default_code = "unavailable"
    # DRF turns `wait` into a Retry-After header, as for 429.
    wait = ratelimit.RETRY_AFTER_UNAVAILABLE


def _guess(request, typed: str, *, envelope_id: int) -> VotingCode:
    """The code for this envelope, each guess counted against the client's address first (see
    voting.ratelimit); a real code gives its count back."""
    who = ratelimit.client_address(request)
    try:
        ratelimit.reserve(scope=ratelimit.CODE_SCOPE, who=who)
    except ratelimit.Limited:
        raise Throttled(wait=settings.VOTING_CODE_WINDOW_SECONDS,
                        detail=_("Too many voting codes were tried from this address.")) from None
    except ratelimit.Unavailable:
        raise LimitsUnavailable() from None
    wrong = False
    try:
        try:
            return code_find(typed=typed, envelope=Envelope(pk=envelope_id))
        except UnknownCode:
            pass
        _envelope_open(envelope_id)
        try:
            code_find(typed=typed)
        except UnknownCode:
            wrong = True
            raise _code_error(
                _("We do not recognise this voting code. Check it and try again.")
            ) from None
        raise _code_error(_("This voting code is for another envelope."))
    finally:
        if not wrong:
            _release(who)


def _release(who: str) -> None:
    try:
        ratelimit.release(scope=ratelimit.CODE_SCOPE, who=who)
    except ratelimit.Unavailable:
        raise LimitsUnavailable() from None


class EnvelopeBallots(APIView):
    """Cast a ballot in an envelope with a voting code."""

    # The code is the credential: no session, so no CSRF check, and no account.
    authentication_classes: list = []
    permission_classes = [AllowAny]
    parser_classes = [BallotJSONParser]
    throttle_classes: list = []

    @extend_schema(
        operation_id="envelope_ballot_cast",
        summary="Cast a ballot with a voting code",
        description=(
            "Casts one ballot in the envelope. The voting code is the credential: no account "
            "or session is needed. Every rule of the envelope (total cost, fewest and most "
            "projects, points, ranks) is checked on the server. Nothing is stored unless the "
            "reply is 201. The stored ballot carries no link to the code. Unknown codes count "
            "against a limited number of attempts per client address."
        ),
        tags=["ballots"],
        parameters=[
            OpenApiParameter("envelope_id", int, OpenApiParameter.PATH,
                             description="The envelope's id."),
        ],
        request=BallotCastSerializer,
        responses={
            201: BallotReceiptSerializer,
            400: OpenApiResponse(
                FieldErrorsSerializer,
                description="A body that is not JSON or has missing or malformed fields, a "
                "ballot that breaks the envelope's rules, a project that is not on this "
                "envelope's ballot, or a code that is unknown or belongs to another envelope.",
            ),
            403: OpenApiResponse(
                DetailSerializer,
                description="Voting is not open, or the envelope does not take votes with codes.",
            ),
            404: OpenApiResponse(DetailSerializer, description="There is no such envelope."),
            409: OpenApiResponse(DetailSerializer,
                                 description="This voting code has already been used."),
            415: OpenApiResponse(DetailSerializer, description="The body is not JSON."),
            429: OpenApiResponse(
                DetailSerializer,
                description="Too many unknown codes from this address; try again after the "
                "number of seconds in the Retry-After header.",
            ),
            503: OpenApiResponse(
                DetailSerializer,
                description="Codes cannot be checked safely just now (the shared limits are "
                "out of reach); nothing was stored. Try again after Retry-After seconds.",
            ),
        },
        examples=[
            OpenApiExample(
                "Approval ballot",
                request_only=True,
                value={"code": "7KQ2-M9XD-4HTA",
                       "choices": [{"project": 12, "value": 1}, {"project": 15, "value": 1}]},
            ),
            OpenApiExample(
                "Cast",
                response_only=True,
                status_codes=["201"],
                value={"receipt": "Q3M8T-7VX2K", "envelope": 4, "cast_on": "2027-03-14"},
            ),
        ],
    )
    def post(self, request, envelope_id: int):
        if not is_key(envelope_id):
            raise NotFound(_("There is no such envelope."))
        # The common case, a good code for this envelope, goes straight to the cast; anything
        # else first checks that the envelope exists and is open, so that 404 and 403 come first.
        try:
            data = request.data
        except ParseError:
            _envelope_open(envelope_id)
            raise
        validated = well_formed_ballot(data)
        if validated is None:
            serializer = BallotCastSerializer(data=data)
            if not serializer.is_valid():
                _envelope_open(envelope_id)
                raise ValidationError(serializer.errors)
            validated = serializer.validated_data
        code = _guess(request, validated["code"], envelope_id=envelope_id)

        try:
            ballot = ballot_cast_with_code(
                code=code, choices=validated["choices"]
            )
        except AlreadyVoted as error:
            raise AlreadyVotedError(str(error)) from None
        except (VotingClosed, ChannelClosed) as error:
            raise PermissionDenied(error.messages[0]) from None
        except DjangoValidationError as error:
            raise ValidationError(_field_errors(error)) from None
        return Response(receipt_reply(ballot), status=status.HTTP_201_CREATED)
