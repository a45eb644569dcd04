"""The staff side of voting: an overview per process, ballot rules, voting codes and paper
batches. Views stay thin: the services check permissions and rules and write the audit log;
the views check access first so that others get a 403 before anything is read or written."""

import secrets

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from budgeting.models import Envelope, Process, Project
from budgeting.pages import add_errors, posted
from budgeting.permissions import can_administer, check_desk_officer, check_process_admin
from voting.ballot_box import BoxReceipt
from voting.models import VOTING_CHANNELS, BallotRules, Channel, CodeBatch, PaperBatch
from voting.rules import is_locked, locked_reason, rules_of, rules_summary
from voting.staff import code_sheets, services
from voting.staff.forms import (
    IssueCodesForm,
    OpenBatchForm,
    PaperBallotForm,
    RedeclareForm,
    ReturnForm,
    RulesForm,
    SpoilForm,
    VoidForm,
)
from voting.staff.selectors import batch_entered, staff_overview, with_entered

# Session key for the one-use tokens of the "issue codes" form.
CODE_TOKENS = "voting_code_tokens"



def _process(request: HttpRequest, slug: str, *, admin: bool = False) -> Process:
    process = get_object_or_404(Process, slug=slug)
    if admin:
        check_process_admin(user=request.user, process=process)
    else:
        check_desk_officer(user=request.user, process=process)
    return process


def _envelope(request: HttpRequest, slug: str, envelope_id: int, *, admin: bool = False):
    process = _process(request, slug, admin=admin)
    envelope = get_object_or_404(Envelope, pk=envelope_id, process=process)
    return process, envelope








# Overview


@login_required
def overview(request: HttpRequest, slug: str) -> HttpResponse:
    process = _process(request, slug)
    envelopes = list(process.envelopes.all())
    tallies = staff_overview(process=process)
    rules, projects, ballots = tallies.rules, tallies.projects, tallies.ballots
    code_batches, paper_batches = tallies.code_batches, tallies.paper_batches
    rows = []
    for envelope in envelopes:
        envelope_rules = rules.get(envelope.pk) or BallotRules(envelope=envelope)
        counts = ballots[envelope.pk]
        rows.append({
            "envelope": envelope,
            "rules": envelope_rules,
            "locked": is_locked(envelope_rules, has_ballots=any(counts.values())),
            "summary": rules_summary(envelope_rules, envelope),
            "channels": [Channel(c).label for c in envelope_rules.channels],
            "takes_codes": Channel.CODE in envelope_rules.channels,
            "takes_paper": Channel.PAPER in envelope_rules.channels,
            "projects": projects.get(envelope.pk, 0),
            "ballots": [(label, counts[c]) for c, label in VOTING_CHANNELS],
            "spoilt": counts["spoilt"],
        "voided": counts["voided"],
            "counted": sum(counts[c] for c, _label in VOTING_CHANNELS),
            "code_batches": code_batches[envelope.pk],
            "paper_batches": paper_batches[envelope.pk],
        })
    return render(request, "voting/staff/overview.html", {
        "process": process,
        "rows": rows,
        "is_admin": can_administer(user=request.user, process=process),
    })


# Ballot rules


@login_required
@require_http_methods(["GET", "POST"])
def rules_edit(request: HttpRequest, slug: str, envelope_id: int) -> HttpResponse:
    process, envelope = _envelope(request, slug, envelope_id, admin=True)
    rules = rules_of(envelope)
    locked = locked_reason(rules)
    form = RulesForm(posted(request), initial=RulesForm.initial_from(rules))
    status = 200
    if request.method == "POST" and locked is None:
        if form.is_valid():
            try:
                services.rules_update(admin=request.user, envelope=envelope, **form.rule_fields())
            except ValidationError as error:
                if getattr(error, "code", None) == "locked":
                    locked = error.messages[0]
                else:
                    add_errors(form, error)
            else:
                messages.success(request, _("The ballot rules for %(envelope)s have been saved.")
                                 % {"envelope": envelope.name})
                return redirect("voting_staff", slug=process.slug)
        status = 400
    elif request.method == "POST":
        status = 400
    return render(request, "voting/staff/rules.html", {
        "process": process,
        "envelope": envelope,
        "rules": rules,
        "summary": rules_summary(rules, envelope),
        "channels": [Channel(c).label for c in rules.channels],
        "locked": locked,
        "form": form,
    }, status=status)


# Voting codes


def _new_code_token(request: HttpRequest) -> str:
    token = secrets.token_urlsafe(16)
    request.session[CODE_TOKENS] = [*request.session.get(CODE_TOKENS, [])[-19:], token]
    return token


