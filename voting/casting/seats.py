"""Who is voting where, for the voting pages: the seat, the refusal pages, drafts and receipts.

A voter is a "seat": a signed-in resident in an envelope they are eligible for, or a verified
voting code (its pk kept in the session, never in a URL). The draft choices, between the ballot
and the check page, and the receipt, on its way to the confirmation page, travel in signed
cookies on the voter's own device, so the server never stores either beside the voter.
"""

import json
from dataclasses import dataclass
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.models import User
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from budgeting.models import Envelope, Process
from voting import ratelimit
from voting.ballot_box import (
    ChannelClosed,
    VotingClosed,
    check_channel,
    check_voting_open,
)
from voting.casting.code_lookup import UnknownCode, code_find
from voting.casting.selectors import (
    declaration_for,
    has_voted_online,
)
from voting.casting.services import (
    ballot_cast_online,
    ballot_cast_with_code,
    check_eligible,
    code_is_used,
)
from voting.models import BallotRules, Channel, VotingCode
from voting.rules import rules_of

SESSION_CODE = "vote_code"


# The projects ticked so far live on the voter's own device, in a short-lived signed cookie,
# never in a server-side row beside an account or a code.
DRAFT_COOKIE = "kist_ballot_draft"
DRAFT_SALT = "kist.voting.draft"
DRAFT_SECONDS = 2 * 60 * 60


RECEIPT_COOKIE = "kist_receipt"


RECEIPT_SALT = "kist.voting.receipt"


RECEIPT_COOKIE_SECONDS = 30 * 60


class Refused(Exception):
    """Stop a view and answer with this response instead (a refusal page or a redirect)."""

    def __init__(self, response: HttpResponse):
        super().__init__()
        self.response = response


def refusals(view):
    """Answer a Refused with its response; either way, keep the drafts the view changed."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            response = view(request, *args, **kwargs)
        except Refused as refused:
            response = refused.response
        return keep_drafts(request, response)

    return wrapper


@dataclass
class Seat:
    """Who is voting, in which envelope, through which channel."""

    process: Process
    envelope: Envelope
    rules: BallotRules
    channel: str
    user: User | None = None
    code: VotingCode | None = None

    @property
    def draft_key(self) -> str:
        return f"code:{self.code.pk}" if self.code else f"online:{self.envelope.pk}"

    @property
    def voter_key(self) -> str:
        """Who is voting here, to give them their own project order (voting.casting.order)."""
        return f"code:{self.code.pk}" if self.code else f"online:{self.user.pk}:{self.envelope.pk}"

    @property
    def ballot_url(self) -> str:
        if self.code:
            return reverse("vote_code_ballot")
        return reverse("vote_ballot", args=[self.process.slug, self.envelope.pk])

    @property
    def check_url(self) -> str:
        if self.code:
            return reverse("vote_code_check")
        return reverse("vote_check", args=[self.process.slug, self.envelope.pk])

    @property
    def basket_url(self) -> str:
        return reverse("vote_basket", args=[self.process.slug, self.envelope.pk])

    def has_voted(self) -> bool:
        if self.code:
            return code_is_used(self.code)
        return has_voted_online(user=self.user, envelope=self.envelope)

    def cast(self, choices: dict[int, int]):
        if self.code:
            return ballot_cast_with_code(code=self.code, choices=choices)
        return ballot_cast_online(user=self.user, envelope=self.envelope,
                                           choices=choices)


def closed_page(request, process: Process | None, *, title: str, message: str,
            change_answers: bool = False) -> HttpResponse:
    return render(
        request, "voting/closed.html",
        {"process": process, "title": title, "message": message,
         "change_answers": change_answers},
        status=403,
    )


def require_open(request, process: Process) -> None:
    try:
        check_voting_open(process=process)
    except VotingClosed as closed:
        raise Refused(closed_page(request, process, title=_("Voting is not open"),
                              message=closed.messages[0])) from None


def require_channel(request, process: Process, rules: BallotRules, channel: str) -> None:
    try:
        check_channel(rules=rules, channel=channel)
    except ChannelClosed as closed:
        raise Refused(closed_page(request, process, title=_("You cannot vote this way here"),
                                  message=closed.messages[0])) from None


def already_voted_page(request, seat: Seat, *, message: str = "",
                       status: int = 200) -> HttpResponse:
    if not message:
        message = (_("This voting code has already been used.") if seat.code
                   else _("You have already voted on this ballot. Thank you."))
    receipt = receipt_from_cookie(request)
    return render(
        request, "voting/already_voted.html",
        {"process": seat.process, "envelope": seat.envelope, "message": message,
         "receipt": receipt[1] if receipt and receipt[0] == seat.envelope.pk else ""},
        status=status,
    )


def _drafts(request) -> dict[str, dict[str, int]]:
    """The drafts this device holds (a signed cookie), or those this request has changed."""
    pending = getattr(request, "ballot_drafts", None)
    if pending is not None:
        return pending
    try:
        drafts = json.loads(request.get_signed_cookie(DRAFT_COOKIE, salt=DRAFT_SALT,
                                                      max_age=DRAFT_SECONDS))
    except (KeyError, signing.BadSignature, ValueError):
        return {}
    return drafts if isinstance(drafts, dict) else {}


def draft_get(request, seat: Seat) -> dict[int, int]:
    stored = _drafts(request).get(seat.draft_key, {})
    try:
        return {int(pk): int(value) for pk, value in stored.items()}
    except (AttributeError, TypeError, ValueError):
        return {}


def draft_put(request, seat: Seat, choices: dict[int, int]) -> None:
    drafts = dict(_drafts(request))
    drafts[seat.draft_key] = {str(pk): value for pk, value in choices.items()}
    request.ballot_drafts = drafts


def forget(request, seat: Seat) -> None:
    """After a cast (or a refusal that it has voted) keep nothing of this voter's choices."""
    drafts = dict(_drafts(request))
    if drafts.pop(seat.draft_key, None) is not None:
        request.ballot_drafts = drafts
    if seat.code and request.session.get(SESSION_CODE) == seat.code.pk:
        del request.session[SESSION_CODE]


