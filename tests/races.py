"""Threads racing one write, each on its own database connection, as app servers race in
production: the race is decided by PostgreSQL's locks and constraints (the SQLite test database
is shared in memory and cannot hold concurrent writers, so race tests need PostgreSQL)."""

import threading
from collections import Counter

from django.db import connections

THREADS = 8


def race(action, n: int = THREADS) -> list:
    """Run `action(i)` in n threads released at the same moment; return results or errors."""
    barrier = threading.Barrier(n)
    outcomes: list = [None] * n

    def run(i: int) -> None:
        try:
            barrier.wait(timeout=10)
            outcomes[i] = action(i)
        except Exception as error:  # noqa: BLE001 - the test inspects what each thread got
            outcomes[i] = error
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(t.is_alive() for t in threads), "a racing thread hung"
    return outcomes


def kinds(outcomes: list) -> Counter:
    return Counter(type(o).__name__ for o in outcomes)
