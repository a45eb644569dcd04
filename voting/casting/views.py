"""The resident-facing voting pages: start, declare, ballot, check, cast, confirm; codes; receipts.

Who is voting where is a seat (voting.casting.seats). Casting goes through the services, which
check every rule again and guarantee one ballot per voter.
"""


from allauth.account.decorators import verified_email_required
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from budgeting.accounts.identity import verified_identity
from budgeting.languages.words import attach
from budgeting.models import Envelope, Phase, Process
from voting import ratelimit
from voting.ballot_box import (
    AlreadyVoted,
    ChannelClosed,
    VotingClosed,
    check_channel,
    check_voting_open,
)
from voting.casting.forms import BallotForm, CodeForm, DeclarationForm, errors_for
from voting.casting.order import in_voter_order
from voting.casting.seats import (
    SESSION_CODE,
    Refused,
    Seat,
    already_voted_page,
    closed_page,
    code_seat,
    draft_get,
    draft_put,
    forget,
    guess_code,
    limited_page,
    online_seat,
    receipt_from_cookie,
    refusals,
    require_open,
    set_receipt_cookie,
    unavailable_page,
)
from voting.casting.selectors import (
    ballot_projects,
    declaration_for,
    envelopes_voted_online,
)
from voting.casting.services import (
    check_eligible,
    code_is_used,
    declaration_from_identity,
    declaration_make,
    eligible_envelopes,
)
from voting.models import BallotRules, BallotType, Channel
from voting.monitoring.views import offer as offer_monitoring
from voting.monitoring.views import offered as monitoring_offered
from voting.rules import rules_of

# Refusal pages










# Drafts and receipts












# Seats








# Start and declaration


def _envelope_rules(process: Process) -> list[tuple[Envelope, BallotRules]]:
    return [(envelope, rules_of(envelope)) for envelope in process.envelopes.all()]


@refusals
def start(request: HttpRequest, slug: str) -> HttpResponse:
    process = get_object_or_404(Process, slug=slug)
    require_open(request, process)
    envelopes = _envelope_rules(process)
    return render(request, "voting/start.html", {
        "process": process,
        "envelopes": envelopes,
        "online": any(r.online for _e, r in envelopes),
        "codes": any(r.codes for _e, r in envelopes),
        "paper": any(r.paper for _e, r in envelopes),
        "declaration": declaration_for(user=request.user, process=process),
    })


def _online_process(request, slug: str) -> tuple[Process, list[tuple[Envelope, BallotRules]]]:
    process = get_object_or_404(Process, slug=slug)
    require_open(request, process)
    envelopes = _envelope_rules(process)
    if not any(rules.online for _e, rules in envelopes):
        raise Refused(closed_page(
            request, process, title=_("You cannot vote this way here"),
            message=_("%(process)s does not take votes online with an account. Vote with a "
                      "voting code or on paper instead.") % {"process": process.title}))
    return process, envelopes


@never_cache
@verified_email_required
@require_http_methods(["GET", "POST"])
@refusals
def declare(request: HttpRequest, slug: str) -> HttpResponse:
    process, envelopes = _online_process(request, slug)
    identity = verified_identity(request.user)
    if identity is not None and identity.complete:
        return _declare_verified(request, process, envelopes, identity)
    existing = declaration_for(user=request.user, process=process)
    # The name and date of birth are not kept (only their keyed hash): they are asked again.
    initial = {"postcode": existing.postcode} if existing else {}
    form = DeclarationForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        declaration = existing
        try:
            declaration = declaration_make(
                user=request.user, process=process, postcode=form.cleaned_data["postcode"],
                name=form.cleaned_data["full_name"], born=form.cleaned_data["date_of_birth"])
        except ValidationError as refused:
            form.add_error(None, refused)
        if not form.errors:
            return _to_ballots(process, envelopes, declaration)
    return render(request, "voting/declare.html", {"process": process, "form": form},
                  status=400 if form.errors else 200)


def _declare_verified(request, process, envelopes, identity) -> HttpResponse:
    """A verified sign-in already says who the resident is: they check it and go on."""
    refusal = None
    if request.method == "POST":
        try:
            declaration = declaration_from_identity(user=request.user, process=process,
                                                    identity=identity)
            return _to_ballots(process, envelopes, declaration)
        except ValidationError as refused:
            refusal = refused.messages[0]
    return render(request, "voting/declare_verified.html", {
        "process": process, "identity": identity, "refusal": refusal,
    }, status=400 if refusal else 200)


