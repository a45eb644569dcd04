"""Benchmark of the counting engine against pabutools 1.2.3, on the shared Pabulib files.

    .venv/bin/python bench/tally.py            # every figure below, in one run (~10 minutes)
    .venv/bin/python bench/tally.py --quick    # without Budapest's Add1 and the batch
    .venv/bin/python bench/tally.py --all      # also every rule on every shared file, in process

Prints, in one run and beside pabutools where it finishes:
1. each rule's time in process on Mokotów, Kist against pabutools (parsing excluded), with
   the ratio and the peak memory of each;
2. reading the file: Kist's reader, its row-by-row reader and pabutools' parser, on Mokotów and
   Wrocław 2015;
3. whole processes (start-up, imports, reading, counting, JSON out) for greedy and Equal Shares
   without completion on Mokotów and Wrocław: `pb-tally`, `manage.py pb_tally` and a pabutools
   script doing the same, with each one's peak memory (resident, from the kernel);
4. Equal Shares add1u on Wieliczka, Świecie, Assen, Mokotów and Budapest 2024;
5. the batch: `pb-tally` over every shared file, once per rule, with --jsonl --jobs 2;
6. peak memory of counting Wrocław 2015 under every rule, as a whole `pb-tally` process.
Kist times are the best of several runs; pabutools runs once (it is slow). pabutools has no
greedy-no-skip and no Add1 as defined here: greedy-no-skip is set against its greedy, and Add1
against its plain Equal Shares run once per share Kist tried (timed on one run, multiplied).
"""

from __future__ import annotations

import argparse
import gc
import importlib.util
import json
import math
import os
import subprocess
import sys
import time
import tracemalloc
from collections.abc import Callable
from fractions import Fraction
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO / ".." / "shared" / "pabulib"
sys.path.insert(0, str(REPO))

from voting.tally import Election, count, read_pb  # noqa: E402

TARGET_RATIO = 50
# Seconds; None: no target, the figure is printed for reference.
ADD1U_TARGETS: dict[str, float | None] = {
    "Poland_Wieliczka_2023_Green_Budget": None,
    "Poland_Swiecie_2023": None,
    "Netherlands_Assen_2024": None,
    "Poland_Warszawa_2021_Mokotow": 1.0,
    "Hungary_Budapest_2024": 60.0,
}
SLOW_ADD1 = {"Hungary_Budapest_2024"}  # run once, and left out with --quick
WHOLE_PROCESS_FILES = ("Poland_Warszawa_2021_Mokotow", "Poland_Wroclaw_2015_up_to_150")
WHOLE_PROCESS_RATIO = 10  # pb-tally at least this much faster than the pabutools script
READER_TARGETS = {"Poland_Warszawa_2021_Mokotow": 0.030, "Poland_Wroclaw_2015_up_to_150": 0.100}
MEMORY_FILE = "Poland_Wroclaw_2015_up_to_150"
MEMORY_TARGET_MIB = 200
PABUTOOLS_TIMEOUT = 600

RULES: list[tuple[str, dict]] = [
    ("greedy", {"rule": "greedy"}),
    ("greedy-no-skip", {"rule": "greedy-no-skip"}),
    ("max-welfare count", {"rule": "max-welfare", "utility": "count"}),
    ("max-welfare cost", {"rule": "max-welfare", "utility": "cost"}),
    ("equal-shares none", {"rule": "equal-shares", "completion": "none"}),
    ("equal-shares utilitarian", {"rule": "equal-shares", "completion": "utilitarian"}),
    ("equal-shares add1", {"rule": "equal-shares", "completion": "add1"}),
    ("equal-shares add1u", {"rule": "equal-shares", "completion": "add1u"}),
]


def best_time(fn: Callable[[], object], *, budget: float = 2.0, most: int = 7) -> float:
    """Best of several runs, stopping early once `budget` seconds are spent."""
    best = float("inf")
    spent = 0.0
    for _ in range(most):
        gc.collect()
        start = time.perf_counter()
        fn()
        took = time.perf_counter() - start
        best = min(best, took)
        spent += took
        if spent > budget:
            break
    return best


def peak_memory(fn: Callable[[], object]) -> int:
    """Peak bytes allocated (Python and NumPy) while fn runs."""
    gc.collect()
    tracemalloc.start()
    try:
        fn()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def mib(n: int) -> str:
    return f"{n / 2**20:,.1f} MiB"


