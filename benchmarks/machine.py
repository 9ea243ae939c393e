"""What the shared machine gives a benchmark right now: CPU seconds used, and the speed-up that
pure-Python work gets from several processes (the ceiling a parallel ratio is read against)."""

from __future__ import annotations

import resource
import time
from concurrent.futures import ProcessPoolExecutor


def cpu_seconds() -> float:
    """CPU time of this process and its reaped children (pool workers, once shut down)."""
    me, children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + children.ru_utime + children.ru_stime


def _spin(n: int) -> int:
    total = 0
    for i in range(n):
        total += i % 7
    return total


def cpu_ceiling(jobs: int, n: int = 3_000_000) -> float:
    """How many times the work of one process ``jobs`` processes do right now (shared machine)."""
    with ProcessPoolExecutor(jobs) as pool:
        list(pool.map(_spin, [1000] * jobs))  # start the workers
        started = time.perf_counter()
        list(pool.map(_spin, [n]))
        one = time.perf_counter() - started
        started = time.perf_counter()
        list(pool.map(_spin, [n] * jobs))
        many = time.perf_counter() - started
    return jobs * one / many