def _to_ballots(process, envelopes, declaration) -> HttpResponse:
    eligible = _eligible_online(process, envelopes, declaration)
    if len(eligible) == 1:
        return redirect("vote_ballot", process.slug, eligible[0].pk)
    return redirect("vote_envelopes", process.slug)


def _eligible_online(process, envelopes, declaration) -> list[Envelope]:
    eligible = {e.pk for e in eligible_envelopes(
        process=process, postcode=declaration.postcode, age=declaration.age)}
    return [envelope for envelope, rules in envelopes if envelope.pk in eligible and rules.online]


@verified_email_required
@refusals
def envelopes(request: HttpRequest, slug: str) -> HttpResponse:
    """Where the declared postcode and age let this resident vote online, or why nowhere."""
    process, envelope_rules = _online_process(request, slug)
    declaration = declaration_for(user=request.user, process=process)
    if declaration is None:
        return redirect("vote_declare", process.slug)
    voted = envelopes_voted_online(user=request.user, process=process)
    rows = []
    for envelope, rules in envelope_rules:
        try:
            check_eligible(envelope=envelope, declaration=declaration)
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


def _projects(seat: Seat) -> list:
    projects = ballot_projects(envelope=seat.envelope)
    attach(projects)  # their words in the reader's language, in one read
    return in_voter_order(projects=projects, voter_key=seat.voter_key,
                          random=seat.rules.random_order)


def _ballot_page(request, seat: Seat, *, form: BallotForm | None = None,
                 errors: list[dict] | None = None, status: int = 200) -> HttpResponse:
    projects = form.projects if form else _projects(seat)
    if form is None:
        form = BallotForm(None, rules=seat.rules, projects=projects,
                          draft=draft_get(request, seat))
    if errors is None:
        errors = form.all_errors() if form.is_bound else []
    current = form.basket()
    return render(request, "voting/ballot.html", {
        "process": seat.process, "envelope": seat.envelope, "rules": seat.rules, "seat": seat,
        "form": form, "rows": form.rows(current), "basket": current, "errors": errors,
    }, status=status)


def _ballot(request, seat: Seat) -> HttpResponse:
    if seat.has_voted():
        forget(request, seat)
        return already_voted_page(request, seat)
    if request.method != "POST":
        return _ballot_page(request, seat)
    projects = _projects(seat)
    form = BallotForm(request.POST, rules=seat.rules, projects=projects)
    if request.POST.get("action") == "recalculate":
        return _ballot_page(request, seat, form=form, errors=[])
    if form.is_valid():
        draft_put(request, seat, form.cleaned_choices)
        return redirect(seat.check_url)
    return _ballot_page(request, seat, form=form, status=400)


def _check_rows(seat: Seat, projects, draft: dict[int, int]) -> list[dict]:
    chosen = [{"project": p, "value": draft[p.pk]} for p in projects if draft.get(p.pk)]
    if seat.rules.ballot_type == BallotType.RANKING:
        chosen.sort(key=lambda row: row["value"])
    return chosen


def _check(request, seat: Seat) -> HttpResponse:
    if seat.has_voted():
        forget(request, seat)
        return already_voted_page(request, seat, status=409 if request.method == "POST" else 200)
    draft = draft_get(request, seat)
    if not draft:
        messages.info(request, _("Make your choices first."))
        return redirect(seat.ballot_url)
    projects = _projects(seat)
    if request.method == "POST":
        try:
            ballot = seat.cast(draft)
        except AlreadyVoted as already:
            forget(request, seat)
            return already_voted_page(request, seat, message=str(already), status=409)
        except VotingClosed as closed:
            return closed_page(request, seat.process, title=_("Voting is not open"),
                           message=closed.messages[0])
        except ChannelClosed as closed:
            return closed_page(request, seat.process, title=_("You cannot vote this way here"),
                           message=closed.messages[0])
        except ValidationError as refused:
            form = BallotForm(None, rules=seat.rules, projects=projects, draft=draft)
            return _ballot_page(request, seat, form=form, errors=errors_for(refused.messages),
                                    status=400)
        forget(request, seat)
        offer_monitoring(request, seat.process)
        response = redirect("vote_done")
        set_receipt_cookie(response, envelope=seat.envelope, receipt=ballot.receipt)
        return response
    current = BallotForm(None, rules=seat.rules, projects=projects, draft=draft).basket()
    return render(request, "voting/check.html", {
        "process": seat.process, "envelope": seat.envelope, "rules": seat.rules, "seat": seat,
        "rows": _check_rows(seat, projects, draft), "basket": current,
    })