class Pabutools:
    """pabutools on the same file, with the satisfactions that match Kist's rules."""

    def __init__(self, path: Path) -> None:
        import pabutools.election as pe
        import pabutools.rules as rules
        from pabutools.election.satisfaction import AdditiveSatisfaction
        from pabutools.tiebreaking import TieBreakingRule

        self.pe, self.rules = pe, rules
        start = time.perf_counter()
        self.instance, self.profile = pe.parse_pabulib(str(path))
        self.parse_time = time.perf_counter() - start
        election = read_pb(path).election
        supporters = dict(zip(election.ids, (int(s) for s in election.supporters), strict=True))
        self.tie = TieBreakingRule(lambda i, pr, p: (p.cost, -supporters.get(p.name, 0), p.name))
        self.points = election.ballot_type == "points"

        class PointsTimesCost(AdditiveSatisfaction):
            def __init__(self, instance, profile, ballot):
                super().__init__(
                    instance, profile, ballot, lambda i, pr, b, p, pre: b.get(p, 0) * p.cost
                )

        self.points_times_cost = PointsTimesCost

    def rule(self, name: str) -> Callable[[], object] | None:
        pe, rules, inst, prof, tie = self.pe, self.rules, self.instance, self.profile, self.tie
        by_support = self.points_times_cost if self.points else pe.Cost_Sat
        utility = pe.Additive_Cardinal_Sat if self.points else pe.Cost_Sat
        count_sat = pe.Additive_Cardinal_Sat if self.points else pe.Cardinality_Sat
        table: dict[str, Callable[[], object]] = {
            "greedy": lambda: rules.greedy_utilitarian_welfare(
                inst, prof, sat_class=by_support, tie_breaking=tie
            ),
            "max-welfare count": lambda: rules.max_additive_utilitarian_welfare(
                inst, prof, sat_class=count_sat
            ),
            "max-welfare cost": lambda: rules.max_additive_utilitarian_welfare(
                inst, prof, sat_class=by_support
            ),
            "equal-shares none": lambda: rules.method_of_equal_shares(
                inst, prof, sat_class=utility, tie_breaking=tie
            ),
        }
        table["greedy-no-skip"] = table["greedy"]
        return table.get(name)


def compare_on(name: str) -> bool:
    path = SHARED / f"{name}.pb"
    start = time.perf_counter()
    pb = read_pb(path)
    kist_parse = time.perf_counter() - start
    election = pb.election
    print(f"\n== {name}: {election.voters:,} ballots, {len(election.projects)} projects")
    try:
        pabu: Pabutools | None = Pabutools(path)
    except ImportError as exc:
        print(f"   pabutools cannot be imported ({exc}); Kist figures only")
        pabu = None
    if pabu:
        print(f"   reading the file: Kist {kist_parse:.2f} s, pabutools {pabu.parse_time:.2f} s")
    header = (
        f"   {'rule':26} {'Kist':>10} {'pabutools':>12} {'ratio':>8} "
        f"{'Kist peak':>11} {'pabutools peak':>15}"
    )
    print(header)
    ok = True
    one_mes: float | None = None
    for label, options in RULES:
        run = _counter(election, options)
        kist = best_time(run)
        kist_mem = peak_memory(run)
        theirs: float | None = None
        their_mem: int | None = None
        note = ""
        if pabu:
            if label.startswith("equal-shares") and label != "equal-shares none":
                if one_mes is not None:
                    runs = count(election, **options).options.get("runs", 1)
                    extra = 1 if label.endswith("utilitarian") else 0
                    theirs = one_mes * (runs if label.endswith(("add1", "add1u")) else 1 + extra)
                    note = f" (est.: {runs} runs)" if "add1" in label else " (est.)"
            else:
                fn = pabu.rule(label)
                if fn is not None:
                    gc.collect()
                    start = time.perf_counter()
                    fn()
                    theirs = time.perf_counter() - start
                    their_mem = peak_memory(fn) if theirs < 20 else None
                    if label == "equal-shares none":
                        one_mes = theirs
                    if label == "greedy-no-skip":
                        note = " (vs greedy)"
        ratio = theirs / kist if theirs else None
        if ratio is not None and ratio < TARGET_RATIO:
            ok = False
        print(
            f"   {label:26} {kist * 1000:8.1f}ms "
            f"{(f'{theirs:10.2f} s') if theirs else '         n/a'} "
            f"{(f'{ratio:7.0f}x') if ratio else '     n/a'} {mib(kist_mem):>11} "
            f"{mib(their_mem) if their_mem else 'n/a':>15}{note}"
        )
    print(f"   target: every rule at least {TARGET_RATIO}x faster: {'met' if ok else 'NOT met'}")
    return ok


def _counter(election: Election, options: dict) -> Callable[[], object]:
    return lambda: count(election, **options)


