"""Shortlisting pages: a guided sequence (Own, Pair, Explain, Rank, Arrange, Sign-off) that a
facilitator can project in a room, each a plain form that works without JavaScript."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from budgeting.models import Envelope
from budgeting.pages import add_errors, posted
from budgeting.permissions import can_administer, check_process_admin
from budgeting.proposals.models import Proposal
from budgeting.shortlisting import checks
from budgeting.shortlisting import selectors as sel
from budgeting.shortlisting import services as svc
from budgeting.shortlisting.forms import (
    DraftProjectForm,
    LeaveOutForm,
    OwnRankingForm,
    PairPicksForm,
    PanelSetUpForm,
)
from budgeting.shortlisting.models import DraftProject, Panel

STAGES = [
    ("own", gettext_lazy("Own")),
    ("pairs", gettext_lazy("Pair")),
    ("explain", gettext_lazy("Explain")),
    ("rank", gettext_lazy("Rank")),
    ("arrange", gettext_lazy("Arrange")),
    ("signoff", gettext_lazy("Sign-off")),
]



def _envelope(slug: str, envelope_pk: int) -> Envelope:
    return get_object_or_404(
        Envelope.objects.select_related("process"), pk=envelope_pk, process__slug=slug
    )


def _panel(request: HttpRequest, slug: str, envelope_pk: int) -> Panel:
    envelope = _envelope(slug, envelope_pk)
    panel = sel.panel_for(envelope=envelope)
    if panel is None:
        raise Http404(_("%(envelope)s has no shortlisting panel yet.")
                      % {"envelope": envelope.name})
    sel.check_on_panel(panel=panel, user=request.user)
    return panel


def _context(request: HttpRequest, panel: Panel, stage: str, **extra) -> dict:
    seat = sel.seat_or_none(panel=panel, user=request.user)
    return {
        "panel": panel,
        "envelope": panel.envelope,
        "process": panel.envelope.process,
        "seat": seat,
        "is_facilitator": sel.is_facilitator(panel=panel, user=request.user),
        "stages": STAGES,
        "stage": stage,
        **extra,
    }


def _back(panel: Panel, stage: str):
    envelope = panel.envelope
    return redirect(f"shortlist_{stage}", slug=envelope.process.slug, envelope_pk=envelope.pk)


def _refused(request: HttpRequest, error: ValidationError) -> None:
    messages.error(request, " ".join(error.messages))


def _act(request: HttpRequest, panel: Panel, stage: str, action, done: str) -> HttpResponse:
    """Run one panel action; say what happened, or why it was refused, on the stage's page."""
    try:
        action()
    except ValidationError as error:
        _refused(request, error)
    else:
        messages.success(request, done)
    return _back(panel, stage)


# Setting up


@login_required
@require_http_methods(["GET", "POST"])
def panel_set_up(request: HttpRequest, slug: str, envelope_pk: int) -> HttpResponse:
    envelope = _envelope(slug, envelope_pk)
    process = envelope.process
    check_process_admin(user=request.user, process=process)
    existing = sel.panel_for(envelope=envelope)
    if existing is not None:
        messages.info(request, _("This envelope already has a shortlisting panel."))
        return redirect("shortlist_panel", slug=slug, envelope_pk=envelope.pk)
    form = PanelSetUpForm(posted(request), process=process)
    if request.method == "POST" and form.is_valid():
        try:
            svc.panel_set_up(envelope=envelope, admin=request.user,
                             facilitator=form.cleaned_data["facilitator"],
                             memberships=form.cleaned_data["members"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The shortlisting panel has been set up."))
            return redirect("shortlist_panel", slug=slug, envelope_pk=envelope.pk)
    return render(request, "budgeting/shortlisting/set_up.html",
                  {"process": process, "envelope": envelope, "form": form},
                  status=400 if form.errors else 200)


# Overview and live submissions


@login_required
def panel_overview(request: HttpRequest, slug: str, envelope_pk: int) -> HttpResponse:
    """The panel's progress: for its members and facilitator, and, read-only, for the round's
    process admins (who see who has handed in what, never a member's ranking)."""
    envelope = _envelope(slug, envelope_pk)
    panel = sel.panel_for(envelope=envelope)
    watching = panel is not None and can_administer(
        user=request.user, process=envelope.process) and (
        sel.seat_or_none(panel=panel, user=request.user) is None
        and not sel.is_facilitator(panel=panel, user=request.user))
    if not watching:
        panel = _panel(request, slug, envelope_pk)
    context = _context(request, panel, "panel", members=sel.members(panel=panel),
                       proposals=sel.panel_proposals(panel=panel), watching=watching)
    if request.htmx and request.htmx.target == "submissions":
        return render(request, "budgeting/shortlisting/partials/submissions.html", context)
    return render(request, "budgeting/shortlisting/panel.html", context)


# Own


@login_required
@require_http_methods(["GET", "POST"])
def own(request: HttpRequest, slug: str, envelope_pk: int) -> HttpResponse:
    panel = _panel(request, slug, envelope_pk)
    seat = checks.check_member(panel=panel, user=request.user)
    proposals = list(sel.panel_proposals(panel=panel))
    form = None
    if seat.submitted_at is None and not panel.is_published:
        form = OwnRankingForm(posted(request), proposals=proposals)
        if request.method == "POST" and form.is_valid():
            try:
                svc.own_ranking_submit(panel=panel, user=request.user, places=form.places(),
                                       notes=form.notes())
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Your own ranking has been submitted. You can now "
                                            "see the other members' views."))
                return _back(panel, "pairs")
    elif request.method == "POST":
        messages.error(request, _("You have already submitted your own ranking."))
        return _back(panel, "own")
    context = _context(request, panel, "own", form=form,
                       ranking=sel.own_ranking(seat=seat) if form is None else None)
    return render(request, "budgeting/shortlisting/own.html", context,
                  status=400 if form is not None and form.errors else 200)


