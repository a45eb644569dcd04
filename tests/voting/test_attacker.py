"""Playing the attacker who holds the database and the access logs.

Two hundred people vote in one envelope through every way in: online through the web pages,
with a voting code through the code pages and through the kiosk API, and on paper entered by
staff in two batches. The worker's sweep runs as it would while the vote is open, a copy of the
database is taken in the middle of the vote, and after voting closes the envelope is counted.

The attacker then tries everything a copy of the database and the logs offer: joining on
PostgreSQL's transaction ids (`xmin`), pairing the n-th voter with the n-th ballot in every
order the rows can be put in (every column, the physical order `ctid` or SQLite's `rowid`, the
choices' order), matching days, and reading codes and receipts out of the access log. The test
knows the truth (each voter's receipt) and counts how many ballots each attack links to their
voter. The bound is chance among MIX_AT_LEAST: a guess among k ballots is right 1 time in k,
so n voters give n / k right guesses on average; the test allows five standard deviations more.
On the ballot box as it was before mixing, the `xmin` join alone linked every ballot.
"""

import json
import math
import random
import re
from collections import defaultdict
from datetime import date

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from budgeting.models import AuditEntry
from tests.conftest import PASSWORD, make_user, set_phase
from tests.voting.casting.page_helpers import ballot_url, check_url, declare
from tests.voting.staff.staff_setup import ballot_field, confirm_batch, voting_round
from voting import codes
from voting.mixing import MIX_AT_LEAST, ballot_box_sweep
from voting.models import Ballot, Participation, SealedBallot
from voting.results import jobs
from voting.results.models import CountJob
from voting.staff.services import codes_issue, paper_batch_open

pytestmark = pytest.mark.django_db(transaction=True)

ONLINE, CODE_PAGES, KIOSK, PAPER = 80, 40, 40, 40
VOTERS = ONLINE + CODE_PAGES + KIOSK + PAPER
SWEEP_EVERY = 25  # casts between two sweeps of the worker
RECEIPT = re.compile(r"\b[0-9A-Z]{5}-[0-9A-Z]{5}\b")
POSTGRES = connection.vendor == "postgresql"


def bound(n: int) -> int:
    """The most links chance among MIX_AT_LEAST allows for n voters: n/k and 5 sigma."""
    expected = n / MIX_AT_LEAST
    return math.floor(expected + 5 * math.sqrt(expected))


class AccessLog:
    """What nginx writes for each request: time, client address, request line, status."""

    def __init__(self):
        self.lines: list[str] = []

    def client(self, address: str, user=None) -> Client:
        log = self

        class Logged(Client):
            def request(self, **request):
                response = super().request(**request)
                query = request.get("QUERY_STRING", "")
                target = request["PATH_INFO"] + (f"?{query}" if query else "")
                log.lines.append(f'{address} - [{timezone.now():%d/%b/%Y:%H:%M:%S %z}] '
                                 f'"{request["REQUEST_METHOD"]} {target} HTTP/1.1" '
                                 f'{response.status_code}')
                return response

        logged = Logged(REMOTE_ADDR=address)
        if user is not None:
            logged.login(username=user.username, password=PASSWORD)
        return logged


class Truth:
    """What only the test knows: which receipt each voter (or each paper entered) got."""

    def __init__(self):
        self.participation_receipt: dict[int, str] = {}
        self.paper_receipts: dict[int, list[str]] = defaultdict(list)  # batch -> in entry order


def picks(projects, rng: random.Random) -> list:
    return rng.sample(projects, rng.randint(1, 3))


def vote_online(log, truth, envelope, projects, n, rng):
    user = make_user(f"voter{n}@example.com")
    client = log.client(f"10.1.{n // 250}.{n % 250}", user)
    assert declare(client, envelope.process).status_code == 302
    chosen = {"projects": [str(p.pk) for p in picks(projects, rng)]}
    assert client.post(ballot_url(envelope), chosen).status_code == 302
    assert client.post(check_url(envelope)).status_code == 302
    receipt = RECEIPT.search(client.get(reverse("vote_done")).content.decode()).group()
    truth.participation_receipt[Participation.objects.get(user=user).pk] = receipt