def add1u_targets(*, quick: bool) -> bool:
    print("\n== equal-shares add1u (Add1, then greedy), fresh elections, best of 3 (Budapest: 1)")
    ok = True
    for name, target in ADD1U_TARGETS.items():
        if quick and name in SLOW_ADD1:
            print(f"   {name:36} left out (--quick)")
            continue
        # A fresh Election each time, so nothing prepared by an earlier count is reused.
        path = SHARED / f"{name}.pb"
        took, cpu = float("inf"), float("inf")
        for _ in range(1 if name in SLOW_ADD1 else 3):
            election = read_pb(path).election
            gc.collect()
            start, start_cpu = time.perf_counter(), time.process_time()
            outcome = count(election, rule="equal-shares", completion="add1u")
            took = min(took, time.perf_counter() - start)
            cpu = min(cpu, time.process_time() - start_cpu)
        met = target is None or took < target
        ok &= met
        share = Fraction(outcome.options["share"])
        goal = "" if target is None else f"; target < {target:.0f} s: {'met' if met else 'NOT met'}"
        print(
            f"   {name:36} {took:7.2f} s (CPU {cpu:.2f} s{goal}); "
            f"{outcome.options['raises']:,} raises, {outcome.options['runs']:,} runs of "
            f"Equal Shares, {1000 * took / outcome.options['runs']:.1f} ms a run, "
            f"share {float(share):,.2f}"
        )
    return ok


def readers() -> bool:
    print("\n== reading a file (best of 5): Kist's reader, its row-by-row reader, pabutools")
    ok = True
    for name, target in READER_TARGETS.items():
        path = SHARED / f"{name}.pb"
        text = path.read_text(encoding="utf-8")
        fast = best_time(lambda t=text: read_pb(t).election, budget=3.0, most=5)
        exact = best_time(lambda t=text: read_pb(t, row_by_row=True).election, budget=3.0, most=3)
        theirs = _pabutools_parse(path)
        met = fast <= target
        ok &= met
        print(
            f"   {name:36} Kist {fast * 1000:7.1f} ms (target {target * 1000:.0f} ms: "
            f"{'met' if met else 'NOT met'})  row by row {exact * 1000:7.1f} ms  "
            + (f"pabutools {theirs * 1000:8.1f} ms ({theirs / fast:.0f}x)" if theirs else
               "pabutools n/a")
        )
    return ok


def _pabutools_parse(path: Path) -> float | None:
    try:
        from pabutools.election import parse_pabulib
    except ImportError:
        return None
    start = time.perf_counter()
    parse_pabulib(str(path))
    return time.perf_counter() - start


# A pabutools script doing what `pb-tally FILE --rule ... --json` does: read, count, print.
_PABUTOOLS_SCRIPT = """
import json, sys
from pabutools.election import Cost_Sat, parse_pabulib
from pabutools import rules
instance, profile = parse_pabulib(sys.argv[1])
if sys.argv[2] == "greedy":
    chosen = rules.greedy_utilitarian_welfare(instance, profile, sat_class=Cost_Sat)
else:
    chosen = rules.method_of_equal_shares(instance, profile, sat_class=Cost_Sat)
print(json.dumps(sorted(p.name for p in chosen)))
"""


# Runs one command and reports its wall time and peak resident memory. A small process of its
# own starts it, so the figure is the command's and not this (large) benchmark's, which a
# child forked straight from here would inherit in its count.
_MEASURE = """
import resource, subprocess, sys, time
timeout = float(sys.argv[1]) or None
start = time.perf_counter()
try:
    code = subprocess.run(sys.argv[2:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                          timeout=timeout).returncode
except subprocess.TimeoutExpired:
    code = -1
took = time.perf_counter() - start
print(took, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, code)
"""


def _process(command: list[str], *, timeout: float | None = None) -> tuple[float, int, bool]:
    """Wall time, peak resident memory (bytes) and success of one whole process."""
    done = subprocess.run([sys.executable, "-c", _MEASURE, str(timeout or 0), *command],
                          cwd=REPO, capture_output=True, text=True, env=_ENV, check=True)
    took, peak_kib, code = done.stdout.split()
    if int(code) == -1:
        return math.inf, 0, False
    return float(took), int(peak_kib) * 1024, int(code) == 0


# manage.py needs a SECRET_KEY unless DEBUG is on; this is a trial machine, like `make run`.
_ENV = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings", "DEBUG": "true"}


