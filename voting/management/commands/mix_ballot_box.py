"""`manage.py mix_ballot_box [--envelope ID]`: mix the sealed ballots now, as the worker does
every few minutes (for a host that runs it from cron instead, or to see the box emptied)."""

from django.core.management.base import BaseCommand, CommandError

from budgeting.models import Envelope
from voting.mixing import CannotOpenBox, ballot_box_mix, ballot_box_sweep, unmixed


class Command(BaseCommand):
    help = "Mix the ballot box: open sealed ballots in groups and write them in a random order."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--envelope", type=int, help="only this envelope")

    def handle(self, *args, envelope: int | None = None, **options) -> None:
        if envelope is None:
            mixed = ballot_box_sweep()
            self.stdout.write(f"Mixed {mixed} ballots.")
            return
        found = Envelope.objects.filter(pk=envelope).first()
        if found is None:
            raise CommandError(f"No envelope has the id {envelope}.")
        try:
            mixed = ballot_box_mix(envelope=found)
        except CannotOpenBox as refused:
            raise CommandError(refused.messages[0]) from None
        self.stdout.write(f"Mixed {mixed} ballots of {found.name}; {unmixed(found)} wait "
                          "sealed (held back until there are enough to mix, or voting closes).")