def vote_with_code_pages(log, truth, envelope, projects, code, n, rng):
    client = log.client(f"10.2.{n // 250}.{n % 250}")
    # The card's QR link: the code rides after '#', which no browser sends.
    client.get(reverse("vote_code"))
    assert client.post(reverse("vote_code"), {"code": code}).status_code == 302
    chosen = {"projects": [str(p.pk) for p in picks(projects, rng)]}
    assert client.post(reverse("vote_code_ballot"), chosen).status_code == 302
    assert client.post(reverse("vote_code_check")).status_code == 302
    receipt = RECEIPT.search(client.get(reverse("vote_done")).content.decode()).group()
    truth.participation_receipt[_code_participation(envelope, code)] = receipt


def vote_at_kiosk(log, truth, envelope, projects, code, n, rng):
    client = log.client(f"10.3.{n // 250}.{n % 250}")
    body = {"code": code, "choices": [{"project": p.pk, "value": 1}
                                      for p in picks(projects, rng)]}
    response = client.post(f"/api/v1/envelopes/{envelope.pk}/ballots/", json.dumps(body),
                           content_type="application/json")
    assert response.status_code == 201, response.content
    truth.participation_receipt[_code_participation(envelope, code)] = response.json()["receipt"]


def enter_paper(staff_client, truth, batch, projects, rng):
    url = reverse("voting_staff_batch_enter", kwargs={"slug": batch.envelope.process.slug,
                                                      "batch_id": batch.pk})
    data = {ballot_field(p): "on" for p in picks(projects, rng)}
    response = staff_client.post(url, data, follow=True)
    assert response.status_code == 200
    message = re.search(r"Its reference is (" + RECEIPT.pattern + ")",
                        response.content.decode())
    truth.paper_receipts[batch.pk].append(message.group(1))


def _code_participation(envelope, code: str) -> int:
    from voting.casting.code_lookup import code_find

    return Participation.objects.get(code=code_find(typed=code, envelope=envelope)).pk


# What the attacker reads


