"""Load a believable fictional round so Kist can be tried on one machine. Safe to run twice."""

from datetime import date, timedelta
from decimal import Decimal

from allauth.account.models import EmailAddress
from allauth.mfa.totp.internal.auth import TOTP
from django.conf import settings
from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from budgeting.accounts.second_factor import has_second_factor
from budgeting.models import Envelope, Membership, Partner, Process, Project
from budgeting.proposals import services
from budgeting.proposals.models import Proposal
from voting.casting.code_lookup import code_find
from voting.casting.services import ballot_cast_online, ballot_cast_with_code
from voting.models import BallotRules, BallotType, Declaration
from voting.register import person_key
from voting.staff.services import (
    codes_issue,
    paper_ballot_enter,
    paper_ballot_spoil,
    paper_batch_close,
    paper_batch_confirm,
    paper_batch_open,
)

PASSWORD = "riverside-demo-2027"
DEMO_TOTP_SECRET = "KISTDEMOKISTDEMOKISTDEMOKISTDEMO"
SLUG = "riverside-2027"
VOTING_SLUG = "northfield-2026"
RESULTS_SLUG = "eastgate-2026"

STAFF = [
    # email, name, partner, role
    ("admin@riverside.example", "Morag Campbell", "Riverside Council",
     Membership.Role.PROCESS_ADMIN),
    ("moderator@riverside.example", "Iain Fraser", "Riverside Council", Membership.Role.MODERATOR),
    ("moderator@riversidetrust.example", "Aisha Rahman", "Riverside Community Trust",
     Membership.Role.MODERATOR),
    ("panel@riverside.example", "Callum Reid", "Riverside Council", Membership.Role.PANEL_MEMBER),
    ("panel@riversidetrust.example", "Fiona MacLeod", "Riverside Community Trust",
     Membership.Role.PANEL_MEMBER),
    ("panel@youthforum.example", "Jordan Mackay", "North Bank Youth Forum",
     Membership.Role.PANEL_MEMBER),
    ("desk@riversidetrust.example", "Ewan Stewart", "Riverside Community Trust",
     Membership.Role.DESK_OFFICER),
]
RESIDENTS = [
    ("eilidh@example.com", "Eilidh"),
    ("tom@example.com", "Tom"),
    ("priya@example.com", "Priya"),
    ("ross@example.com", "Ross"),
]

# title, summary, envelope index, cost, category, location, outcome
IDEAS = [
    ("Benches along the river path", "Ten benches with armrests every 200 metres between the "
     "bridge and the allotments.", 0, "8000", "green_spaces", "Riverside path", "feasible"),
    ("Community fridge at the library", "A shared fridge where shops and neighbours leave "
     "surplus food for anyone to take.", 0, "4500", "community", "Riverside Library",
     "feasible"),
    ("Floodlights for the five-a-side pitch", "LED floodlights so the pitch can be used on winter "
     "evenings.", 1, "32000", "play_and_sport", "North Bank pitch", "feasible"),
    ("Wildflower verges", "Sow native wildflowers on four grass verges instead of mowing them "
     "monthly.", 1, "3000", "green_spaces", "Mill Road", "feasible"),
    ("Repair café kit", "Tools, a workbench and insurance for a monthly repair café run by "
     "volunteers.", 0, "2500", "community", "St Ninian's Hall", "feasible"),
    ("Heated outdoor swimming pool", "An outdoor pool open all year.", 0, "2500000",
     "play_and_sport", "Riverside Park", "not_feasible"),
    ("Resurface the A91", "Resurface the main road through town.", 1, "450000", "streets",
     "A91", "not_feasible"),
    ("Free parking in the town centre", "Remove parking charges for a year.", 0, "60000",
     "streets", "Town centre", "not_feasible"),
    ("Youth music studio", "Convert the back room of the youth club into a small recording "
     "studio.", 1, "18000", "young_people", "North Bank Youth Club", "needs_information"),
    ("Dementia-friendly signage", "Clear signs and a quiet room at the health centre.", 0,
     "6000", "older_people", "Riverside Health Centre", "needs_information"),
    ("Bike repair stands", "Three public bike repair stands with pumps and tools.", 1, "3600",
     "streets", "Station, school, park", "under_review"),
    ("Outdoor gym equipment", "Six pieces of outdoor gym kit next to the play park.", 0,
     "24000", "health", "Riverside Park", "under_review"),
    ("Storytelling festival", "A weekend festival of Scots and Gaelic storytelling for "
     "families.", 0, "9000", "community", "Riverside Library", "under_review"),
    ("Defibrillator at the community hall", "A public-access defibrillator with training for "
     "twenty volunteers.", 1, "2200", "health", "North Bank Hall", "submitted"),
    ("Planters on the high street", "Twelve large planters looked after by the primary "
     "school.", 0, "5400", "green_spaces", "High Street", "submitted"),
    ("Warm space sofas", "Comfortable seating for the winter warm space at the library.", 0,
     "1800", "older_people", "Riverside Library", "submitted"),
    ("Skate park ramps", "Two new ramps at the skate park designed with local skaters.", 1,
     "28000", "young_people", "North Bank Skate Park", "submitted"),
    ("Safer crossing by the school", "A raised crossing and flashing signs on Burn Street.",
     1, "35000", "streets", "Burn Street", "submitted"),
    ("Allotment water supply", "Mains water to the north allotments.", 1, "7500",
     "green_spaces", "North allotments", "withdrawn"),
    ("Anything else at all", "Buy me a car.", 0, "20000", "other", "", "hidden"),
]

