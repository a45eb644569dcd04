"""The resident-facing voting pages: start, declare, ballot, check, cast, confirm; codes; receipts.

A voter is a "seat": a signed-in resident in an envelope they are eligible for, or a verified
voting code (its pk kept in the session, never in a URL). The draft choices live in the session
between the ballot and the check page; casting goes through the services, which check every
rule again and guarantee one ballot per voter. The receipt travels to the confirmation page in
a signed cookie on the voter's own device, so the server never stores it beside the voter.
"""

from dataclasses import dataclass
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core import signing
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from budgeting.models import Envelope, Process
from voting import ratelimit, selectors, services
from voting.casting.forms import BallotForm, CodeForm, DeclarationForm, ReceiptForm, errors_for
from voting.models import BallotRules, BallotType, Channel, VotingCode

SESSION_CODE = "vote_code"
SESSION_DRAFTS = "vote_drafts"
RECEIPT_COOKIE = "kist_receipt"
RECEIPT_SALT = "kist.voting.receipt"
RECEIPT_COOKIE_SECONDS = 30 * 60
RATE_SCOPE = "code"  # shared with the API: one budget of wrong codes per address


class Refused(Exception):
    """Stop a view and answer with this response instead (a refusal page or a redirect)."""

    def __init__(self, response: HttpResponse):
        super().__init__()
        self.response = response