def whole_process() -> bool:
    print("\n== whole processes (best of 3; pabutools once): start-up, reading, counting, output")
    print(f"   {'file':36} {'rule':18} {'pb-tally':>16} {'manage.py':>16} {'pabutools':>18}"
          f" {'ratio':>6}")
    ok = True
    have_pabutools = importlib.util.find_spec("pabutools") is not None
    for name in WHOLE_PROCESS_FILES:
        path = str(SHARED / f"{name}.pb")
        for label, args in (("greedy", ["--rule", "greedy"]),
                            ("equal-shares none", ["--rule", "equal-shares",
                                                   "--completion", "none"])):
            fast = min((_process([sys.executable, "-m", "voting.tally", path, *args, "--json"])
                        for _ in range(3)), key=lambda r: r[0])
            managed = _process([sys.executable, "manage.py", "pb_tally", path, *args, "--json"])
            theirs = (_process([sys.executable, "-c", _PABUTOOLS_SCRIPT, path, label.split()[0]],
                               timeout=PABUTOOLS_TIMEOUT) if have_pabutools else None)
            ratio = theirs[0] / fast[0] if theirs and theirs[2] else None
            ok &= fast[2] and managed[2] and (ratio is None or ratio >= WHOLE_PROCESS_RATIO)
            print(
                f"   {name:36} {label:18} {_run(fast):>16} {_run(managed):>16} "
                + (f"{_run(theirs):>18} " if theirs else f"{'n/a':>18} ")
                + (f"{ratio:5.1f}x" if ratio else
                   (f"  > {PABUTOOLS_TIMEOUT} s" if theirs and not theirs[2] else ""))
            )
    print(f"   target: pb-tally at least {WHOLE_PROCESS_RATIO}x faster than pabutools")
    return ok


def _run(result: tuple[float, int, bool]) -> str:
    seconds, peak, ran = result
    if not ran:
        return "FAILED"
    return f"{seconds:5.2f} s {peak / 2**20:4.0f} MiB"


def batch() -> bool:
    files = sorted(SHARED.glob("*.pb"))
    print(f"\n== the batch: pb-tally over all {len(files)} shared files, --jsonl --jobs 2, "
          "one process per rule")
    ok = True
    total = 0.0
    for rule in ("greedy", "greedy-no-skip", "max-welfare", "equal-shares"):
        start = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "voting.tally", str(SHARED), "--rule", rule,
                               "--jsonl", "--jobs", "2"],
                              cwd=REPO, capture_output=True, text=True, env=_ENV, check=False)
        took = time.perf_counter() - start
        total += took
        lines = [json.loads(line) for line in done.stdout.splitlines() if line.strip()]
        failed = [line["file"] for line in lines if "error" in line]
        ok &= done.returncode == 0 and len(lines) == len(files)
        print(f"   {rule:16} {took:7.2f} s  {len(lines) - len(failed)} counted"
              + (f", failed: {', '.join(failed)}" if failed else ""))
    print(f"   all four rules: {total:.1f} s (equal-shares is add1u, Budapest's Add1 included)")
    return ok


def memory() -> bool:
    path = str(SHARED / f"{MEMORY_FILE}.pb")
    print(f"\n== peak memory counting {MEMORY_FILE}, whole pb-tally process (resident)")
    ok = True
    for label, args in (("greedy", ["--rule", "greedy"]),
                        ("greedy-no-skip", ["--rule", "greedy-no-skip"]),
                        ("max-welfare", ["--rule", "max-welfare"]),
                        ("equal-shares add1u", ["--rule", "equal-shares"])):
        seconds, peak, ran = _process([sys.executable, "-m", "voting.tally", path, *args,
                                       "--json"])
        met = ran and peak < MEMORY_TARGET_MIB * 2**20
        ok &= met
        print(f"   {label:20} {peak / 2**20:6.1f} MiB in {seconds:5.2f} s "
              f"(target < {MEMORY_TARGET_MIB} MiB: {'met' if met else 'NOT met'})")
    return ok


def every_file() -> None:
    # Add1 is left out here: with a currency unit as small as Budapest's forint (a budget of
    # 10^9 units) it needs tens of thousands of raises.
    rules = [(label, opts) for label, opts in RULES if "add1" not in label]
    print("\n== every rule but Add1 on every shared file (Kist only, best of runs)")
    print(f"   {'file':44} " + " ".join(f"{label[:13]:>13}" for label, _ in rules))
    for path in sorted(SHARED.glob("*.pb")):
        election = read_pb(path).election
        times = [best_time(_counter(election, opts), budget=1.0, most=3) for _, opts in rules]
        print(f"   {path.stem[:44]:44} " + " ".join(f"{t * 1000:11.1f}ms" for t in times))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--all", action="store_true", help="also time every shared file")
    parser.add_argument("--quick", action="store_true",
                        help="leave out Budapest's Add1 and the batch")
    parser.add_argument(
        "--file", default="Poland_Warszawa_2021_Mokotow", help="file to compare with pabutools"
    )
    args = parser.parse_args()
    if not SHARED.is_dir():
        print(f"the shared Pabulib files are not at {SHARED.resolve()}")
        return 1
    print(f"load average {os.getloadavg()[0]:.2f} at the start")
    results = [compare_on(args.file), readers(), whole_process(),
               add1u_targets(quick=args.quick)]
    if not args.quick:
        results.append(batch())
    results.append(memory())
    if args.all:
        every_file()
    print(f"\nload average {os.getloadavg()[0]:.2f} at the end")
    print("all targets met" if all(results) else "some targets NOT met")
    return 0


if __name__ == "__main__":
    sys.exit(main())