REVIEW_REASONS = {
    "feasible": "This can be done on council land and the cost has been checked with the "
    "parks team.",
    "not_feasible": "This is far beyond the budget of the envelope and is the responsibility "
    "of the roads authority.",
    "needs_information": "Please tell us which room you mean and whether the building's "
    "owner agrees.",
}


class Command(BaseCommand):
    help = "Create the Riverside Community Choices 2027 demo round (idempotent)."

    def handle(self, *args, **options):
        if not settings.DEBUG:
            # The demo resets a superuser whose password is printed here and in the README.
            raise CommandError("the demo only loads with DEBUG on: it creates sign-ins with a "
                               "published password, which must never exist in production")
        with transaction.atomic():
            created = self._load()
            codes = self._load_voting()
            self._load_results()
        verb = "Created" if created else "Refreshed"
        self.stdout.write(self.style.SUCCESS(
            f"{verb} the demo rounds '{SLUG}' (taking ideas), '{VOTING_SLUG}' (voting open) "
            f"and '{RESULTS_SLUG}' (results published, projects being delivered)."))
        if codes:
            self.stdout.write("Voting codes for Northfield's youth pot (each works once): "
                              + ", ".join(codes))
        self.stdout.write(f"Demo sign-ins (password for all: {PASSWORD}):")
        self.stdout.write(f"  staff also give an authenticator code: add the secret "
                          f"{DEMO_TOTP_SECRET} to an authenticator app (or run "
                          "`oathtool --totp -b` with it)")
        self.stdout.write("  superuser (Django admin):  admin@kist.example")
        for email, name, partner, role in STAFF:
            self.stdout.write(f"  {role.label:<14} {email:<36} {name}, {partner}")
        for email, name in RESIDENTS:
            self.stdout.write(f"  {'resident':<14} {email:<36} {name}")

    def _user(self, email: str, name: str, *, staff: bool = False, **extra) -> User:
        user, created = User.objects.get_or_create(
            username=email, defaults={"email": email, "first_name": name, **extra}
        )
        if created:
            user.set_password(PASSWORD)
            user.save()
        EmailAddress.objects.get_or_create(user=user, email=email,
                                           defaults={"primary": True, "verified": True})
        if (staff or user.is_staff) and not has_second_factor(user):
            # Every demo staff account shares one published authenticator secret.
            TOTP.activate(user, DEMO_TOTP_SECRET)
        return user

    def _give_roles(self, process: Process) -> None:
        """The demo's staff hold the same roles in each demo round (roles are per round)."""
        for user, partner, role in self._roles.values():
            Membership.objects.get_or_create(user=user, process=process, partner=partner,
                                             role=role)

    def _load(self) -> bool:
        self._roles: dict[str, tuple] = {}
        today = timezone.localdate()
        self._user("admin@kist.example", "Kist admin", is_staff=True, is_superuser=True)
        partners = {
            name: Partner.objects.get_or_create(name=name, defaults={"kind": kind})[0]
            for name, kind in [
                ("Riverside Council", Partner.Kind.COUNCIL),
                ("Riverside Community Trust", Partner.Kind.THIRD_SECTOR),
                ("North Bank Youth Forum", Partner.Kind.THIRD_SECTOR),
            ]
        }
        staff = {}
        for email, name, partner, role in STAFF:
            user = self._user(email, name, staff=True)
            self._roles[email] = (user, partners[partner], role)
            staff[email] = user
        residents = [self._user(email, name) for email, name in RESIDENTS]

        # Dates follow today so the demo is always in its ideas phase.
        process, created = Process.objects.update_or_create(
            slug=SLUG,
            defaults={
                "title": "Riverside Community Choices 2027",
                "area": "Riverside and North Bank wards",
                "description": (
                    "£100,000 of the council's budget for 2027 is for residents of Riverside "
                    "and North Bank to decide. Propose an idea for your ward, help shape the "
                    "shortlist and vote for the projects you want."
                ),
                "ideas_start": today - timedelta(days=20),
                "review_start": today + timedelta(days=10),
                "shortlisting_start": today + timedelta(days=40),
                "voting_start": today + timedelta(days=60),
                "voting_end": today + timedelta(days=81),
            },
        )
        process.partners.set(partners.values())
        self._give_roles(process)
        envelopes = [
            Envelope.objects.update_or_create(
                process=process, name=name,
                defaults={"amount": Decimal(amount), "postcode_prefixes": prefixes,
                          "minimum_age": 12, "description": description},
            )[0]
            for name, amount, prefixes, description in [
                ("Riverside ward", "60000", "RV1, RV2", "For ideas in Riverside ward."),
                ("North Bank ward", "40000", "RV3, RV4", "For ideas in North Bank ward."),
            ]
        ]
        if Proposal.objects.filter(envelope__process=process).exists():
            return created
        moderator = staff["moderator@riverside.example"]
        for index, (title, summary, env, cost, category, location, outcome) in enumerate(IDEAS):
            author = residents[index % len(residents)]
            proposal = services.proposal_submit(
                author=author, envelope=envelopes[env], title=title, summary=summary,
                description=f"{summary}\n\nProposed by a resident of {envelopes[env].name}.",
                estimated_cost=Decimal(cost), category=category, location=location,
            )
            if outcome in ("under_review", "feasible", "not_feasible", "needs_information"):
                services.proposal_start_review(proposal=proposal, moderator=moderator)
            if outcome in REVIEW_REASONS:
                revised = Decimal(cost) * Decimal("1.1") if outcome == "feasible" else None
                services.review_record(
                    proposal=proposal, reviewer=moderator, decision=outcome,
                    public_reason=REVIEW_REASONS[outcome],
                    revised_cost=revised.quantize(Decimal("1")) if revised else None,
                )
            if outcome == "withdrawn":
                services.proposal_withdraw(proposal=proposal, author=author)
            if outcome == "hidden":
                services.proposal_hide(
                    proposal=proposal, moderator=staff["moderator@riversidetrust.example"],
                    reason="Not a community idea; personal request.",
                )
        return True

    def _load_voting(self) -> list[str]:
        """A second round, in its voting phase, with projects on two kinds of ballot."""
        today = timezone.localdate()
        process, _created = Process.objects.update_or_create(
            slug=VOTING_SLUG,
            defaults={
                "title": "Northfield Community Choices 2026",
                "area": "Northfield ward",
                "description": "Residents of Northfield decide how £60,000 is spent: £50,000 "
                "across the ward and a £10,000 pot chosen by young people.",
                "ideas_start": today - timedelta(days=120),
                "review_start": today - timedelta(days=90),
                "shortlisting_start": today - timedelta(days=60),
                "voting_start": today - timedelta(days=7),
                "voting_end": today + timedelta(days=14),
            },
        )
        process.partners.set(Partner.objects.all())
        self._give_roles(process)
        ward, _ = Envelope.objects.update_or_create(
            process=process, name="Northfield ward",
            defaults={"amount": Decimal("50000"), "postcode_prefixes": "NF1, NF2",
                      "minimum_age": 12},
        )
        youth, _ = Envelope.objects.update_or_create(
            process=process, name="Youth pot",
            defaults={"amount": Decimal("10000"), "postcode_prefixes": "NF",
                      "minimum_age": 12, "maximum_age": 25,
                      "description": "For young people aged 12 to 25."},
        )
        if Project.objects.filter(envelope__process=process).exists():
            return []
        BallotRules.objects.update_or_create(
            envelope=ward, defaults={"ballot_type": BallotType.KNAPSACK, "min_spend_percent": 0}
        )
        BallotRules.objects.update_or_create(
            envelope=youth, defaults={"ballot_type": BallotType.APPROVAL, "max_projects": 3}
        )
        ward_projects = [
            Project.objects.create(envelope=ward, position=i, title=title, summary=summary,
                                   cost=Decimal(cost))
            for i, (title, summary, cost) in enumerate([
                ("Northfield park lighting", "Solar lights on the three main park paths.",
                 "18000"),
                ("Community orchard", "Forty fruit trees and a volunteer group to look after "
                 "them.", "7500"),
                ("Safer route to school", "A crossing patrol point and new dropped kerbs on "
                 "Station Road.", "22000"),
                ("Bowling green pavilion roof", "Repair the leaking roof of the pavilion.",
                 "12000"),
                ("Library makerspace", "3D printers, sewing machines and volunteers' time.",
                 "9000"),
                ("Bus shelter benches", "Benches in the six shelters that have none.", "4200"),
            ])
        ]
        Project.objects.bulk_create(
            Project(envelope=youth, position=i, title=title, summary=summary,
                    cost=Decimal(cost))
            for i, (title, summary, cost) in enumerate([
                ("Friday night football", "Coached football on Friday evenings all year.",
                 "3500"),
                ("Youth café sofas and games", "Make the youth café a place to spend time.",
                 "2500"),
                ("Skate jam weekend", "A weekend of skating with workshops.", "4000"),
                ("Music studio hours", "Free studio time and a tutor for a year.", "5000"),
            ])
        )
        residents = list(User.objects.filter(username__in=[e for e, _n in RESIDENTS]))
        for index, resident in enumerate(residents):
            Declaration.objects.get_or_create(
                user=resident, process=process,
                defaults={"postcode": "NF1 2AB", "age": 19 + 11 * index,
                          "person": person_key(name=resident.get_full_name() or resident.email,
                                               born=date(date.today().year - 19 - 11 * index, 1, 1),
                                               postcode="NF1 2AB")},
            )
        # Two residents have voted already; the others can try it.
        for resident, picks in zip(residents[:2], [(0, 1, 4), (2, 3, 5)], strict=False):
            ballot_cast_online(
                user=resident, envelope=ward,
                choices={ward_projects[i].pk: 1 for i in picks},
            )
        return codes_issue(staff=None, envelope=youth, count=5, note="demo")

    def _load_results(self) -> None:
        """A third round, voted on, counted and published, with projects under way."""
        import random

        from budgeting.delivery.models import DeliveryStatus
        from budgeting.delivery.services import delivery_update_post
        from voting.models import PaperBatch
        from voting.results import services as results_services
        from voting.results.models import Tally

        today = timezone.localdate()
        voting_dates = {
            "ideas_start": today - timedelta(days=200), "review_start": today - timedelta(days=170),
            "shortlisting_start": today - timedelta(days=140),
            "voting_start": today - timedelta(days=100), "voting_end": today + timedelta(days=1),
        }
        process, _created = Process.objects.get_or_create(
            slug=RESULTS_SLUG,
            defaults={"title": "Eastgate Community Choices 2026", "area": "Eastgate ward",
                      "description": "Residents of Eastgate decided how £40,000 is spent. The "
                      "count is published with the reasons, and the funded projects are "
                      "being delivered.", **voting_dates},
        )
        process.partners.set(Partner.objects.all())
        self._give_roles(process)
        envelope, _ = Envelope.objects.get_or_create(
            process=process, name="Eastgate ward",
            defaults={"amount": Decimal("40000"), "postcode_prefixes": "EG", "minimum_age": 12},
        )
        if Tally.objects.filter(envelope=envelope).exists():
            return
        Process.objects.filter(pk=process.pk).update(**voting_dates)
        process.refresh_from_db()
        BallotRules.objects.update_or_create(
            envelope=envelope, defaults={"ballot_type": BallotType.KNAPSACK}
        )
        projects = [
            Project.objects.create(envelope=envelope, position=i, title=title, summary=summary,
                                   cost=Decimal(cost))
            for i, (title, summary, cost) in enumerate([
                ("Eastgate play park upgrade", "Accessible swings and a roundabout.", "16000"),
                ("Community garden beds", "Raised beds for the tenants' garden.", "4000"),
                ("Street lighting on Mill Lane", "Six new lamp posts on the dark stretch.",
                 "12000"),
                ("Lunch club kitchen", "A new cooker and fridge for the older people's "
                 "lunch club.", "6500"),
                ("Cycle storage at the flats", "Secure cycle lockers for 40 bikes.", "9000"),
                ("Murals by local artists", "Three murals on the underpass walls.", "5000"),
                ("Wi-fi in the community hall", "Fast wi-fi for classes and job clubs.",
                 "2500"),
            ])
        ]
        rng = random.Random(2026)
        weights = [9, 7, 5, 6, 3, 2, 4]
        admin = User.objects.get(username="admin@riverside.example")
        moderator = User.objects.get(username="moderator@riverside.example")

        def picks() -> dict[int, int]:
            chosen, spent = {}, Decimal(0)
            for project in rng.choices(projects, weights=weights, k=4):
                if project.pk not in chosen and spent + project.cost <= envelope.amount:
                    chosen[project.pk] = 1
                    spent += project.cost
            return chosen

        for n in range(36):
            # Voters who only exist to have voted need no password (hashing one costs time).
            email = f"voter{n + 1:02d}@eastgate.example"
            voter, _ = User.objects.get_or_create(
                username=email, defaults={"email": email, "first_name": f"Voter {n + 1}",
                                          "password": "!"})
            Declaration.objects.get_or_create(
                user=voter, process=process,
                defaults={"postcode": "EG1 4AA", "age": rng.choice([17, 22, 35, 41, 58, 67]),
                          "person": person_key(name=f"Voter {n + 1}", born=date(1980, 1, 1),
                                               postcode="EG1 4AA")},
            )
            ballot_cast_online(user=voter, envelope=envelope, choices=picks())
        for plain in codes_issue(staff=None, envelope=envelope, count=40, note="demo"):
            code = code_find(typed=plain, envelope=envelope)
            ballot_cast_with_code(code=code, choices=picks())
        batch = paper_batch_open(staff=moderator, envelope=envelope,
                                        event="Eastgate gala", place="Eastgate hall",
                                        held_on=today - timedelta(days=30), declared_count=25)
        for _ in range(24):
            paper_ballot_enter(staff=moderator, batch=batch, choices=picks())
        paper_ballot_spoil(staff=moderator, batch=batch, reason="Two crosses too many")
        paper_batch_close(staff=moderator, batch=batch)
        # Two pairs of eyes: the trust's moderator counts the papers again and confirms.
        checker = User.objects.get(username="moderator@riversidetrust.example")
        process.partners.add(*Partner.objects.filter(memberships__user=checker))
        paper_batch_confirm(staff=checker, batch=batch)
        assert PaperBatch.objects.get(pk=batch.pk).status == PaperBatch.Status.CLOSED

        # Voting closed three weeks ago; the count was published since.
        Process.objects.filter(pk=process.pk).update(voting_end=today - timedelta(days=21))
        envelope.refresh_from_db()
        tally, _new = results_services.tally_count(admin=admin, envelope=envelope)
        results_services.tally_publish(admin=admin, tally=tally)
        funded = list(Project.objects.filter(envelope=envelope, funded_at__isnull=False)
                      .order_by("position"))
        updates = [
            (DeliveryStatus.IN_PROGRESS, 14, "Contractor appointed; work starts next month."),
            (DeliveryStatus.DELIVERED, 3, "Finished and opened by the ward's young people."),
        ]
        for project, (status, days_ago, text) in zip(funded, updates, strict=False):
            delivery_update_post(staff=moderator, project=project, status=status,
                                 on=today - timedelta(days=days_ago), text=text)