@never_cache
@verified_email_required
@require_http_methods(["GET", "POST"])
@refusals
def ballot(request: HttpRequest, slug: str, envelope: int) -> HttpResponse:
    return _ballot(request, online_seat(request, slug, envelope))


@never_cache
@verified_email_required
@require_http_methods(["GET", "POST"])
@refusals
def check(request: HttpRequest, slug: str, envelope: int) -> HttpResponse:
    return _check(request, online_seat(request, slug, envelope))


@never_cache
@require_http_methods(["GET", "POST"])
@refusals
def code_ballot(request: HttpRequest) -> HttpResponse:
    return _ballot(request, code_seat(request))


@never_cache
@require_http_methods(["GET", "POST"])
@refusals
def code_check(request: HttpRequest) -> HttpResponse:
    return _check(request, code_seat(request))


@require_POST
@refusals
def basket(request: HttpRequest, slug: str, envelope: int) -> HttpResponse:
    """The basket (and, for knapsack, each project's "does not fit") for what is ticked now.

    Arithmetic on public costs only; nothing is stored. htmx swaps it in as projects are ticked.
    """
    envelope = get_object_or_404(Envelope.objects.select_related("process"), pk=envelope,
                                 process__slug=slug)
    require_open(request, envelope.process)
    rules = rules_of(envelope)
    form = BallotForm(request.POST, rules=rules,
                      projects=ballot_projects(envelope=envelope))
    current = form.basket()
    return render(request, "voting/partials/basket.html", {
        "rules": rules, "basket": current, "rows": form.rows(current), "oob": True,
    })


@never_cache
def done(request: HttpRequest) -> HttpResponse:
    found = receipt_from_cookie(request)
    envelope = (Envelope.objects.select_related("process").filter(pk=found[0]).first()
                if found else None)
    if envelope is None:
        return redirect("vote_receipt")
    return render(request, "voting/done.html", {
        "process": envelope.process, "envelope": envelope, "receipt": found[1],
        "still_open": _still_open(request, envelope),
        "monitoring": monitoring_offered(request, envelope.process)
        and envelope.process.phase == Phase.VOTING,
    })


def _still_open(request, just_voted: Envelope) -> list[Envelope]:
    """The other budgets this signed-in resident may still vote for online, so that someone
    who can vote in a ward and in a youth pot is not left thinking they are done."""
    process = just_voted.process
    if not request.user.is_authenticated or process.phase != Phase.VOTING:
        return []
    declaration = declaration_for(user=request.user, process=process)
    if declaration is None:
        return []
    voted = envelopes_voted_online(user=request.user, process=process) | {just_voted.pk}
    return [e for e in _eligible_online(process, _envelope_rules(process), declaration)
            if e.pk not in voted]


# Voting codes








@never_cache
@require_http_methods(["GET", "POST"])
def code_entry(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        # A code is never read from the address: cards carry it after #, for the page's script.
        return render(request, "voting/code.html", {"form": CodeForm()})
    form = CodeForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            code = guess_code(request, form.cleaned_data["code"])
        except ratelimit.Limited:
            return limited_page(request)
        except ratelimit.Unavailable:
            return unavailable_page(request)
        if code is None:
            form.add_error("code", _("We do not recognise this code. Check it against your "
                                     "letter or card and try again."))
        else:
            envelope = code.batch.envelope
            try:
                check_voting_open(process=envelope.process)
            except VotingClosed as closed:
                return closed_page(request, envelope.process, title=_("Voting is not open"),
                               message=closed.messages[0])
            try:
                check_channel(rules=rules_of(envelope), channel=Channel.CODE)
            except ChannelClosed as closed:
                return closed_page(request, envelope.process,
                               title=_("You cannot vote this way here"),
                               message=closed.messages[0])
            if code_is_used(code):
                form.add_error("code", _("This voting code has already been used."))
                status = 409
            else:
                # A new session key once a code is verified, so a planted one is worthless.
                request.session.cycle_key()
                request.session[SESSION_CODE] = code.pk
                return redirect("vote_code_ballot")
    return render(request, "voting/code.html", {"form": form}, status=status)
