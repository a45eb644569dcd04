"""Import, count and show results at city scale, on PostgreSQL, and print the figures.

    .venv/bin/python bench/results.py [--renders 40] [--skip-wroclaw] [--keep-db]

1. Imports Poland_Wroclaw_2015_up_to_150 (108,499 ballots, 220 projects) with `pb_import`
   into a fresh database (target: under 60 s).
2. Imports a made-up envelope of 100,000 approval ballots over 200 projects (seeded), asks for
   its count from the staff page (target: the page answers in under a second), lets a worker
   count it (the official rule plus the three others, frozen) and publishes it.
3. Renders the public results page of that envelope `--renders` times through Django's full
   request stack (middleware, selectors, templates; no recount) and prints the median and
   p95 (target: median under 100 ms), next to the time a recount would take.

Everything runs on this machine against DATABASE_URL's server, in a database of its own
(`kist_bench_results`), which is dropped afterwards unless --keep-db.
"""

from __future__ import annotations

import argparse
import base64
import io
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
WROCLAW = ROOT.parent / "shared" / "pabulib" / "Poland_Wroclaw_2015_up_to_150.pb"

from ballots import run_admin  # noqa: E402  (bench/ is the script's own folder)

TARGET_IMPORT_SECONDS = 60
TARGET_MEDIAN_MS = 100
TARGET_ASK_SECONDS = 1


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--renders", type=int, default=40)
    parser.add_argument("--ballots", type=int, default=100_000)
    parser.add_argument("--projects", type=int, default=200)
    parser.add_argument("--skip-wroclaw", action="store_true")
    parser.add_argument("--database-url",
                        default=os.environ.get("DATABASE_URL",
                                               "postgres://postgres@127.0.0.1:5432/kist"))
    parser.add_argument("--db-name", default="kist_bench_results")
    parser.add_argument("--keep-db", action="store_true")
    parser.add_argument("--seed", type=int, default=2027)
    return parser.parse_args()


def made_up_election(*, ballots: int, projects: int, seed: int) -> str:
    """A .pb text: costs £5,000–£200,000, a £4m budget, 1–10 approvals per ballot with a few
    projects far more popular than the rest, as in real city votes."""
    import numpy as np

    from voting.tally import write_pb

    rng = np.random.default_rng(seed)
    costs = rng.integers(5, 201, size=projects) * 1000
    popularity = rng.zipf(1.6, size=projects).astype(float)
    popularity /= popularity.sum()
    meta = {"description": "Bench city", "country": "Nowhere", "unit": "Bench",
            "num_projects": projects, "num_votes": ballots, "budget": 4_000_000,
            "vote_type": "approval", "rule": "greedy", "max_sum_cost": 4_000_000}
    project_rows = {str(i + 1): {"cost": int(c), "name": f"Project {i + 1}"}
                    for i, c in enumerate(costs)}
    votes = []
    sizes = rng.integers(1, 11, size=ballots)
    for voter, size in enumerate(sizes, start=1):
        chosen = rng.choice(projects, size=int(size), replace=False, p=popularity)
        votes.append({"voter_id": voter, "vote": ",".join(str(int(c) + 1) for c in chosen)})
    return write_pb((meta, project_rows, votes))


def main() -> None:
    args = parse_args()
    parts = urlsplit(args.database_url)
    if parts.scheme not in {"postgres", "postgresql"}:
        sys.exit("The benchmark needs PostgreSQL: set --database-url or DATABASE_URL.")
    if not args.db_name.replace("_", "").isalnum():
        sys.exit(f"unsafe database name {args.db_name!r}")
    db_url = urlunsplit(parts._replace(path=f"/{args.db_name}"))
    run_admin(args.database_url, f'DROP DATABASE IF EXISTS "{args.db_name}" WITH (FORCE)',
              f'CREATE DATABASE "{args.db_name}"')
    os.environ.update(DATABASE_URL=db_url, DEBUG="false", SECRET_KEY="bench-" + "x" * 50,
                      VOTING_CODE_PEPPER="bench-pepper-" + "y" * 40,
                      BALLOT_BOX_KEY=base64.urlsafe_b64encode(b"bench-box-key-" + b"z" * 18)
                      .decode(),
                      ALLOWED_HOSTS="testserver", DJANGO_SETTINGS_MODULE="config.settings",
                      # The pages are rendered through the test client, over plain HTTP.
                      SECURE_SSL_REDIRECT="false",
                      REDIS_URL=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/15"),
                      # Production serves hashed static files, collected first.
                      STATIC_ROOT=tempfile.mkdtemp(prefix="kist-bench-static-"))
    import django

    django.setup()
    from django.core.management import call_command

    try:
        call_command("migrate", verbosity=0)
        call_command("collectstatic", "--no-input", verbosity=0)
        run(args, call_command)
    finally:
        from django.db import connections

        connections.close_all()
        if not args.keep_db:
            run_admin(args.database_url,
                      f'DROP DATABASE IF EXISTS "{args.db_name}" WITH (FORCE)')


