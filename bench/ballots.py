"""Cast ballots through the HTTP API from many concurrent clients and check none is lost or doubled.

    .venv/bin/python bench/ballots.py [--casts 20000] [--clients 32] [--workers 2 --threads 4]
    .venv/bin/python bench/ballots.py --url http://127.0.0.1:8080 --db-name kist \
        [--kill-pid PID --kill-after SECONDS] [--no-targets] [--summary-json FILE]

What it does, all on this machine (loopback only), bounded in count and time:
1. creates a fresh PostgreSQL database (DATABASE_URL's server, database `kist_bench`), migrates it;
2. makes a process in its voting phase with one envelope of ~20 projects (knapsack ballot) and
   issues voting codes through `codes_issue`;
3. starts the app under gunicorn (DEBUG off, a random SECRET_KEY, a high VOTING_CODE_ATTEMPTS);
4. casts the ballots from `--clients` threads over keep-alive HTTP connections, with about 5% of
   the requests deliberately re-using a code: some straight after the first use (racing it, often
   still in flight), some long after;
5. checks the database against what the clients were told: ballots stored == 201s acknowledged
   (the same receipts, none lost, none extra), participations == ballots, one 201 per code, every
   other attempt with the code refused with 409, every choice stored;
6. prints throughput, latency percentiles, the counts and PASS/FAIL against the targets, stops
   gunicorn and drops the database (unless --keep-db).

With --url it casts at a server that is already running (nginx in front of several app servers,
as deploy/prove.sh runs them) instead of starting gunicorn: the database named by --database-url
and --db-name is the one that server uses, already migrated; the election is added to it and it
is neither recreated nor dropped. --kill-pid PID --kill-after SECONDS then SIGKILLs one app
server (PID's whole process group when PID leads one: a master and its workers die together)
that many seconds into the measured run. A cast in flight on it may fail (a 502 from nginx, or
no answer): such a request was never acknowledged, so its ballot may or may not be stored. The
checks then go code by code against the database: every acknowledged ballot stored, no code
acknowledged twice, a ballot stored without an acknowledgement only for a code whose request
failed, and a refusal (409) only for a code with a ballot.
"""

from __future__ import annotations

import argparse
import base64
import http.client
import json
import os
import random
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import threading
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"

TARGET_BALLOTS_PER_SECOND = 300
TARGET_P99_MS = 250


@dataclass
class Job:
    code: str
    choices: list[dict]
    duplicate: bool


@dataclass
class Outcome:
    job: Job
    status: int
    latency: float
    started: float
    receipt: str | None = None
    error: str | None = None


@dataclass
class Results:
    outcomes: list[Outcome] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--casts", type=int, default=20_000,
                        help="requests to send, duplicates included (default 20000)")
    parser.add_argument("--duplicates", type=float, default=0.05,
                        help="share of requests that re-use a code (default 0.05)")
    parser.add_argument("--clients", type=int, default=32, help="concurrent clients (32)")
    parser.add_argument("--projects", type=int, default=20)
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (2)")
    parser.add_argument("--threads", type=int, default=4,
                        help="threads per worker; more than 1 uses the gthread worker (4)")
    parser.add_argument("--worker-class", default="", help="override gunicorn's worker class")
    parser.add_argument("--warmup", type=int, default=300,
                        help="casts before the measured run, checked but not timed (300)")
    parser.add_argument("--max-seconds", type=float, default=300,
                        help="stop sending after this long, whatever is left (300)")
    parser.add_argument("--cache", choices=["redis", "locmem"], default="redis",
                        help="rate-limit cache: redis (shared by all workers, as in "
                             "production; needs a Redis on REDIS_URL) or locmem (per worker)")
    parser.add_argument("--redis-url", default=os.environ.get("REDIS_URL",
                                                              "redis://127.0.0.1:6379/15"))
    parser.add_argument("--database-url",
                        default=os.environ.get("DATABASE_URL",
                                               "postgres://postgres@127.0.0.1:5432/kist"),
                        help="the PostgreSQL server to use; the database name is replaced")
    parser.add_argument("--db-name", default="kist_bench")
    parser.add_argument("--keep-db", action="store_true", help="leave the database afterwards")
    parser.add_argument("--seed", type=int, default=2027)
    parser.add_argument("--url", default="",
                        help="cast at this running server (http://host:port) instead of "
                             "starting gunicorn; its database is --database-url's server with "
                             "--db-name, already migrated, and is left in place")
    parser.add_argument("--kill-pid", type=int, default=0,
                        help="with --url: SIGKILL this app server (its process group if it "
                             "leads one) during the measured run")
    parser.add_argument("--kill-after", type=float, default=0.0,
                        help="seconds into the measured run to kill --kill-pid")
    parser.add_argument("--targets", action=argparse.BooleanOptionalAction, default=True,
                        help="hold throughput and p99 to the targets (default); with "
                             "--no-targets only correctness decides PASS")
    parser.add_argument("--summary-json", default="",
                        help="also write the figures and the verdict to this file as JSON")
    args = parser.parse_args()
    if args.url:
        parts = urlsplit(args.url)
        if parts.scheme != "http" or not parts.hostname:
            parser.error("--url must be http://host[:port][/prefix] (plain HTTP on loopback)")
    if args.kill_pid and not args.url:
        parser.error("--kill-pid needs --url: without it the bench's own server is the only one")
    if bool(args.kill_pid) != (args.kill_after > 0):
        parser.error("--kill-pid and --kill-after (> 0) go together")
    return args


