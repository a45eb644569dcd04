"""Letters to proposers and to the people following their ideas, vote reminders, and the one
way they are sent.

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
from django.core.mail import EmailMessage
from django.db import transaction
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from budgeting.following import selectors as following
from budgeting.following.unsubscribe import link_for
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
    # The link that stops letters like this one, in the body and in the List-Unsubscribe
    # headers mail clients show as a button; empty for a letter someone asked for once.
    unsubscribe: str = ""


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
        headers = {"List-Unsubscribe": f"<{letter.unsubscribe}>",
                   "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"
                   } if letter.unsubscribe else {}
        try:
            EmailMessage(letter.subject, letter.body, settings.DEFAULT_FROM_EMAIL,
                         [letter.recipient], headers=headers).send()
        except Exception:
            logger.exception("Could not send letter %d of %d about %s", number, len(letters),
                             about)


def _stop_following(user_id: int, proposal: Proposal) -> str:
    return link_for(user_id=user_id, what="follow", pk=proposal.pk)


def _to_proposer(proposal: Proposal, subject: str, body: str, **values) -> list[Letter]:
    """One letter to the proposal's author, or none if they left no address or stopped
    following their idea."""
    author = proposal.author
    if not author.email or not proposal.author_follows:
        return []
    values = {"name": author.first_name or author.email,
              "title": proposal.title, "ref": proposal.reference,
              "envelope": said(proposal.envelope, "name"), **values}
    stop = _stop_following(author.pk, proposal)
    footer = _("\nTo stop emails about this idea, open this link:\n%(link)s\n") % {"link": stop}
    return [Letter(author.email, subject % values, body % values + footer, stop)]


def to_followers(proposal: Proposal, news, *, but: int | None = None, **values
                 ) -> list[Letter]:
    """One letter to each person following `proposal` (its proposer has letters of their
    own), each in their language: `news` and any lazy value are translated for each reader,
    and a value that is a function (a round's own words, `said`) is asked in their language.
    A hidden proposal's followers hear nothing: its title may be why it was hidden."""
    if proposal.is_hidden:
        return []
    letters = []
    url = settings.SITE_URL + proposal.get_absolute_url()
    for user in following.followers(proposal=proposal, but=but):
        with in_language_of(user):
            values_now = {"title": proposal.title, "ref": proposal.reference,
                          "envelope": said(proposal.envelope, "name"),
                          **{k: v() if callable(v) else v for k, v in values.items()}}
            stop = _stop_following(user.pk, proposal)
            letters.append(Letter(
                user.email,
                _("News of “%(title)s”, an idea you follow") % values_now,
                _("Hello,\n\n%(news)s\n\nRead more: %(url)s\n\nYou get this email because "
                  "you follow this idea. To stop, open this link:\n%(link)s\n")
                % {"news": str(news) % values_now, "url": url, "link": stop},
                stop))
    return letters


def _cost(project: Project) -> str:
    return format_money(project.cost, project.envelope.process.currency, pence=True)


# Review


def reviewed(review: Review) -> list[Letter]:
    """Tell the proposer what the moderators decided, and why, as the public will read it."""
    proposal = review.proposal
    with in_language_of(proposal.author):
        mine = _reviewed(review, proposal)
    return mine + to_followers(
        proposal, gettext_lazy("“%(title)s” (%(ref)s) has been reviewed: %(decision)s.\n"
                               "Why: %(reason)s"),
        decision=Review.Decision(review.decision).label, reason=review.public_reason)


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
        mine = _shortlisted(proposal, project, joined=joined)
    return mine + to_followers(
        proposal, gettext_lazy("“%(title)s” (%(ref)s) is going to the vote in %(envelope)s, "
                               "as the project “%(project)s”."),
        project=lambda: said(project, "title"))


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
        mine = _left_out(left)
    return mine + to_followers(
        left.proposal, gettext_lazy("The shortlisting panel has not put “%(title)s” (%(ref)s) "
                                    "on the ballot.\nThe panel's reason: %(reason)s"),
        reason=left.reason)


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


def _to_proposers_of(project: Project, subject, body, news, **values) -> list[Letter]:
    """One letter to each proposer of the ideas `project` came from and to each of their
    followers, each in their own language: `subject`, `body` and `news` are lazy, so each is
    translated for its reader. Nobody gets two: a proposer's own letter comes first, and one
    following several of the ideas hears once."""
    mine, theirs = [], []
    for proposal in _proposals(project):
        with in_language_of(proposal.author):
            mine += _to_proposer(proposal, str(subject), str(body),
                                 project=said(project, "title"), **values)
        theirs += to_followers(proposal, news, project=lambda: said(project, "title"),
                               **values)
    letters: dict[str, Letter] = {}
    for letter in mine + theirs:
        letters.setdefault(letter.recipient.lower(), letter)
    return list(letters.values())


def funded(project: Project) -> list[Letter]:
    """Tell each proposer the project their idea became was funded."""
    return _to_proposers_of(
        project,
        gettext_lazy("Your idea “%(title)s” has been funded"),
        gettext_lazy("Hello %(name)s,\n\nGood news: your idea “%(title)s” (%(ref)s) has been "
                     "funded. Residents voted for the project “%(project)s” in %(envelope)s, "
                     "with %(cost)s to spend on it.\n\nWe will post updates on the project's "
                     "page as the work goes on.\n"),
        gettext_lazy("Good news: “%(title)s” (%(ref)s) has been funded. Residents voted for "
                     "the project “%(project)s” in %(envelope)s, with %(cost)s to spend on it."),
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
        gettext_lazy("“%(title)s” (%(ref)s) has been delivered: the project “%(project)s” in "
                     "%(envelope)s is done."),
    )


def staff_replied(comment) -> list[Letter]:
    """Tell the proposer and the followers of an idea that a partner's staff answered on it
    (never the one who wrote the answer)."""
    proposal = comment.proposal
    values = {"partner": comment.partner.name, "text": comment.text}
    letters = []
    if proposal.author_id != comment.author_id:
        with in_language_of(proposal.author):
            letters += _to_proposer(
                proposal, _("%(partner)s answered on your idea “%(title)s”"),
                _("Hello %(name)s,\n\n%(partner)s wrote on your idea “%(title)s” (%(ref)s):\n\n"
                  "%(text)s\n\nAnswer on the idea's page: %(url)s\n"),
                url=settings.SITE_URL + comment.get_absolute_url(), **values)
    return letters + to_followers(
        proposal, gettext_lazy("%(partner)s wrote on “%(title)s” (%(ref)s):\n\n%(text)s"),
        but=comment.author_id, **values)


# Vote reminders


def vote_reminder(user, process, *, closing: bool) -> Letter:
    """The reminder a resident asked for: voting is open, or closes soon."""
    with in_language_of(user):
        values = {"process": said(process, "title"),
                  "end": date_format(process.voting_end, "j F Y"),
                  "url": settings.SITE_URL + reverse("vote_start", args=[process.slug])}
        stop = link_for(user_id=user.pk, what="reminders", pk=process.pk)
        if closing:
            subject = _("Last days to vote in %(process)s") % values
            news = _("Voting in %(process)s closes at the end of %(end)s. If you have not "
                     "voted yet, there is still time.") % values
        else:
            subject = _("Voting is open in %(process)s") % values
            news = _("Voting is open in %(process)s until the end of %(end)s.") % values
        body = _("Hello,\n\n%(news)s\n\nVote here: %(url)s\n\nYou asked us to remind you. "
                 "To stop these reminders, open this link:\n%(link)s\n") % {
            "news": news, "url": values["url"], "link": stop}
        return Letter(user.email, subject, body, stop)


def notify_funded(*, projects: Iterable[Project]) -> int:
    """Tell the proposers of each funded project that their idea has been funded.

    Call it once the results are committed. Projects that are not funded are skipped. Returns
    the number of messages handed to the mailer (after the current transaction, if any).
    """
    letters = [letter for project in projects if project.is_funded
               for letter in funded(project)]
    return send_after_commit(letters, about="a funded project")