def refusals(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except Refused as refused:
            return refused.response

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
            return services.code_is_used(self.code)
        return selectors.has_voted_online(user=self.user, envelope=self.envelope)

    def cast(self, choices: dict[int, int]):
        if self.code:
            return services.ballot_cast_with_code(code=self.code, choices=choices)
        return services.ballot_cast_online(user=self.user, envelope=self.envelope,
                                           choices=choices)


# Refusal pages


def _closed(request, process: Process | None, *, title: str, message: str,
            change_answers: bool = False) -> HttpResponse:
    return render(
        request, "voting/closed.html",
        {"process": process, "title": title, "message": message,
         "change_answers": change_answers},
        status=403,
    )


def _require_open(request, process: Process) -> None:
    try:
        services.check_voting_open(process=process)
    except services.VotingClosed as closed:
        raise Refused(_closed(request, process, title=_("Voting is not open"),
                              message=closed.messages[0])) from None


def _require_channel(request, process: Process, rules: BallotRules, channel: str) -> None:
    try:
        services.check_channel(rules=rules, channel=channel)
    except services.ChannelClosed as closed:
        raise Refused(_closed(request, process, title=_("You cannot vote this way here"),
                              message=closed.messages[0])) from None


def _already_voted(request, seat: Seat, *, message: str = "", status: int = 200) -> HttpResponse:
    if not message:
        message = (_("This voting code has already been used.") if seat.code
                   else _("You have already voted in this envelope. Thank you."))
    receipt = _receipt_from_cookie(request)
    return render(
        request, "voting/already_voted.html",
        {"process": seat.process, "envelope": seat.envelope, "message": message,
         "receipt": receipt[1] if receipt and receipt[0] == seat.envelope.pk else ""},
        status=status,
    )


# Drafts and receipts


def _draft_get(request, seat: Seat) -> dict[int, int]:
    stored = request.session.get(SESSION_DRAFTS, {}).get(seat.draft_key, {})
    return {int(pk): int(value) for pk, value in stored.items()}


def _draft_put(request, seat: Seat, choices: dict[int, int]) -> None:
    drafts = request.session.get(SESSION_DRAFTS, {})
    drafts[seat.draft_key] = {str(pk): value for pk, value in choices.items()}
    request.session[SESSION_DRAFTS] = drafts


def _forget(request, seat: Seat) -> None:
    """After a cast (or a refusal that it has voted) keep nothing of this voter's choices."""
    drafts = request.session.get(SESSION_DRAFTS, {})
    if drafts.pop(seat.draft_key, None) is not None:
        request.session[SESSION_DRAFTS] = drafts
    if seat.code and request.session.get(SESSION_CODE) == seat.code.pk:
        del request.session[SESSION_CODE]


def _set_receipt_cookie(response: HttpResponse, *, envelope: Envelope, receipt: str) -> None:
    response.set_signed_cookie(
        RECEIPT_COOKIE, f"{envelope.pk}:{receipt}", salt=RECEIPT_SALT,
        max_age=RECEIPT_COOKIE_SECONDS, httponly=True, samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )


def _receipt_from_cookie(request) -> tuple[int, str] | None:
    try:
        value = request.get_signed_cookie(RECEIPT_COOKIE, salt=RECEIPT_SALT,
                                          max_age=RECEIPT_COOKIE_SECONDS)
        envelope_pk, receipt = value.split(":", 1)
        return int(envelope_pk), receipt
    except (KeyError, signing.BadSignature, ValueError):
        return None


# Seats


def _online_seat(request, slug: str, envelope_pk: int) -> Seat:
    envelope = get_object_or_404(Envelope.objects.select_related("process"), pk=envelope_pk,
                                 process__slug=slug)
    process = envelope.process
    _require_open(request, process)
    rules = services.rules_for(envelope)
    _require_channel(request, process, rules, Channel.ONLINE)
    declaration = selectors.declaration_for(user=request.user, process=process)
    if declaration is None:
        raise Refused(redirect("vote_declare", process.slug))
    try:
        services.check_eligible(envelope=envelope, declaration=declaration)
    except ValidationError as refused:
        raise Refused(_closed(request, process, title=_("You cannot vote in this envelope"),
                              message=refused.messages[0], change_answers=True)) from None
    return Seat(process=process, envelope=envelope, rules=rules, channel=Channel.ONLINE,
                user=request.user)


def _code_seat(request) -> Seat:
    pk = request.session.get(SESSION_CODE)
    code = (VotingCode.objects.select_related("batch__envelope__process").filter(pk=pk).first()
            if pk else None)
    if code is None:
        _refuse_recast(request)
        messages.info(request, _("Enter your voting code to see your ballot."))
        raise Refused(redirect("vote_code"))
    envelope = code.batch.envelope
    process = envelope.process
    _require_open(request, process)
    rules = services.rules_for(envelope)
    _require_channel(request, process, rules, Channel.CODE)
    return Seat(process=process, envelope=envelope, rules=rules, channel=Channel.CODE, code=code)


def _refuse_recast(request) -> None:
    """This browser's code was used and forgotten, and it comes back (a double click on "Cast",
    the back button): say it has voted, with the receipt its cookie still holds."""
    found = _receipt_from_cookie(request)
    envelope = (Envelope.objects.select_related("process").filter(pk=found[0]).first()
                if found else None)
    if envelope is not None:
        seat = Seat(process=envelope.process, envelope=envelope,
                    rules=services.rules_for(envelope), channel=Channel.CODE)
        raise Refused(_already_voted(request, seat,
                                     status=409 if request.method == "POST" else 200,
                                     message=_("This voting code has already been used.")))


# Start and declaration


def _envelope_rules(process: Process) -> list[tuple[Envelope, BallotRules]]:
    return [(envelope, services.rules_for(envelope)) for envelope in process.envelopes.all()]


@refusals
def start(request: HttpRequest, slug: str) -> HttpResponse:
    process = get_object_or_404(Process, slug=slug)
    _require_open(request, process)
    envelopes = _envelope_rules(process)
    return render(request, "voting/start.html", {
        "process": process,
        "envelopes": envelopes,
        "online": any(r.online for _e, r in envelopes),
        "codes": any(r.codes for _e, r in envelopes),
        "paper": any(r.paper for _e, r in envelopes),
        "declaration": selectors.declaration_for(user=request.user, process=process),
    })


def _online_process(request, slug: str) -> tuple[Process, list[tuple[Envelope, BallotRules]]]:
    process = get_object_or_404(Process, slug=slug)
    _require_open(request, process)
    envelopes = _envelope_rules(process)
    if not any(rules.online for _e, rules in envelopes):
        raise Refused(_closed(
            request, process, title=_("You cannot vote this way here"),
            message=_("%(process)s does not take votes online with an account. Vote with a "
                      "voting code or on paper instead.") % {"process": process.title}))
    return process, envelopes


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
@refusals
def declare(request: HttpRequest, slug: str) -> HttpResponse:
    process, envelopes = _online_process(request, slug)
    existing = selectors.declaration_for(user=request.user, process=process)
    initial = {"postcode": existing.postcode, "age": existing.age} if existing else {}
    form = DeclarationForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        postcode, age = form.cleaned_data["postcode"], form.cleaned_data["age"]
        declaration = existing
        if existing is None or (existing.postcode, existing.age) != (postcode, age):
            try:
                declaration = services.declaration_make(user=request.user, process=process,
                                                        postcode=postcode, age=age)
            except ValidationError as refused:
                form.add_error(None, refused)
        if not form.errors:
            eligible = _eligible_online(process, envelopes, declaration)
            if len(eligible) == 1:
                return redirect("vote_ballot", process.slug, eligible[0].pk)
            return redirect("vote_envelopes", process.slug)
    return render(request, "voting/declare.html", {"process": process, "form": form},
                  status=400 if form.errors else 200)


def _eligible_online(process, envelopes, declaration) -> list[Envelope]:
    eligible = {e.pk for e in services.eligible_envelopes(
        process=process, postcode=declaration.postcode, age=declaration.age)}
    return [envelope for envelope, rules in envelopes if envelope.pk in eligible and rules.online]


@login_required
@refusals
def envelopes(request: HttpRequest, slug: str) -> HttpResponse:
    """Where the declared postcode and age let this resident vote online, or why nowhere."""
    process, envelope_rules = _online_process(request, slug)
    declaration = selectors.declaration_for(user=request.user, process=process)
    if declaration is None:
        return redirect("vote_declare", process.slug)
    voted = selectors.envelopes_voted_online(user=request.user, process=process)
    rows = []
    for envelope, rules in envelope_rules:
        try:
            services.check_eligible(envelope=envelope, declaration=declaration)
            reason = "" if rules.online else _(
                "%(envelope)s does not take votes online. Vote with a voting code or on paper."
            ) % {"envelope": envelope.name}
        except ValidationError as refused:
            reason = refused.messages[0]
        rows.append({"envelope": envelope, "rules": rules, "reason": reason,
                     "voted": envelope.pk in voted})
    return render(request, "voting/envelopes.html", {
        "process": process, "declaration": declaration, "rows": rows,
        "eligible": [row for row in rows if not row["reason"]],
    })


# The ballot, the check page and casting


def _ballot_page(request, seat: Seat, *, form: BallotForm | None = None,
                 errors: list[dict] | None = None, status: int = 200) -> HttpResponse:
    projects = form.projects if form else selectors.ballot_projects(envelope=seat.envelope)
    if form is None:
        form = BallotForm(None, rules=seat.rules, projects=projects,
                          draft=_draft_get(request, seat))
    if errors is None:
        errors = form.all_errors() if form.is_bound else []
    current = form.basket()
    return render(request, "voting/ballot.html", {
        "process": seat.process, "envelope": seat.envelope, "rules": seat.rules, "seat": seat,
        "form": form, "rows": form.rows(current), "basket": current, "errors": errors,
    }, status=status)


def _ballot(request, seat: Seat) -> HttpResponse:
    if seat.has_voted():
        _forget(request, seat)
        return _already_voted(request, seat)
    if request.method != "POST":
        return _ballot_page(request, seat)
    projects = selectors.ballot_projects(envelope=seat.envelope)
    form = BallotForm(request.POST, rules=seat.rules, projects=projects)
    if request.POST.get("action") == "recalculate":
        return _ballot_page(request, seat, form=form, errors=[])
    if form.is_valid():
        _draft_put(request, seat, form.cleaned_choices)
        return redirect(seat.check_url)
    return _ballot_page(request, seat, form=form, status=400)


def _check_rows(seat: Seat, projects, draft: dict[int, int]) -> list[dict]:
    chosen = [{"project": p, "value": draft[p.pk]} for p in projects if draft.get(p.pk)]
    if seat.rules.ballot_type == BallotType.RANKING:
        chosen.sort(key=lambda row: row["value"])
    return chosen


def _check(request, seat: Seat) -> HttpResponse:
    if seat.has_voted():
        _forget(request, seat)
        return _already_voted(request, seat, status=409 if request.method == "POST" else 200)
    draft = _draft_get(request, seat)
    if not draft:
        messages.info(request, _("Make your choices first."))
        return redirect(seat.ballot_url)
    projects = selectors.ballot_projects(envelope=seat.envelope)
    if request.method == "POST":
        try:
            ballot = seat.cast(draft)
        except services.AlreadyVoted as already:
            _forget(request, seat)
            return _already_voted(request, seat, message=str(already), status=409)
        except services.VotingClosed as closed:
            return _closed(request, seat.process, title=_("Voting is not open"),
                           message=closed.messages[0])
        except services.ChannelClosed as closed:
            return _closed(request, seat.process, title=_("You cannot vote this way here"),
                           message=closed.messages[0])
        except ValidationError as refused:
            form = BallotForm(None, rules=seat.rules, projects=projects, draft=draft)
            return _ballot_page(request, seat, form=form, errors=errors_for(refused.messages),
                                    status=400)
        _forget(request, seat)
        response = redirect("vote_done")
        _set_receipt_cookie(response, envelope=seat.envelope, receipt=ballot.receipt)
        return response
    current = BallotForm(None, rules=seat.rules, projects=projects, draft=draft).basket()
    return render(request, "voting/check.html", {
        "process": seat.process, "envelope": seat.envelope, "rules": seat.rules, "seat": seat,
        "rows": _check_rows(seat, projects, draft), "basket": current,
    })


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
@refusals
def ballot(request: HttpRequest, slug: str, envelope: int) -> HttpResponse:
    return _ballot(request, _online_seat(request, slug, envelope))


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
@refusals
def check(request: HttpRequest, slug: str, envelope: int) -> HttpResponse:
    return _check(request, _online_seat(request, slug, envelope))


@never_cache
@require_http_methods(["GET", "POST"])
@refusals
def code_ballot(request: HttpRequest) -> HttpResponse:
    return _ballot(request, _code_seat(request))


@never_cache
@require_http_methods(["GET", "POST"])
@refusals
def code_check(request: HttpRequest) -> HttpResponse:
    return _check(request, _code_seat(request))


@require_POST
@refusals
def basket(request: HttpRequest, slug: str, envelope: int) -> HttpResponse:
    """The basket (and, for knapsack, each project's "does not fit") for what is ticked now.

    Arithmetic on public costs only; nothing is stored. htmx swaps it in as projects are ticked.
    """
    envelope = get_object_or_404(Envelope.objects.select_related("process"), pk=envelope,
                                 process__slug=slug)
    _require_open(request, envelope.process)
    rules = services.rules_for(envelope)
    form = BallotForm(request.POST, rules=rules,
                      projects=selectors.ballot_projects(envelope=envelope))
    current = form.basket()
    return render(request, "voting/partials/basket.html", {
        "rules": rules, "basket": current, "rows": form.rows(current), "oob": True,
    })


@never_cache
def done(request: HttpRequest) -> HttpResponse:
    found = _receipt_from_cookie(request)
    envelope = (Envelope.objects.select_related("process").filter(pk=found[0]).first()
                if found else None)
    if envelope is None:
        return redirect("vote_receipt")
    return render(request, "voting/done.html", {
        "process": envelope.process, "envelope": envelope, "receipt": found[1],
    })


# Voting codes


def _limited(request) -> HttpResponse:
    minutes = max(1, settings.VOTING_CODE_WINDOW_SECONDS // 60)
    response = render(request, "voting/code_limited.html", {"minutes": minutes}, status=429)
    response["Retry-After"] = str(settings.VOTING_CODE_WINDOW_SECONDS)
    return response


@never_cache
@require_http_methods(["GET", "POST"])
def code_entry(request: HttpRequest) -> HttpResponse:
    who = ratelimit.client_address(request)
    if request.method != "POST":
        form = CodeForm(initial={"code": request.GET.get("code", "")[:40]})
        return render(request, "voting/code.html", {"form": form})
    if ratelimit.is_limited(scope=RATE_SCOPE, who=who):
        return _limited(request)
    form = CodeForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            code = services.code_find(typed=form.cleaned_data["code"])
        except services.UnknownCode:
            ratelimit.record_failure(scope=RATE_SCOPE, who=who)
            if ratelimit.is_limited(scope=RATE_SCOPE, who=who):
                return _limited(request)
            form.add_error("code", _("We do not recognise this code. Check it against your "
                                     "letter or card and try again."))
        else:
            envelope = code.batch.envelope
            try:
                services.check_voting_open(process=envelope.process)
            except services.VotingClosed as closed:
                return _closed(request, envelope.process, title=_("Voting is not open"),
                               message=closed.messages[0])
            try:
                services.check_channel(rules=services.rules_for(envelope), channel=Channel.CODE)
            except services.ChannelClosed as closed:
                return _closed(request, envelope.process,
                               title=_("You cannot vote this way here"),
                               message=closed.messages[0])
            if services.code_is_used(code):
                form.add_error("code", _("This voting code has already been used."))
                status = 409
            else:
                # A new session key once a code is verified, so a planted one is worthless.
                request.session.cycle_key()
                request.session[SESSION_CODE] = code.pk
                return redirect("vote_code_ballot")
    return render(request, "voting/code.html", {"form": form}, status=status)


# Receipts


@require_http_methods(["GET", "POST"])
def receipt(request: HttpRequest) -> HttpResponse:
    """Whether a ballot with this reference is counted — never what is on it."""
    form = ReceiptForm(request.POST if request.method == "POST" else None)
    result = None
    if request.method == "POST" and form.is_valid():
        found = services.receipt_is_counted(receipt=form.cleaned_data["receipt"])
        result = {"counted": found is not None, "envelope": found.envelope if found else None,
                  "typed": form.cleaned_data["receipt"].strip().upper()}
    return render(request, "voting/receipt.html", {"form": form, "result": result},
                  status=400 if form.errors else 200)

