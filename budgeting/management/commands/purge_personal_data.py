"""`manage.py purge_personal_data [--days N]`: remove what rounds no longer need once their
results have been out N days (PERSONAL_DATA_DAYS, 90 unless set), and say what went."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from budgeting.accounts.personal_data import purge_personal_data


class Command(BaseCommand):
    help = ("Remove declarations and the links from votes to people in rounds whose results "
            "were published more than N days ago.")

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=None,
                            help="days after publication (default: PERSONAL_DATA_DAYS)")

    def handle(self, *args, days: int | None, **options):
        days = settings.PERSONAL_DATA_DAYS if days is None else days
        if days < 0:
            raise CommandError("--days must be 0 or more.")
        report = purge_personal_data(days=days)
        if not report:
            self.stdout.write(f"Nothing to purge: no round's results were published more than "
                              f"{days} days ago.")
        for row in report:
            self.stdout.write(
                f"{row['process']} (results published {row['published']}): "
                f"{row['declarations']} declarations deleted, {row['register_entries']} "
                f"register entries unlinked, {row['named_codes']} named voting codes unlinked.")