# The database


def bench_database_url(args) -> str:
    parts = urlsplit(args.database_url)
    if parts.scheme not in {"postgres", "postgresql"}:
        sys.exit("The benchmark needs PostgreSQL: set --database-url or DATABASE_URL.")
    return urlunsplit(parts._replace(path=f"/{args.db_name}"))


def admin_connection(url: str):
    import psycopg2

    parts = urlsplit(url)
    connection = psycopg2.connect(
        host=parts.hostname, port=parts.port or 5432, user=parts.username or "postgres",
        password=parts.password or None, dbname="postgres",
    )
    connection.autocommit = True
    return connection


def run_admin(url: str, *statements: str) -> None:
    connection = admin_connection(url)
    try:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
    finally:
        connection.close()


def recreate_database(url: str, name: str) -> None:
    if not name.replace("_", "").isalnum():
        sys.exit(f"unsafe database name {name!r}")
    run_admin(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)', f'CREATE DATABASE "{name}"')


def drop_database(url: str, name: str) -> None:
    run_admin(url, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def server_environment(args, db_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "DATABASE_URL"}}
    env.update(
        DATABASE_URL=db_url,
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        # The servers' key for codes: a stack already running (--url) has its own.
        VOTING_CODE_PEPPER=os.environ.get("VOTING_CODE_PEPPER") or secrets.token_urlsafe(50),
        BALLOT_BOX_KEY=os.environ.get("BALLOT_BOX_KEY")
        or base64.urlsafe_b64encode(secrets.token_bytes(32)).decode(),
        ALLOWED_HOSTS=f"{HOST},localhost",
        VOTING_CODE_ATTEMPTS=str(10**9),
        # Plain HTTP on loopback: in production TLS ends at nginx (deploy/).
        SECURE_SSL_REDIRECT="false",
        LOG_LEVEL="WARNING",
        DJANGO_SETTINGS_MODULE="config.settings",
        PYTHONPATH=str(ROOT),
    )
    # Production needs Redis for the code limits; "locmem" counts in each worker alone, with
    # DEBUG's in-process counter, only to compare.
    if args.cache == "redis":
        env["REDIS_URL"] = args.redis_url
    else:
        env["DEBUG"] = "true"
    return env