# Pair


@login_required
@require_http_methods(["GET", "POST"])
def pairs(request: HttpRequest, slug: str, envelope_pk: int) -> HttpResponse:
    panel = _panel(request, slug, envelope_pk)
    seat = sel.check_may_see_views(panel=panel, user=request.user)
    my_pair = sel.pair_of(panel=panel, seat=seat)
    # With an odd number of members one pair is a three, and is called what it is.
    trio = my_pair is not None and my_pair.members.count() > 2
    form = None
    if my_pair is not None and not panel.is_published:
        initial = {"picks": list(my_pair.picks.all()), "reason": my_pair.reason}
        form = PairPicksForm(posted(request), initial=initial, trio=trio,
                             proposals=sel.panel_proposals(panel=panel))
        if request.method == "POST" and form.is_valid():
            try:
                svc.pair_agree(pair=my_pair, user=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Your group's picks have been recorded.") if trio
                                 else _("Your pair's picks have been recorded."))
                return _back(panel, "explain")
    elif request.method == "POST":
        messages.error(request, _("You are not in a pair yet."))
        return _back(panel, "pairs")
    context = _context(request, panel, "pairs", pairs=sel.pairs(panel=panel), my_pair=my_pair,
                       form=form, trio=trio)
    return render(request, "budgeting/shortlisting/pairs.html", context,
                  status=400 if form is not None and form.errors else 200)


@login_required
@require_POST
def pairs_suggest(request: HttpRequest, slug: str, envelope_pk: int) -> HttpResponse:
    panel = _panel(request, slug, envelope_pk)
    return _act(
        request, panel, "pairs", lambda: svc.pairs_suggest(panel=panel, user=request.user),
        _("Kist has suggested pairs that cross partners."),
    )


# Explain and Rank


@login_required
def explain(request: HttpRequest, slug: str, envelope_pk: int) -> HttpResponse:
    panel = _panel(request, slug, envelope_pk)
    sel.check_may_see_views(panel=panel, user=request.user)
    context = _context(request, panel, "explain", pairs=sel.pairs(panel=panel))
    return render(request, "budgeting/shortlisting/explain.html", context)


@login_required
def rank(request: HttpRequest, slug: str, envelope_pk: int) -> HttpResponse:
    panel = _panel(request, slug, envelope_pk)
    sel.check_may_see_views(panel=panel, user=request.user)
    submitted, ranking = sel.panel_ranking(panel=panel)
    context = _context(request, panel, "rank", submitted=submitted, ranking=ranking,
                       member_count=sel.members(panel=panel).count())
    return render(request, "budgeting/shortlisting/rank.html", context)


# Arrange


def _arrange_page(request, panel, *, status=200, draft_form=None, leave_form=None):
    state = sel.arrangement(panel=panel)
    free = Proposal.objects.filter(pk__in=[p.pk for p in state["undecided"]]).order_by("id")
    context = _context(
        request, panel, "arrange", **state,
        draft_form=draft_form or DraftProjectForm(prefix="project", proposals=free),
        leave_form=leave_form or LeaveOutForm(prefix="leave", proposals=free),
    )
    return render(request, "budgeting/shortlisting/arrange.html", context, status=status)


@login_required
def arrange(request: HttpRequest, slug: str, envelope_pk: int) -> HttpResponse:
    panel = _panel(request, slug, envelope_pk)
    sel.check_may_see_views(panel=panel, user=request.user)
    return _arrange_page(request, panel)


