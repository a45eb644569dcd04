"""Letters to proposers: what Kist tells them about their idea, and the one way they are sent.

Each letter is written in the proposer's own language (the one they last chose), quotes money
in the process's own currency, and goes out only once the change it reports has committed
(straight away outside a transaction). A letter that cannot be sent is logged; the change it
reports stands.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from functools import partial
from typing import NamedTuple

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from budgeting.languages.selectors import in_language_of
from budgeting.languages.words import said
from budgeting.models import Project
from budgeting.money import format_money
from budgeting.proposals.models import Proposal, Review
from budgeting.shortlisting.models import LeftOut

logger = logging.getLogger(__name__)


class Letter(NamedTuple):
    recipient: str
    subject: str
    body: str


def send_after_commit(letters: Iterable[Letter], *, about: str) -> int:
    """Queue the letters for a background worker once the current transaction commits (a slow
    mail server never slows a page); how many."""
    letters = [list(letter) for letter in letters]
    if letters:
        from budgeting.tasks import send_letters  # the task module imports this one

        transaction.on_commit(partial(send_letters.enqueue, letters=letters, about=about))
    return len(letters)


def send(letters: list[Letter], *, about: str) -> None:
    """Send each letter; one that fails is logged (never with its address) and the rest go."""
    for number, letter in enumerate(letters, start=1):
        try:
            send_mail(letter.subject, letter.body, settings.DEFAULT_FROM_EMAIL,
                      [letter.recipient])
        except Exception:
            logger.exception("Could not send letter %d of %d about %s", number, len(letters),
                             about)


def _to_proposer(proposal: Proposal, subject: str, body: str, **values) -> list[Letter]:
    """One letter to the proposal's author, or none if they left no address."""
    if not proposal.author.email:
        return []
    values = {"name": proposal.author.first_name or proposal.author.email,
              "title": proposal.title, "ref": proposal.reference,
              "envelope": said(proposal.envelope, "name"), **values}
    return [Letter(proposal.author.email, subject % values, body % values)]


def _cost(project: Project) -> str:
    return format_money(project.cost, project.envelope.process.currency, pence=True)


# Review


def reviewed(review: Review) -> list[Letter]:
    """Tell the proposer what the moderators decided, and why, as the public will read it."""
    proposal = review.proposal
    with in_language_of(proposal.author):
        return _reviewed(review, proposal)


def _reviewed(review: Review, proposal: Proposal) -> list[Letter]:
    Decision = Review.Decision
    next_step = {
        Decision.FEASIBLE: _("It now goes to the shortlisting panel, who choose what goes on "
                             "the ballot."),
        Decision.NOT_FEASIBLE: _("It will not go further in this round."),
        Decision.NEEDS_INFORMATION: _("Please answer by changing your idea: sign in and open "
                                      "“My proposals”."),
    }[Decision(review.decision)]
    return _to_proposer(
        proposal,
        _("Your idea “%(title)s” has been reviewed: %(decision)s"),
        _("Hello %(name)s,\n\nYour idea “%(title)s” (%(ref)s) for %(envelope)s has been "
          "reviewed.\n\nDecision: %(decision)s\nWhy: %(reason)s\n\n%(next)s\n"),
        decision=review.get_decision_display().lower(), reason=review.public_reason,
        next=next_step,
    )


# Shortlisting


def shortlisted(proposal: Proposal, project: Project, *, joined: bool) -> list[Letter]:
    """Tell the proposer their idea is on the ballot, alone or joined with others."""
    with in_language_of(proposal.author):
        return _shortlisted(proposal, project, joined=joined)


def _shortlisted(proposal: Proposal, project: Project, *, joined: bool) -> list[Letter]:
    if joined:
        how = _("The panel joined it with similar ideas into one project, “%(project)s”, with a "
                "cost of %(cost)s.")
    else:
        how = _("It goes to the vote on its own as “%(project)s”, with a cost of %(cost)s.")
    return _to_proposer(
        proposal,
        _("Your idea “%(title)s” is going to the vote"),
        _("Hello %(name)s,\n\nYour idea “%(title)s” (%(ref)s) is going to the vote in "
          "%(envelope)s.\n%(how)s\n\nWhy the panel chose it: %(reason)s\n"),
        how=how % {"project": said(project, "title"), "cost": _cost(project)},
        reason=project.panel_reason,
    )


def left_out(left: LeftOut) -> list[Letter]:
    """Tell the proposer the panel left their idea off the ballot, and why."""
    with in_language_of(left.proposal.author):
        return _left_out(left)


def _left_out(left: LeftOut) -> list[Letter]:
    return _to_proposer(
        left.proposal,
        _("Your idea “%(title)s” will not be on the ballot"),
        _("Hello %(name)s,\n\nThe shortlisting panel for %(envelope)s has not put your idea "
          "“%(title)s” (%(ref)s) on the ballot.\n\nThe panel's reason: %(reason)s\n"),
        reason=left.reason,
    )


# Results and delivery


def _proposals(project: Project) -> list[Proposal]:
    return list(
        project.proposals.select_related("author", "envelope__process").order_by("id")
    )


def _to_proposers_of(project: Project, subject, body, **values) -> list[Letter]:
    """One letter to each proposer of the ideas `project` came from, each in their own
    language: `subject` and `body` are lazy, so each is translated for its reader."""
    letters = []
    for proposal in _proposals(project):
        with in_language_of(proposal.author):
            letters += _to_proposer(proposal, str(subject), str(body),
                                    project=said(project, "title"), **values)
    return letters


def funded(project: Project) -> list[Letter]:
    """Tell each proposer the project their idea became was funded."""
    return _to_proposers_of(
        project,
        gettext_lazy("Your idea “%(title)s” has been funded"),
        gettext_lazy("Hello %(name)s,\n\nGood news: your idea “%(title)s” (%(ref)s) has been "
                     "funded. Residents voted for the project “%(project)s” in %(envelope)s, "
                     "with %(cost)s to spend on it.\n\nWe will post updates on the project's "
                     "page as the work goes on.\n"),
        cost=_cost(project),
    )


def delivered(project: Project) -> list[Letter]:
    """Tell each proposer the project their idea became is done."""
    return _to_proposers_of(
        project,
        gettext_lazy("Your idea “%(title)s” has been delivered"),
        gettext_lazy("Hello %(name)s,\n\nYour idea “%(title)s” (%(ref)s) has been delivered: "
                     "the project “%(project)s” in %(envelope)s is done.\n\nThank you for "
                     "proposing it.\n"),
    )


def notify_funded(*, projects: Iterable[Project]) -> int:
    """Tell the proposers of each funded project that their idea has been funded.

    Call it once the results are committed. Projects that are not funded are skipped. Returns
    the number of messages handed to the mailer (after the current transaction, if any).
    """
    letters = [letter for project in projects if project.is_funded
               for letter in funded(project)]
    return send_after_commit(letters, about="a funded project")