def set_up_election(args, rng: random.Random, n_codes: int):
    """A process in its voting phase, one envelope, projects, rules and codes."""
    import django

    django.setup()
    from django.utils import timezone

    from budgeting.models import Envelope, Process, Project
    from voting.models import BallotRules
    from voting.staff.services import MAX_CODES_AT_ONCE, codes_issue

    today = timezone.localdate()
    process = Process.objects.create(
        title="Bench Community Choices", slug="bench", area="Bench ward",
        ideas_start=today - timedelta(days=60), review_start=today - timedelta(days=40),
        shortlisting_start=today - timedelta(days=20), voting_start=today - timedelta(days=1),
        voting_end=today + timedelta(days=13),
    )
    envelope = Envelope.objects.create(process=process, name="Bench ward",
                                       amount=Decimal("100000"))
    projects = [
        Project.objects.create(envelope=envelope, title=f"Project {i + 1}",
                               summary="A project on the bench ballot",
                               cost=Decimal(rng.randrange(2_000, 40_000, 500)), position=i)
        for i in range(args.projects)
    ]
    BallotRules.objects.create(envelope=envelope, ballot_type="knapsack", min_projects=1,
                               max_projects=8, counting_rule="greedy")
    codes: list[str] = []
    while len(codes) < n_codes:
        count = min(MAX_CODES_AT_ONCE, n_codes - len(codes))
        codes += codes_issue(staff=None, envelope=envelope, count=count, note="bench")
    return envelope, [(p.pk, p.cost) for p in projects], codes


def random_ballot(rng: random.Random, projects, budget: Decimal) -> list[dict]:
    """A knapsack ballot that fits: up to 8 projects in a random order, skipping misfits."""
    order = rng.sample(projects, len(projects))
    wanted = rng.randint(1, 8)
    chosen, spent = [], Decimal(0)
    for pk, cost in order:
        if len(chosen) == wanted:
            break
        if spent + cost <= budget:
            chosen.append({"project": pk, "value": 1})
            spent += cost
    return chosen


def plan_jobs(rng, codes, projects, budget, n_requests, share) -> list[Job]:
    """Each code once, plus duplicates: half right behind the first use, half much later."""
    n_duplicates = round(n_requests * share)
    n_unique = n_requests - n_duplicates
    jobs = [Job(code, random_ballot(rng, projects, budget), False) for code in codes[:n_unique]]
    for i in range(n_duplicates):
        original = rng.randrange(n_unique)
        if i % 2 == 0:  # racing: within a client-count of the first use, often in flight with it
            position = original + rng.randint(0, 40)
        else:  # long after
            position = rng.randint(original + 1, len(jobs))
        typed = jobs[original].code
        if i % 3 == 0:
            typed = typed.lower().replace("-", " ")  # typed differently, still the same code
        jobs.insert(min(position, len(jobs)),
                    Job(typed, random_ballot(rng, projects, budget), True))
    return jobs


# The server


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def start_gunicorn(args, env, port: int, log_path: Path) -> subprocess.Popen:
    worker_class = args.worker_class or ("gthread" if args.threads > 1 else "sync")
    command = [
        str(Path(sys.executable).parent / "gunicorn"), "config.wsgi:application",
        "--bind", f"{HOST}:{port}", "--workers", str(args.workers),
        "--worker-class", worker_class, "--threads", str(args.threads),
        "--backlog", "2048", "--keep-alive", "5", "--timeout", "60",
        "--log-level", "warning", "--preload",
    ]
    log = log_path.open("w")
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
                               start_new_session=True)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"gunicorn exited ({process.returncode}); see {log_path}")
        try:
            with socket.create_connection((HOST, port), timeout=0.5):
                return process
        except OSError:
            time.sleep(0.1)
    stop_gunicorn(process)
    sys.exit("gunicorn did not start in 30 s")


def stop_gunicorn(process: subprocess.Popen) -> None:
    if process.poll() is not None:
        return
    process.send_signal(signal.SIGTERM)  # gunicorn's arbiter stops its workers
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)  # the group of the process we started
        process.wait(timeout=5)


# CPU used by the app and the database, whatever else the machine is doing


def cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def worker_pids(master: int) -> list[int]:
    pids = [master]
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if int(stat.read_text().rsplit(")", 1)[1].split()[1]) == master:
                pids.append(int(stat.parent.name))
        except (OSError, ValueError, IndexError):
            continue
    return pids


def backend_pids(url: str, db_name: str) -> list[int]:
    connection = admin_connection(url)
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pid FROM pg_stat_activity WHERE datname = %s", [db_name])
            return [row[0] for row in cursor.fetchall()]
    finally:
        connection.close()