def _take_code_token(request: HttpRequest, token: str) -> bool:
    tokens = request.session.get(CODE_TOKENS, [])
    if not token or token not in tokens:
        return False
    tokens.remove(token)
    request.session[CODE_TOKENS] = tokens
    return True


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def codes_issue(request: HttpRequest, slug: str, envelope_id: int) -> HttpResponse:
    """Issue a batch of codes; the response to the POST is the only place they are shown.

    Nothing keeps the plain codes: not the database (it has salted hashes), not the session,
    not a file. The page carries them, the QR cards and the CSV (as a data: link) and is sent
    with Cache-Control: no-store.
    """
    process, envelope = _envelope(request, slug, envelope_id, admin=True)
    form = IssueCodesForm(posted(request))
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            if not _take_code_token(request, form.cleaned_data["token"]):
                form.add_error(None, _(
                    "This form had already been sent, so those codes were issued and shown "
                    "once. Nothing more was issued. To get more codes, issue a new batch."))
            else:
                try:
                    plain = services.codes_issue(
                        staff=request.user, envelope=envelope, count=form.cleaned_data["count"],
                        note=form.cleaned_data["note"],
                    )
                except ValidationError as error:
                    add_errors(form, error)
                else:
                    return _codes_sheet(request, process, envelope, plain,
                                        note=form.cleaned_data["note"])
        # A fresh token, so the corrected form can be sent.
        form.data = form.data.copy()
        form.data["token"] = _new_code_token(request)
    else:
        form = IssueCodesForm(initial={"token": _new_code_token(request)})
    batches = (CodeBatch.objects.filter(envelope=envelope).select_related("issued_by")
               .annotate(used=Count("codes__participation")))
    return render(request, "voting/staff/codes_form.html", {
        "process": process,
        "envelope": envelope,
        "form": form,
        "batches": batches,
        "takes_codes": Channel.CODE in rules_of(envelope).channels,
    }, status=status)


def _codes_sheet(request, process, envelope, plain: list[str], *, note: str) -> HttpResponse:
    base_url = request.build_absolute_uri("/").rstrip("/")
    with_qr = len(plain) <= code_sheets.QR_CARDS_UP_TO
    now = timezone.localtime()
    csv = code_sheets.csv_text(codes=plain, envelope_name=envelope.name, base_url=base_url)
    return render(request, "voting/staff/codes_sheet.html", {
        "process": process,
        "envelope": envelope,
        "cards": code_sheets.cards(codes=plain, base_url=base_url, with_qr=with_qr),
        "count": len(plain),
        "with_qr": with_qr,
        "qr_up_to": code_sheets.QR_CARDS_UP_TO,
        "note": note,
        "issued_at": now,
        "vote_address": base_url + code_sheets.CODE_PATH,
        "csv_href": code_sheets.csv_data_url(csv),
        "csv_name": f"kist-codes-{process.slug}-{envelope.pk}-{now:%Y%m%d-%H%M%S}.csv",
    })


# Paper batches


@login_required
@require_http_methods(["GET", "POST"])
def paper_batches(request: HttpRequest, slug: str, envelope_id: int) -> HttpResponse:
    process, envelope = _envelope(request, slug, envelope_id)
    rules = rules_of(envelope)
    form = OpenBatchForm(posted(request))
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                batch = services.paper_batch_open(staff=request.user, envelope=envelope,
                                                  **form.cleaned_data)
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("The batch is open. Enter its ballot papers one "
                                            "by one."))
                return redirect("voting_staff_batch", slug=process.slug, batch_id=batch.pk)
    batches = with_entered(PaperBatch.objects.filter(envelope=envelope)
                           .select_related("opened_by"))
    return render(request, "voting/staff/paper_batches.html", {
        "process": process,
        "envelope": envelope,
        "form": form,
        "batches": batches,
        "takes_paper": Channel.PAPER in rules.channels,
    }, status=status)


def _batch(request: HttpRequest, slug: str, batch_id: int) -> tuple[Process, PaperBatch]:
    process = _process(request, slug)
    batch = get_object_or_404(
        PaperBatch.objects.select_related("envelope__process", "opened_by"),
        pk=batch_id, envelope__process=process,
    )
    return process, batch


def _ballot_form(batch: PaperBatch, data=None) -> PaperBallotForm:
    rules = rules_of(batch.envelope)
    rules.envelope = batch.envelope
    projects = list(Project.objects.filter(envelope=batch.envelope))
    return PaperBallotForm(data, rules=rules, projects=projects, prefix="ballot")


