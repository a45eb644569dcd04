"""Load the Riverside demo council, with a round in every phase, so Kist can be tried on one
machine. Safe to run twice: each round loads once, and its dates follow today."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from voting.demo import counted, delivery, ideas, people, review, shortlisting, voting


class Command(BaseCommand):
    help = "Create (or refresh) the demo council's rounds, one in every phase."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            # The demo creates sign-ins whose password is printed here and in the README.
            raise CommandError("the demo only loads with DEBUG on: it creates sign-ins with a "
                               "published password, which must never exist in production")
        with transaction.atomic():
            people.load()
            northfield, codes = voting.load()
            rounds = [
                (ideas.load(), "taking ideas"),
                (review.load(), "in review"),
                (shortlisting.load(), "shortlisting, its panel part-way"),
                (northfield, "voting open"),
                (counted.load(), "counted, waiting to be published"),
                (delivery.load(), "results published, projects being delivered"),
                (ideas.load_draft(), "a draft the council admin is setting up"),
            ]
        self.stdout.write(self.style.SUCCESS("The demo council's rounds:"))
        for process, state in rounds:
            self.stdout.write(f"  /p/{process.slug}/  {process.title}: {state}")
        if codes:
            self.stdout.write("Voting codes for Northfield's youth pot (each works once): "
                              + ", ".join(codes))
        self.stdout.write(f"Demo sign-ins (password for all: {people.PASSWORD}):")
        self.stdout.write(f"  staff also give an authenticator code: add the secret "
                          f"{people.TOTP_SECRET} to an authenticator app (or run "
                          "`oathtool --totp -b` with it)")
        self.stdout.write(f"  {'superuser':<18} {people.SUPERUSER:<36} Django admin only")
        email, name, partner = people.COUNCIL_ADMIN
        self.stdout.write(f"  {'council admin':<18} {email:<36} {name}, {partner}")
        for email, name, partner, role in people.STAFF:
            self.stdout.write(f"  {role.label:<18} {email:<36} {name}, {partner}")
        for email, name in people.RESIDENTS:
            self.stdout.write(f"  {'resident':<18} {email:<36} {name}")