class CpuMeter(threading.Thread):
    """CPU seconds of the gunicorn processes and of the database's backends while it runs.

    Polled every half second, because Django reconnects after DB_CONN_MAX_AGE and a backend
    that has gone can no longer be read.
    """

    def __init__(self, args, server: subprocess.Popen | None):
        super().__init__(daemon=True)
        self.args, self.server = args, server
        self.first: dict[str, dict[int, float]] = {"app": {}, "db": {}}
        self.last: dict[str, dict[int, float]] = {"app": {}, "db": {}}
        self.stopping = threading.Event()
        # gunicorn keeps its workers for the whole run; with --url the servers are not ours.
        self.workers = worker_pids(server.pid) if server is not None else []
        self.poll(initial=True)

    def poll(self, initial: bool = False) -> None:
        pids = {"app": self.workers,
                "db": backend_pids(self.args.database_url, self.args.db_name)}
        for part, found in pids.items():
            for pid in found:
                seconds = cpu_seconds(pid)
                if seconds:
                    self.first[part].setdefault(pid, seconds if initial else 0.0)
                    self.last[part][pid] = seconds

    def run(self) -> None:
        while not self.stopping.wait(0.5):
            self.poll()

    def stop(self) -> dict[str, float]:
        self.stopping.set()
        self.join()
        self.poll()
        return {part: sum(self.last[part][pid] - self.first[part][pid] for pid in self.last[part])
                for part in self.last}


# The clients


def client(host, port, path, jobs, next_index, results: Results, deadline: float) -> None:
    connection = http.client.HTTPConnection(host, port, timeout=30)
    headers = {"Content-Type": "application/json", "Accept": "application/json"}
    mine: list[Outcome] = []
    while time.monotonic() < deadline:
        with next_index["lock"]:
            i = next_index["value"]
            next_index["value"] += 1
        if i >= len(jobs):
            break
        job = jobs[i]
        body = json.dumps({"code": job.code, "choices": job.choices})
        started = time.perf_counter()
        for attempt in range(2):
            try:
                connection.request("POST", path, body=body, headers=headers)
                response = connection.getresponse()
                payload = response.read()
                break
            except (http.client.HTTPException, OSError) as error:
                connection.close()
                # A keep-alive connection the server closed before this request: send it again.
                # Only safe if nothing reached the server, which is what RemoteDisconnected and
                # a broken pipe mean on a fresh request; anything else is reported as an error.
                retryable = isinstance(error, (http.client.RemoteDisconnected,
                                               BrokenPipeError, ConnectionResetError))
                if attempt == 0 and retryable:
                    continue
                mine.append(Outcome(job, 0, time.perf_counter() - started, started,
                                    error=repr(error)))
                payload = None
                break
        if payload is None:
            continue
        latency = time.perf_counter() - started
        receipt = None
        if response.status == 201:
            receipt = json.loads(payload)["receipt"]
        mine.append(Outcome(job, response.status, latency, started, receipt=receipt,
                            error=None if response.status in (201, 409)
                            else f"{response.status} {payload[:300]!r}"))
    connection.close()
    with results.lock:
        results.outcomes.extend(mine)


def run_clients(target, path, jobs, clients, max_seconds, killer=None) -> tuple[Results, float]:
    host, port = target
    results = Results()
    next_index = {"value": 0, "lock": threading.Lock()}
    deadline = time.monotonic() + max_seconds
    threads = [
        threading.Thread(target=client,
                         args=(host, port, path, jobs, next_index, results, deadline))
        for _ in range(clients)
    ]
    started = time.perf_counter()
    if killer is not None:
        killer.start(started, next_index, len(jobs))
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if killer is not None:
        killer.cancel()
    return results, time.perf_counter() - started