def _batch_page(request, process, batch, *, status=200, refusal=None, **forms) -> HttpResponse:
    counts = batch.ballots.aggregate(spoilt=Count("id", filter=Q(spoilt=True, voided=False)),
                                     voided=Count("id", filter=Q(voided=True)))
    entered = batch_entered(batch)
    ballot_form = forms.get("ballot_form") or _ballot_form(batch)
    focus_entry = request.GET.get("entered") == "1" and not ballot_form.is_bound
    if focus_entry and ballot_form.fields:
        # Straight after a paper is entered the next one can be typed without reaching for
        # the mouse.
        next(iter(ballot_form.fields.values())).widget.attrs["autofocus"] = True
    return render(request, "voting/staff/paper_batch.html", {
        "process": process,
        "envelope": batch.envelope,
        "batch": batch,
        "is_open": batch.status == PaperBatch.Status.OPEN,
        "entered": entered,
        "spoilt": counts["spoilt"],
        "voided": counts["voided"],
        "counted": entered - counts["spoilt"],
        "difference": batch.declared_count - entered,
        "missing": max(batch.declared_count - entered, 0),
        "extra": max(entered - batch.declared_count, 0),
        "rules": ballot_form.rules,
        "summary": rules_summary(ballot_form.rules, batch.envelope),
        "ballot_form": ballot_form,
        "spoil_form": forms.get("spoil_form") or SpoilForm(prefix="spoil"),
        "redeclare_form": forms.get("redeclare_form") or RedeclareForm(
            prefix="redeclare", initial={"declared_count": batch.declared_count}),
        "void_form": forms.get("void_form") or VoidForm(prefix="void"),
        "return_form": forms.get("return_form") or ReturnForm(prefix="return"),
        "is_checking": batch.status == PaperBatch.Status.CHECKING,
        "may_confirm": services.may_confirm(staff=request.user, batch=batch),
        "may_approve": batch.late and batch.approved_by_id is None
        and can_administer(user=request.user, process=process),
        "refusal": refusal,
    }, status=status)


@login_required
def paper_batch(request: HttpRequest, slug: str, batch_id: int) -> HttpResponse:
    process, batch = _batch(request, slug, batch_id)
    return _batch_page(request, process, batch)


def _batch_url(batch: PaperBatch, *, entered: bool = False) -> str:
    url = reverse("voting_staff_batch", kwargs={"slug": batch.envelope.process.slug,
                                                "batch_id": batch.pk})
    # No #fragment: a page opened at a fragment ignores autofocus.
    return url + ("?entered=1" if entered else "")


def batch_action(request, slug, batch_id, *, form_key, make_form, action, done):
    """Run one batch action; on refusal show the batch page again with what was typed."""
    process, batch = _batch(request, slug, batch_id)
    form = make_form(batch) if make_form else None
    refusal = None
    if form is None or form.is_valid():
        try:
            result = action(batch, form)
        except ValidationError as error:
            if form is None or getattr(error, "code", None) == "closed":
                refusal = " ".join(error.messages)
            else:
                add_errors(form, error)
        else:
            batch.refresh_from_db()
            messages.success(request, done(batch, result))
            return redirect(_batch_url(batch, entered=form_key in ("ballot_form", "spoil_form")))
    batch.refresh_from_db()
    forms = {form_key: form} if form is not None else {}
    return _batch_page(request, process, batch, status=400, refusal=refusal, **forms)


def _entered_message(batch: PaperBatch, ballot: BoxReceipt) -> str:
    entered = batch_entered(batch)
    return _("Ballot paper entered (%(n)d of %(declared)d declared). Its reference is "
             "%(receipt)s.") % {"n": entered, "declared": batch.declared_count,
                                "receipt": ballot.receipt}


@login_required
@require_POST
def paper_ballot_enter(request: HttpRequest, slug: str, batch_id: int) -> HttpResponse:
    return batch_action(
        request, slug, batch_id, form_key="ballot_form",
        make_form=lambda batch: _ballot_form(batch, request.POST),
        action=lambda batch, form: services.paper_ballot_enter(
            staff=request.user, batch=batch, choices=form.choices()),
        done=_entered_message,
    )


@login_required
@require_POST
def paper_ballot_spoil(request: HttpRequest, slug: str, batch_id: int) -> HttpResponse:
    return batch_action(
        request, slug, batch_id, form_key="spoil_form",
        make_form=lambda batch: SpoilForm(request.POST, prefix="spoil"),
        action=lambda batch, form: services.paper_ballot_spoil(
            staff=request.user, batch=batch, reason=form.cleaned_data["reason"]),
        done=lambda batch, ballot: _("Spoilt ballot paper recorded (%(n)d of %(declared)d "
                                     "declared).") % {"n": batch_entered(batch),
                                                      "declared": batch.declared_count},
    )


@login_required
@require_POST
def paper_batch_redeclare(request: HttpRequest, slug: str, batch_id: int) -> HttpResponse:
    return batch_action(
        request, slug, batch_id, form_key="redeclare_form",
        make_form=lambda batch: RedeclareForm(request.POST, prefix="redeclare"),
        action=lambda batch, form: services.paper_batch_redeclare(
            staff=request.user, batch=batch,
            declared_count=form.cleaned_data["declared_count"]),
        done=lambda batch, result: _("The declared number is now %(n)d.")
        % {"n": batch.declared_count},
    )
