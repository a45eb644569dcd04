"""What the accessibility statement says is checked, and so what the browser tests check.

Each page listed here is visited by tests/browser/test_accessibility_statement.py in Chromium,
in every language Kist offers, at 1280 px, at 320 px and at 1280 px zoomed to 400% (a 320 ×
180 viewport), and must pass axe (WCAG 2.2 A and AA rules) with no serious or critical
violation and never scroll sideways. The statement lists the same pages, so it can only claim
what the tests prove; a page added here without a test fails the build.
"""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Checked:
    key: str
    page: str | Promise
    who: str  # "anyone", "resident" or "staff": who is signed in when it is checked


PAGES = [
    Checked("home", _("The list of rounds (home page)"), "anyone"),
    Checked("round", _("A round's page, with its timeline and budgets"), "anyone"),
    Checked("proposals", _("The ideas proposed in a round"), "anyone"),
    Checked("proposal", _("One idea, with its review"), "anyone"),
    Checked("propose", _("Proposing an idea"), "resident"),
    Checked("how_to_vote", _("How to vote in a round"), "anyone"),
    Checked("about_you", _("Saying who you are before voting"), "resident"),
    Checked("where_to_vote", _("Where you can vote"), "resident"),
    Checked("ballot", _("The ballot"), "resident"),
    Checked("vote_with_code", _("Voting with a code"), "anyone"),
    Checked("receipt", _("Checking a receipt"), "anyone"),
    Checked("results", _("The results, with the chart and the count's reasons"), "anyone"),
    Checked("who_took_part", _("Who took part"), "anyone"),
    Checked("project", _("A funded project and its delivery"), "anyone"),
    Checked("how_voting_works", _("How voting works and how your vote is kept secret"),
            "anyone"),
    Checked("your_data", _("Your account and your data"), "resident"),
    Checked("moderation", _("The moderation queue (staff)"), "staff"),
    Checked("voting_staff", _("Voting: rules, codes and paper batches (staff)"), "staff"),
    Checked("count", _("Counting and publishing (staff)"), "staff"),
    Checked("panel", _("The shortlisting panel (staff)"), "staff"),
    Checked("setup", _("Setting up a round (staff)"), "staff"),
    Checked("team", _("The round's team and invitations (staff)"), "staff"),
    Checked("audit", _("The audit log (staff)"), "staff"),
]
JOURNEYS = [
    _("Voting online, from signing in to the confirmation, with a keyboard alone"),
]