class Killer:
    """SIGKILLs one app server part-way through a run, and notes when and how far it had got."""

    def __init__(self, pid: int, after: float):
        self.pid, self.after = pid, after
        self.killed_at: float | None = None  # perf_counter
        self.requests_sent = 0
        self.error: str | None = None
        self.timer: threading.Timer | None = None

    def start(self, run_started: float, next_index: dict, total: int) -> None:
        self.run_started, self.next_index, self.total = run_started, next_index, total
        self.timer = threading.Timer(self.after, self.kill)
        self.timer.daemon = True
        self.timer.start()

    def kill(self) -> None:
        with self.next_index["lock"]:
            self.requests_sent = min(self.next_index["value"], self.total)
        at = time.perf_counter()  # taken first: no failure it causes can be seen before it
        try:
            # A master started in a session of its own leads its group: its workers go with it,
            # as when the machine under it fails. Otherwise only the process named.
            if os.getpgid(self.pid) == self.pid:
                os.killpg(self.pid, signal.SIGKILL)
            else:
                os.kill(self.pid, signal.SIGKILL)
        except OSError as error:
            self.error = f"could not kill {self.pid}: {error}"
            return
        self.killed_at = at

    def cancel(self) -> None:
        if self.timer is not None:
            self.timer.cancel()


def percentile(sorted_values: list[float], p: float) -> float:
    if not sorted_values:
        return float("nan")
    k = max(0, min(len(sorted_values) - 1, round(p / 100 * len(sorted_values) + 0.5) - 1))
    return sorted_values[k]


# The checks


# A request that got no answer from the app: no reply at all, or nginx saying its upstream failed
# (502) or did not answer in time (504). Never an acknowledgement; the ballot may or may not exist.
NO_ANSWER = (0, 502, 504)


def codes_with_ballot(envelope, typed_codes) -> set[str]:
    """The normalised codes (of those typed) that have a participation, found by digest."""
    from voting import codes as code_format
    from voting.models import CodeBatch, Participation

    salts = list(CodeBatch.objects.filter(envelope=envelope).values_list("salt", flat=True))
    voted = set(Participation.objects.filter(envelope=envelope, code__isnull=False)
                .values_list("code__digest", flat=True))
    found = set()
    for raw in typed_codes:
        if any(code_format.digest(salt=salt, raw=raw) in voted for salt in salts):
            found.add(raw)
    return found