def run(args: argparse.Namespace, call_command) -> None:
    from django.contrib.auth.models import User
    from django.test import Client

    from budgeting.models import Envelope
    from voting.results import services as results_services
    from voting.results.models import CountJob, Tally
    from voting.results.pb_import import election_import
    from voting.tally import read_pb

    print(f"load average {os.getloadavg()[0]:.2f} at the start")
    if not args.skip_wroclaw:
        if not WROCLAW.is_file():
            sys.exit(f"{WROCLAW} is not here: pass --skip-wroclaw")
        started = time.perf_counter()
        call_command("pb_import", str(WROCLAW), "--process", "wroclaw", stdout=io.StringIO())
        seconds = time.perf_counter() - started
        verdict = "PASS" if seconds < TARGET_IMPORT_SECONDS else "FAIL"
        print(f"pb_import Wroclaw 2015 (108,499 ballots, 220 projects): {seconds:.1f} s "
              f"(target < {TARGET_IMPORT_SECONDS} s) {verdict}")

    text = made_up_election(ballots=args.ballots, projects=args.projects, seed=args.seed)
    pb = read_pb(text)
    started = time.perf_counter()
    done = election_import(pb=pb, slug="bench-city")
    print(f"import of {args.ballots:,} ballots over {args.projects} projects: "
          f"{time.perf_counter() - started:.1f} s")
    admin = User.objects.create_superuser("bench@example.com", "bench@example.com", "x")
    staff = Client()
    staff.force_login(admin)
    started = time.perf_counter()
    asked = staff.post(f"/p/{done.process.slug}/results/staff/envelopes/{done.envelope.pk}"
                       "/count/")
    ask_seconds = time.perf_counter() - started
    assert asked.status_code == 302, asked.status_code
    if not CountJob.objects.filter(envelope=done.envelope).exists():
        from django.core.exceptions import ValidationError

        from voting.results.jobs import count_request
        try:
            count_request(admin=admin, envelope=done.envelope)
        except ValidationError as refused:
            sys.exit(f"the count was refused: {' '.join(refused.messages)}")
    verdict = "PASS" if ask_seconds < TARGET_ASK_SECONDS else "FAIL"
    print(f"asking for the count from the staff page: {ask_seconds * 1000:.0f} ms "
          f"(target < {TARGET_ASK_SECONDS} s) {verdict}")
    started = time.perf_counter()
    call_command("worker", "--batch", "--no-startup-delay", verbosity=0)
    count_seconds = time.perf_counter() - started
    job = CountJob.objects.get(envelope=done.envelope)
    assert job.status == CountJob.Status.DONE, (job.status, job.reason)
    tally = Tally.objects.get(pk=job.tally_id)
    results_services.tally_publish(admin=admin, tally=tally)
    print(f"the worker's count (ballot file + greedy + 3 other rules, frozen): "
          f"{count_seconds:.1f} s; ballot file {len(tally.ballot_file) / 1e6:.1f} MB")
    started = time.perf_counter()
    results_services.count_file(file=tally.ballot_file, rule=tally.rule, unit=tally.unit)
    recount_ms = (time.perf_counter() - started) * 1000

    client = Client()
    url = f"/p/{done.process.slug}/results/"
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    assert tally.digest in response.content.decode()
    envelope = Envelope.objects.get(pk=done.envelope.pk)
    assert envelope.tallies.filter(is_published=True).exists()
    timings = []
    for _ in range(args.renders):
        started = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    median = statistics.median(timings)
    p95 = timings[max(0, round(0.95 * len(timings)) - 1)]
    verdict = "PASS" if median < TARGET_MEDIAN_MS else "FAIL"
    print(f"results page, {args.ballots:,} ballots x {args.projects} projects, {args.renders} "
          f"renders: median {median:.1f} ms, p95 {p95:.1f} ms, min {timings[0]:.1f} ms; page "
          f"{len(response.content) / 1e3:.0f} kB (target median < {TARGET_MEDIAN_MS} ms) "
          f"{verdict}")
    print(f"for comparison, one greedy recount of the same ballots (parse + count): "
          f"{recount_ms:.0f} ms")
    print(f"load average {os.getloadavg()[0]:.2f} at the end")


if __name__ == "__main__":
    main()
