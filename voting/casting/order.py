"""The order a voter sees the projects in.

A fixed order favours whichever project is listed first, so each voter gets their own random
order unless the envelope's rules switch it off. The order is a keyed hash of who is voting (the
account and envelope, or the voting code) with each project: the same on every page and every
visit, so going back or checking does not reshuffle, and stored nowhere, so there is nothing to
keep or leak. It is not part of the ballot: ballots hold project ids, and paper ballots, results
and exports keep the fixed order.
"""

from django.utils.crypto import salted_hmac

from budgeting.models import Project

SALT = "kist.voting.ballot-order"


def in_voter_order(*, projects: list[Project], voter_key: str, random: bool) -> list[Project]:
    """`projects` (in their fixed ballot order) as this voter sees them."""
    if not random:
        return list(projects)
    return sorted(projects, key=lambda p: salted_hmac(SALT, f"{voter_key}:{p.pk}",
                                                      algorithm="sha256").digest())