def check(envelope, outcomes: list[Outcome], tolerate_no_answer: bool = False
          ) -> tuple[list[str], dict]:
    """The database against what the clients were told, in total and code by code.

    Without `tolerate_no_answer` every request must have been answered 201 or 409. With it (an
    app server was killed on purpose), a request that got no answer is allowed, and its code is
    then uncertain: it may hold a ballot that nobody was told about, but never two, and nothing
    acknowledged may be missing.
    """
    from voting import codes as code_format
    from voting.mixing import ballot_box_mix
    from voting.models import Ballot, BallotChoice, Participation

    # Everything still sealed is mixed first, as a count does: receipts are then readable.
    started = time.perf_counter()
    mixed = ballot_box_mix(envelope=envelope, everything=True)
    print(f"Mixed the {mixed:,} ballots still sealed in {time.perf_counter() - started:.2f} s",
          flush=True)
    problems: list[str] = []
    by_code: dict[str, Counter] = defaultdict(Counter)
    for o in outcomes:
        by_code[code_format.normalise(o.job.code)][o.status] += 1
    acknowledged = [o for o in outcomes if o.status == 201]
    receipts = {o.receipt for o in acknowledged}
    stored = set(Ballot.objects.filter(envelope=envelope).values_list("receipt", flat=True))
    ballots = Ballot.objects.filter(envelope=envelope).count()
    participations = Participation.objects.filter(envelope=envelope).count()
    choices_sent = sum(len(o.job.choices) for o in acknowledged)
    choices_stored = BallotChoice.objects.filter(ballot__envelope=envelope).count()
    duplicates_sent = sum(1 for o in outcomes if o.job.duplicate)
    refused = sum(1 for o in outcomes if o.status == 409)
    no_answer = [o for o in outcomes if o.status in NO_ANSWER]
    lost = len(receipts - stored)
    extra = len(stored - receipts)
    doubled = sum(1 for c in by_code.values() if c[201] > 1)
    voted = codes_with_ballot(envelope, by_code)
    uncertain = {code for code, c in by_code.items()
                 if c[201] == 0 and any(c[s] for s in NO_ANSWER)}
    uncertain_stored = len(uncertain & voted)
    codes_with_no_ballot = sum(1 for code, c in by_code.items()
                               if c[201] == 0 and code not in uncertain)
    acknowledged_not_stored = sum(1 for code, c in by_code.items()
                                  if c[201] and code not in voted)
    refused_without_ballot = sum(1 for code, c in by_code.items() if c[409] and code not in voted)
    unexplained = sum(1 for code in voted if code not in uncertain and by_code[code][201] == 0)
    tolerated = NO_ANSWER if tolerate_no_answer else ()
    others = Counter(o.status for o in outcomes if o.status not in (201, 409, *tolerated))

    if len(receipts) != len(acknowledged):
        problems.append(f"{len(acknowledged) - len(receipts)} receipts were given twice")
    if lost or acknowledged_not_stored:
        problems.append(f"{lost} acknowledged ballots lost ({acknowledged_not_stored} codes "
                        "acknowledged have no participation)")
    if doubled:
        problems.append(f"{doubled} codes got more than one 201")
    if participations != ballots:
        problems.append(f"participations {participations} != ballots {ballots}")
    if len(voted) != participations:
        problems.append(f"participations {participations} != codes with a ballot {len(voted)}")
    if ballots != len(acknowledged) + uncertain_stored or extra != uncertain_stored:
        problems.append(f"ballots stored {ballots} != 201s acknowledged {len(acknowledged)}"
                        f" + ballots of unanswered requests {uncertain_stored}"
                        f" ({extra} stored but never acknowledged)")
    if unexplained:
        problems.append(f"{unexplained} codes have a ballot though none of their requests "
                        "was acknowledged or went unanswered")
    if codes_with_no_ballot:
        problems.append(f"{codes_with_no_ballot} codes got no 201")
    if refused_without_ballot:
        problems.append(f"{refused_without_ballot} codes were refused (409) with no ballot stored")
    if not no_answer and refused != duplicates_sent:
        problems.append(f"409s {refused} != duplicate requests {duplicates_sent}")
    if choices_stored < choices_sent:
        problems.append(f"choices stored {choices_stored} < choices acknowledged {choices_sent}")
    if not no_answer and choices_stored != choices_sent:
        problems.append(f"choices stored {choices_stored} != choices acknowledged {choices_sent}")
    if others:
        problems.append(f"unexpected replies: {dict(others)}")
    counts = {
        "requests": len(outcomes), "201": len(acknowledged), "409": refused,
        "duplicates_sent": duplicates_sent, "other": dict(others),
        "unanswered": len(no_answer), "uncertain_codes": len(uncertain),
        "ballots_stored": ballots, "participations": participations, "lost": lost,
        "extra": extra, "doubled": doubled, "choices_stored": choices_stored,
        "codes_used": len(by_code),
    }
    return problems, counts