def _free_proposals(panel: Panel):
    # Everything the panel works on: the service refuses one already placed, with a message.
    return sel.panel_proposals(panel=panel)


@login_required
@require_POST
def arrange_project(request: HttpRequest, slug: str, envelope_pk: int) -> HttpResponse:
    panel = _panel(request, slug, envelope_pk)
    checks.check_facilitator(panel=panel, user=request.user)
    form = DraftProjectForm(request.POST, prefix="project", proposals=_free_proposals(panel))
    if form.is_valid():
        try:
            svc.draft_create(panel=panel, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The project has been added to the shortlist."))
            return _back(panel, "arrange")
    return _arrange_page(request, panel, status=400, draft_form=form)



@login_required
@require_POST
def arrange_carry(request: HttpRequest, slug: str, envelope_pk: int, pk: int) -> HttpResponse:
    panel = _panel(request, slug, envelope_pk)
    proposal = get_object_or_404(Proposal, pk=pk, envelope=panel.envelope)
    return _act(
        request, panel, "arrange",
        lambda: svc.draft_carry_over(panel=panel, user=request.user, proposal=proposal),
        _("“%(t)s” goes to the ballot on its own.") % {"t": proposal.title},
    )


@login_required
@require_POST
def arrange_remove(request: HttpRequest, slug: str, envelope_pk: int, pk: int) -> HttpResponse:
    panel = _panel(request, slug, envelope_pk)
    draft = get_object_or_404(DraftProject, pk=pk, panel=panel)
    return _act(
        request, panel, "arrange", lambda: svc.draft_remove(draft=draft, user=request.user),
        _("The project has been taken off the shortlist."),
    )


@login_required
@require_POST
def arrange_leave_out(request: HttpRequest, slug: str, envelope_pk: int) -> HttpResponse:
    panel = _panel(request, slug, envelope_pk)
    checks.check_facilitator(panel=panel, user=request.user)
    form = LeaveOutForm(request.POST, prefix="leave", proposals=_free_proposals(panel))
    if form.is_valid():
        try:
            svc.proposal_leave_out(panel=panel, user=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The proposal has been left off the ballot."))
            return _back(panel, "arrange")
    return _arrange_page(request, panel, status=400, leave_form=form)


@login_required
@require_POST
def arrange_put_back(request: HttpRequest, slug: str, envelope_pk: int, pk: int) -> HttpResponse:
    panel = _panel(request, slug, envelope_pk)
    proposal = get_object_or_404(Proposal, pk=pk, envelope=panel.envelope)
    return _act(
        request, panel, "arrange",
        lambda: svc.proposal_put_back(panel=panel, user=request.user, proposal=proposal),
        _("The proposal is back among those still to arrange."),
    )


# Sign-off


@login_required
def signoff(request: HttpRequest, slug: str, envelope_pk: int) -> HttpResponse:
    panel = _panel(request, slug, envelope_pk)
    sel.check_may_see_views(panel=panel, user=request.user)
    ready = None
    try:
        checks.check_ready_to_publish(panel=panel)
    except ValidationError as error:
        ready = " ".join(error.messages)
    context = _context(request, panel, "signoff", partners=sel.sign_off_state(panel=panel),
                       not_ready=ready, **sel.arrangement(panel=panel))
    return render(request, "budgeting/shortlisting/signoff.html", context)


@login_required
@require_POST
def approve(request: HttpRequest, slug: str, envelope_pk: int) -> HttpResponse:
    panel = _panel(request, slug, envelope_pk)
    return _act(
        request, panel, "signoff", lambda: svc.shortlist_approve(panel=panel, user=request.user),
        _("You have approved the shortlist."),
    )


@login_required
@require_POST
def publish(request: HttpRequest, slug: str, envelope_pk: int) -> HttpResponse:
    panel = _panel(request, slug, envelope_pk)
    try:
        svc.shortlist_publish(panel=panel, user=request.user)
    except ValidationError as error:
        _refused(request, error)
        return _back(panel, "signoff")
    messages.success(request, _("The shortlist is published and proposers have been told."))
    return redirect("shortlist_public", slug=slug, envelope_pk=envelope_pk)


# Public


def shortlist_public(request: HttpRequest, slug: str, envelope_pk: int) -> HttpResponse:
    envelope = _envelope(slug, envelope_pk)
    shortlist = sel.published_shortlist(envelope=envelope)
    context = {"process": envelope.process, "envelope": envelope, "shortlist": shortlist,
               "is_admin": can_administer(user=request.user, process=envelope.process)}
    return render(request, "budgeting/shortlisting/public.html", context,
                  status=200 if shortlist else 404)