def rows(sql: str, params=()) -> list[dict]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        names = [c[0] for c in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def physical(table: str = "") -> str:
    """The columns that give a row's place on disk (and, on PostgreSQL, its transaction)."""
    t = f"{table}." if table else ""
    if POSTGRES:
        return f"{t}ctid::text AS place, {t}xmin::text::bigint AS xid"
    return f"{t}rowid AS place"


def place_key(row):
    if POSTGRES:  # '(page,item)'
        page, item = row["place"].strip("()").split(",")
        return (int(page), int(item))
    return row["place"]


class Dump:
    """A copy of the tables, as `pg_dump` or a file copy would give it."""

    def __init__(self, envelope_id: int):
        # The columns interpolated are this module's own constants (physical()).
        where = "WHERE envelope_id = %s"
        self.participations = rows(
            f"SELECT *, {physical()} FROM voting_participation {where}",  # noqa: S608
            [envelope_id])
        self.ballots = rows(
            f"SELECT *, {physical()} FROM voting_ballot {where}", [envelope_id])  # noqa: S608
        self.sealed = rows(
            f"SELECT id, channel, batch_id, {physical()} FROM voting_sealedballot {where}",  # noqa: S608
            [envelope_id])
        choices = rows(
            f"SELECT c.*, {physical('c')} FROM voting_ballotchoice c "  # noqa: S608
            "JOIN voting_ballot b ON b.id = c.ballot_id WHERE b.envelope_id = %s",
            [envelope_id])
        # Where each ballot's first choice sits, and its smallest key if choices had one.
        self.choice_place: dict = {}
        self.choice_key: dict = {}
        for choice in choices:
            ballot = choice["ballot_id"]
            self.choice_place[ballot] = min(self.choice_place.get(ballot, place_key(choice)),
                                            place_key(choice))
            if "id" in choice:
                self.choice_key[ballot] = min(self.choice_key.get(ballot, choice["id"]),
                                              choice["id"])


def ballot_orders(dump: Dump) -> dict[str, list]:
    """Every order the attacker can put the ballots in."""
    orders = {"place": sorted(dump.ballots, key=place_key)}
    for column in dump.ballots[0]:
        if column in ("place", "xid"):
            continue
        orders[column] = sorted(dump.ballots, key=lambda b, c=column: (str(b[c]), place_key(b)))
    nowhere = (0, 0) if POSTGRES else 0
    orders["first choice's place"] = sorted(
        dump.ballots, key=lambda b: dump.choice_place.get(b["id"], nowhere))
    if dump.choice_key:
        orders["first choice's key"] = sorted(
            dump.ballots, key=lambda b: dump.choice_key.get(b["id"], 0))
    if POSTGRES:
        orders["xid"] = sorted(dump.ballots, key=lambda b: (b["xid"], place_key(b)))
    return orders


def participation_orders(dump: Dump) -> dict[str, list]:
    orders = {"id": sorted(dump.participations, key=lambda p: p["id"]),
              "place": sorted(dump.participations, key=place_key),
              "day": sorted(dump.participations, key=lambda p: (p["voted_on"], p["id"]))}
    if POSTGRES:
        orders["xid"] = sorted(dump.participations, key=lambda p: p["xid"])
    return orders


def pairing_links(dump: Dump, truth: Truth) -> dict[str, int]:
    """Pair the n-th voter with the n-th ballot of the same channel, in every pair of orders."""
    receipt_of = truth.participation_receipt
    found = {}
    for p_name, voters in participation_orders(dump).items():
        for b_name, ballots in ballot_orders(dump).items():
            right = 0
            for channel in ("online", "code"):
                mine = [p for p in voters if p["channel"] == channel]
                theirs = [b for b in ballots if b["channel"] == channel]
                right += sum(receipt_of[p["id"]] == b["receipt"]
                             for p, b in zip(mine, theirs, strict=False))
            found[f"{p_name} ~ {b_name}"] = right
    return found


def day_links(dump: Dump, truth: Truth) -> int:
    """Ballots and voters of the same day and channel: right when the day leaves one of each."""
    dated = [c for c, v in dump.ballots[0].items() if isinstance(v, date)]
    if not dated:
        return 0
    right = 0
    for p in dump.participations:
        same = [b for b in dump.ballots
                if b[dated[0]] == p["voted_on"] and b["channel"] == p["channel"]]
        right += len(same) == 1 and same[0]["receipt"] == truth.participation_receipt[p["id"]]
    return right


def xmin_links(dump: Dump, truth: Truth) -> int:
    """Ballots written in the voter's own transaction, picked first among any that share it."""
    right = 0
    for p in dump.participations:
        same = sorted((b for b in dump.ballots if b["xid"] == p["xid"]), key=place_key)
        right += bool(same) and same[0]["receipt"] == truth.participation_receipt[p["id"]]
    return right


def candidate_sets(before: Dump, after: Dump) -> list[int]:
    """For each voter, how many ballots could be theirs given both copies: those of their
    channel that a transaction after their cast wrote, and that were (if the voter's ballot
    was already mixed by the first copy) or were not (if it was still sealed) in it."""
    sealed_xids = {s["xid"] for s in before.sealed}
    before_ids = {b["id"] for b in before.ballots}
    sizes = []
    for p in before.participations:
        still_sealed = p["xid"] in sealed_xids
        sizes.append(sum(b["xid"] > p["xid"] and b["channel"] == p["channel"]
                         and (b["id"] in before_ids) != still_sealed
                         for b in after.ballots))
    return sizes


def paper_links(after: Dump, truth: Truth) -> int:
    """Pair the audit log's n-th paper entered with the n-th ballot of its batch."""
    right = 0
    entries = AuditEntry.objects.filter(action="paper_ballot.entered").order_by("id")
    assert all("receipt" not in str(entry.after) for entry in entries)
    for batch, receipts in truth.paper_receipts.items():
        mine = [b for b in after.ballots if b["batch_id"] == batch]
        best = 0
        for ballots in ballot_orders(after).values():
            ordered = [b for b in ballots if b in mine]
            best = max(best, sum(r == b["receipt"]
                                 for r, b in zip(receipts, ordered, strict=False)))
        right += best
    return right


@pytest.fixture
def clear_limits():
    cache.clear()
    yield
    cache.clear()


def test_the_database_and_the_logs_link_no_more_ballots_than_chance_among_k(
        envelope, council, moderator, process_admin, clear_limits):
    rng = random.Random(2027)
    projects = voting_round(envelope.process, envelope, ballot_type="approval", max_projects=3)
    log, truth = AccessLog(), Truth()
    plain = codes_issue(staff=None, envelope=envelope, count=CODE_PAGES + KIOSK)
    batches = [paper_batch_open(staff=moderator, envelope=envelope, event=f"Gala {i}",
                                place="Riverside hall", held_on=timezone.localdate(),
                                declared_count=PAPER // 2) for i in (1, 2)]
    staff_client = log.client("10.9.0.1", moderator)

    casts = ([("online", None)] * ONLINE + [("pages", c) for c in plain[:CODE_PAGES]]
             + [("kiosk", c) for c in plain[CODE_PAGES:]]
             + [("paper", batches[i % 2]) for i in range(PAPER)])
    rng.shuffle(casts)
    before = None
    for n, (way, what) in enumerate(casts):
        if way == "online":
            vote_online(log, truth, envelope, projects, n, rng)
        elif way == "pages":
            vote_with_code_pages(log, truth, envelope, projects, what, n, rng)
        elif way == "kiosk":
            vote_at_kiosk(log, truth, envelope, projects, what, n, rng)
        else:
            enter_paper(staff_client, truth, what, projects, rng)
        if n == VOTERS // 2 and POSTGRES:
            before = Dump(envelope.pk)  # a copy taken in the middle of the vote
        if n % SWEEP_EVERY == SWEEP_EVERY - 1:
            ballot_box_sweep()

    for batch in batches:
        staff_client.post(reverse("voting_staff_batch_close", kwargs={
            "slug": envelope.process.slug, "batch_id": batch.pk}))
        confirm_batch(batch)
    set_phase(envelope.process, "results")
    job = jobs.count_request(admin=process_admin, envelope=envelope)
    job.refresh_from_db()
    assert job.status == CountJob.Status.DONE, job.reason
    assert job.tally.ballots == VOTERS
    assert not SealedBallot.objects.exists()
    assert Ballot.objects.filter(envelope=envelope).count() == VOTERS

    after = Dump(envelope.pk)
    assert sorted(b["receipt"] for b in after.ballots) == sorted(
        [*truth.participation_receipt.values(),
         *(r for receipts in truth.paper_receipts.values() for r in receipts)])
    voters = len(truth.participation_receipt)

    # Pairing in every order, and by day.
    pairings = pairing_links(after, truth)
    worst = max(pairings, key=pairings.get)
    assert pairings[worst] <= bound(voters), (worst, pairings[worst], bound(voters))
    assert day_links(after, truth) <= bound(voters)
    assert paper_links(after, truth) <= bound(PAPER)

    # Nothing a voter typed or was given is in the access log: no code, no receipt.
    text = "\n".join(log.lines)
    assert not any(codes.normalise(c) in text.replace("-", "") for c in plain)
    assert not RECEIPT.search(text)
    assert len(log.lines) > VOTERS * 3

    if POSTGRES:
        # The voter's own transaction: no ballot was written in it.
        assert xmin_links(after, truth) == 0
        # With a copy from the middle of the vote as well, each voter's ballot is still one of
        # at least k of their channel.
        sizes = candidate_sets(before, after)
        assert sizes and min(sizes) >= MIX_AT_LEAST, sorted(sizes)[:5]