def main() -> int:
    args = parse_args()
    rng = random.Random(args.seed)
    db_url = bench_database_url(args)
    env = server_environment(args, db_url)
    external = bool(args.url)
    if args.cache == "redis" and not external:
        try:
            with socket.create_connection(
                (urlsplit(args.redis_url).hostname, urlsplit(args.redis_url).port or 6379), 2
            ):
                pass
        except OSError:
            sys.exit(f"No Redis at {args.redis_url}: start one or use --cache locmem.")

    n_duplicates = round(args.casts * args.duplicates)
    n_unique = args.casts - n_duplicates
    print(f"Setting up {args.db_name}: {args.projects} projects, {n_unique + args.warmup} codes…",
          flush=True)
    if not external:
        recreate_database(args.database_url, args.db_name)
    os.environ.update({k: env[k] for k in ("DATABASE_URL", "DEBUG", "SECRET_KEY",
                                           "VOTING_CODE_PEPPER", "BALLOT_BOX_KEY",
                                           "ALLOWED_HOSTS", "DJANGO_SETTINGS_MODULE",
                                           "SECURE_SSL_REDIRECT")})
    # Production settings need a Redis URL; this process only sets the election up.
    os.environ["REDIS_URL"] = args.redis_url
    sys.path.insert(0, str(ROOT))
    if not external:
        subprocess.run([sys.executable, "manage.py", "migrate", "--no-input", "-v", "0"],
                       cwd=ROOT, env=env, check=True)
        if args.cache == "redis":
            import redis

            redis.Redis.from_url(args.redis_url).flushdb()  # a database of its own (15 by default)
    envelope, projects, codes = set_up_election(args, rng, n_unique + args.warmup)
    warm_codes, codes = codes[: args.warmup], codes[args.warmup:]
    budget = envelope.amount
    warmup_jobs = [Job(c, random_ballot(rng, projects, budget), False) for c in warm_codes]
    jobs = plan_jobs(rng, codes, projects, budget, args.casts, args.duplicates)

    from django.db import connections

    connections.close_all()
    server = None
    if external:
        parts = urlsplit(args.url)
        target = (parts.hostname, parts.port or 80)
        prefix = parts.path.rstrip("/")
        config = (f"server at {args.url}, {args.clients} clients, {os.cpu_count()} cores"
                  + (f", app server {args.kill_pid} killed after {args.kill_after:g} s"
                     if args.kill_pid else ""))
        print(f"Casting at {config}", flush=True)
    else:
        port = free_port()
        target, prefix = (HOST, port), ""
        log_path = Path(os.environ.get("TMPDIR", "/tmp")) / f"kist-bench-gunicorn-{port}.log"
        worker_class = args.worker_class or ("gthread" if args.threads > 1 else "sync")
        config = (f"gunicorn {worker_class}, {args.workers} workers × {args.threads} threads, "
                  f"{args.clients} clients, cache {args.cache}, {os.cpu_count()} cores")
        print(f"Starting {config} on {HOST}:{port}", flush=True)
        server = start_gunicorn(args, env, port, log_path)
    path = f"{prefix}/api/v1/envelopes/{envelope.pk}/ballots/"
    killer = Killer(args.kill_pid, args.kill_after) if args.kill_pid else None
    try:
        if warmup_jobs:
            warm, _ = run_clients(target, path, warmup_jobs, args.clients, 60)
        else:
            warm = Results()
        print(f"Casting {len(jobs)} ballots ({n_duplicates} re-using a code)…", flush=True)
        meter, client_before = CpuMeter(args, server), time.process_time()
        meter.start()
        results, elapsed = run_clients(target, path, jobs, args.clients, args.max_seconds,
                                       killer)
        cpu = meter.stop()
        cpu["client"] = time.process_time() - client_before
        load = os.getloadavg()[0]
    finally:
        if server is not None:
            stop_gunicorn(server)

    outcomes = warm.outcomes + results.outcomes
    problems, counts = check(envelope, outcomes, tolerate_no_answer=killer is not None)
    measured = results.outcomes
    unfinished = len(jobs) - len(measured)
    if unfinished:
        problems.append(f"{unfinished} requests not sent before --max-seconds")
    unanswered = [o for o in outcomes if o.status in NO_ANSWER]
    kill_note = ""
    if killer is not None:
        if killer.error:
            problems.append(killer.error)
        elif killer.killed_at is None:
            problems.append(f"the run ended before the kill at {args.kill_after:g} s")
        else:
            at = killer.killed_at - killer.run_started
            kill_note = (f"pid {args.kill_pid} killed at {at:.1f} s, after {killer.requests_sent}"
                         f" of {len(jobs)} requests; {len(unanswered)} unanswered")
            if killer.requests_sent >= len(jobs):
                problems.append("the kill came after the last request was sent")
            # Only requests in flight when it died may go unanswered: one per client at most,
            # and none started well after it (nginx then sends new ones to the live servers).
            if len(unanswered) > args.clients:
                problems.append(f"{len(unanswered)} requests unanswered, more than the "
                                f"{args.clients} that could have been in flight at the kill")
            early = [o for o in unanswered if o.started + o.latency < killer.killed_at]
            if early:
                problems.append(f"{len(early)} requests went unanswered before the kill")
            late = [o for o in unanswered if o.started > killer.killed_at + 5]
            if late:
                problems.append(f"{len(late)} requests unanswered that started more than 5 s "
                                "after the kill")
    latencies = sorted(o.latency * 1000 for o in measured)
    ok = sum(1 for o in measured if o.status == 201)
    throughput = ok / elapsed
    p50, p95, p99 = (percentile(latencies, p) for p in (50, 95, 99))
    # Sustained: the slowest 10-second window of the run, not just the average.
    start = min((o.started for o in measured), default=0)
    per_window = Counter(int((o.started - start) // 10) for o in measured if o.status == 201)
    full_windows = [n / 10 for w, n in per_window.items() if (w + 1) * 10 <= elapsed]
    slowest = min(full_windows) if full_windows else throughput

    print()
    print(f"configuration   {config}")
    print(f"requests        {len(measured)} in {elapsed:.1f} s ({len(measured) / elapsed:.0f}/s),"
          f" warm-up {len(warm.outcomes)} not timed")
    print(f"ballots/s       {throughput:.0f} (slowest 10 s window {slowest:.0f})")
    print(f"latency ms      p50 {p50:.1f}  p95 {p95:.1f}  p99 {p99:.1f}  "
          f"max {latencies[-1] if latencies else float('nan'):.1f}  "
          f"mean {statistics.fmean(latencies) if latencies else float('nan'):.1f}")
    if kill_note:
        print(f"kill            {kill_note}")
    per_request = {part: seconds / max(1, len(measured)) * 1000 for part, seconds in cpu.items()
                   if part != "app" or server is not None}
    capacity = (f"capacity of {os.cpu_count()} cores ≈ "
                f"{os.cpu_count() * 1000 / sum(per_request.values()):.0f} requests/s; "
                if server is not None else "app servers not measured with --url; ")
    print("cpu ms/request  " + ", ".join(f"{k} {v:.2f}" for k, v in per_request.items())
          + f" ({capacity}load average at the end {load:.1f})")
    print("counts          " + ", ".join(f"{k} {v}" for k, v in counts.items()))
    errors = Counter(" ".join(o.error.split())[:120] for o in outcomes if o.error)
    for error, times in errors.most_common(5):
        print(f"  e.g. {error}" + (f" (×{times})" if times > 1 else ""))
    correct_name = ("zero lost or doubled, every duplicate refused" if killer is None else
                    "zero lost or doubled, every duplicate refused, only in-flight casts "
                    "unanswered")
    verdicts = [
        (f"throughput ≥ {TARGET_BALLOTS_PER_SECOND} ballots/s", slowest >= TARGET_BALLOTS_PER_SECOND
         and throughput >= TARGET_BALLOTS_PER_SECOND),
        (f"p99 < {TARGET_P99_MS} ms", p99 < TARGET_P99_MS),
        (correct_name, not problems),
    ]
    for index, (name, passed) in enumerate(verdicts):
        informative = not args.targets and index < 2
        label = ("ok  " if passed else "miss") if informative else ("PASS" if passed else "FAIL")
        print(f"{label}  {name}" + (" (not a target with --no-targets)" if informative else ""))
    for problem in problems:
        print(f"  problem: {problem}")
    deciding = verdicts if args.targets else verdicts[2:]
    passed = all(p for _, p in deciding)
    print("PASS" if passed else "FAIL")
    if args.summary_json:
        Path(args.summary_json).write_text(json.dumps({
            **counts, "passed": passed, "problems": problems, "configuration": config,
            "measured_requests": len(measured), "seconds": round(elapsed, 2),
            "ballots_per_second": round(throughput, 1),
            "slowest_10s_ballots_per_second": round(slowest, 1),
            "p50_ms": round(p50, 1), "p95_ms": round(p95, 1), "p99_ms": round(p99, 1),
            "max_ms": round(latencies[-1], 1) if latencies else None,
            "kill": kill_note, "envelope": envelope.pk,
        }, indent=2) + "\n")
    if not args.keep_db and not external:
        connections.close_all()
        drop_database(args.database_url, args.db_name)
    connections.close_all()
    return 0 if passed else 1


if __name__ == "__main__":
    sys.exit(main())