def keep_drafts(request, response: HttpResponse) -> HttpResponse:
    """Write the drafts this request changed back to the voter's device, or clear them."""
    drafts = getattr(request, "ballot_drafts", None)
    if drafts:
        response.set_signed_cookie(DRAFT_COOKIE, json.dumps(drafts), salt=DRAFT_SALT,
                                   max_age=DRAFT_SECONDS, httponly=True, samesite="Lax",
                                   secure=settings.SESSION_COOKIE_SECURE)
    elif drafts is not None:
        response.delete_cookie(DRAFT_COOKIE, samesite="Lax")
    return response


def set_receipt_cookie(response: HttpResponse, *, envelope: Envelope, receipt: str) -> None:
    response.set_signed_cookie(
        RECEIPT_COOKIE, f"{envelope.pk}:{receipt}", salt=RECEIPT_SALT,
        max_age=RECEIPT_COOKIE_SECONDS, httponly=True, samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )


def receipt_from_cookie(request) -> tuple[int, str] | None:
    try:
        value = request.get_signed_cookie(RECEIPT_COOKIE, salt=RECEIPT_SALT,
                                          max_age=RECEIPT_COOKIE_SECONDS)
        envelope_pk, receipt = value.split(":", 1)
        return int(envelope_pk), receipt
    except (KeyError, signing.BadSignature, ValueError):
        return None


def online_seat(request, slug: str, envelope_pk: int) -> Seat:
    envelope = get_object_or_404(Envelope.objects.select_related("process"), pk=envelope_pk,
                                 process__slug=slug)
    process = envelope.process
    require_open(request, process)
    rules = rules_of(envelope)
    require_channel(request, process, rules, Channel.ONLINE)
    declaration = declaration_for(user=request.user, process=process)
    if declaration is None:
        raise Refused(redirect("vote_declare", process.slug))
    try:
        check_eligible(envelope=envelope, declaration=declaration)
    except ValidationError as refused:
        raise Refused(closed_page(request, process, title=_("You cannot vote on this ballot"),
                              message=refused.messages[0], change_answers=True)) from None
    return Seat(process=process, envelope=envelope, rules=rules, channel=Channel.ONLINE,
                user=request.user)


def code_seat(request) -> Seat:
    pk = request.session.get(SESSION_CODE)
    code = (VotingCode.objects.select_related("batch__envelope__process").filter(pk=pk).first()
            if pk else None)
    if code is None:
        refuse_recast(request)
        messages.info(request, _("Enter your voting code to see your ballot."))
        raise Refused(redirect("vote_code"))
    envelope = code.batch.envelope
    process = envelope.process
    require_open(request, process)
    rules = rules_of(envelope)
    require_channel(request, process, rules, Channel.CODE)
    return Seat(process=process, envelope=envelope, rules=rules, channel=Channel.CODE, code=code)


def refuse_recast(request) -> None:
    """This browser's code was used and forgotten, and it comes back (a double click on "Cast",
    the back button): say it has voted, with the receipt its cookie still holds."""
    found = receipt_from_cookie(request)
    envelope = (Envelope.objects.select_related("process").filter(pk=found[0]).first()
                if found else None)
    if envelope is not None:
        seat = Seat(process=envelope.process, envelope=envelope,
                    rules=rules_of(envelope), channel=Channel.CODE)
        raise Refused(already_voted_page(request, seat,
                                     status=409 if request.method == "POST" else 200,
                                     message=_("This voting code has already been used.")))


def limited_page(request) -> HttpResponse:
    minutes = max(1, settings.VOTING_CODE_WINDOW_SECONDS // 60)
    response = render(request, "voting/code_limited.html", {"minutes": minutes}, status=429)
    response["Retry-After"] = str(settings.VOTING_CODE_WINDOW_SECONDS)
    return response


def unavailable_page(request) -> HttpResponse:
    response = render(request, "voting/code_unavailable.html", status=503)
    response["Retry-After"] = str(ratelimit.RETRY_AFTER_UNAVAILABLE)
    return response


def guess_code(request, typed: str) -> VotingCode | None:
    """The code typed, counted against this address unless it is real (see voting.ratelimit)."""
    who = ratelimit.client_address(request)
    left = ratelimit.reserve(scope=ratelimit.CODE_SCOPE, who=who)
    try:
        code = code_find(typed=typed)
    except UnknownCode:
        if not left:
            raise ratelimit.Limited() from None  # say so now, not at the next try
        return None
    ratelimit.release(scope=ratelimit.CODE_SCOPE, who=who)
    return code
