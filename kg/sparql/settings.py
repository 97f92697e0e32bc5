"""Limits and switches of ``kg serve``, as a table: name, default, help (as datasette's SETTINGS).

Every setting is an option of ``kg serve`` (``--timeout-ms``, ``--max-rows`` …) and is listed on
the query page, so a limit is never a number hidden in code.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Setting:
    name: str
    default: object
    help: str


SETTINGS: tuple[Setting, ...] = (
    Setting("time_limit_ms", 5000,
            "Time limit of one query in milliseconds. pyoxigraph cannot interrupt a query "
            "(oxigraph#1926), so each query runs in a worker process that is killed at the limit "
            "(answer 503)."),
    Setting("max_rows", 10000,
            "Most solutions (or triples) one answer may hold. A larger result is refused with 413 "
            "and a message asking for a LIMIT; results are never truncated silently."),
    Setting("workers", 2, "Worker processes answering queries in parallel."),
    Setting("in_memory", True,
            "Load the build's store into memory in each worker at start: joins run several times "
            "faster than on the on-disk store (see bench/bench_sparql.py)."),
    Setting("cors_origin", "",
            "Value of Access-Control-Allow-Origin; empty (the default) sends no CORS header."),
    Setting("max_query_bytes", 100_000, "Largest accepted query text, in bytes (413 above)."),
    Setting("max_answer_bytes", 50_000_000,
            "Largest answer in bytes, beside max_rows (a few rows of long literals can be large): "
            "413 above, never truncated."),
    Setting("worker_memory_mb", 2048,
            "Memory a query worker may allocate beyond its copy of the store (RLIMIT_DATA); a query "
            "that needs more gets 503. 0: no limit."),
    Setting("allow_service", False,
            "Allow federated queries (SERVICE): the server would then send HTTP requests wherever a "
            "query says. Off: 400 \"federated queries are disabled\"."),
    Setting("threads", 16, "HTTP threads; each waits for a query worker, so more threads than "
            "workers only queue requests."),
    Setting("connection_limit", 1000,
            "Most open connections; more wait in the listen backlog rather than being refused."),
    Setting("backlog", 1024, "Listen backlog: connections the kernel queues before the server accepts them."),
    Setting("channel_timeout_s", 30,
            "Seconds a connection may stay silent (a slow or stalled client) before it is closed."),
    Setting("reload_check_s", 2.0,
            "Seconds between checks for a new build in the build folder; all workers then switch "
            "to it together (also on SIGHUP). 0: only on SIGHUP."),
)
"""Every setting of ``kg serve``."""


def defaults() -> dict[str, object]:
    return {s.name: s.default for s in SETTINGS}


def resolve(overrides: Mapping[str, object] | None = None) -> dict[str, object]:
    """Defaults updated by ``overrides`` (``None`` values ignored); an unknown name fails listing
    the valid ones, and a value is converted to the default's type."""
    values = defaults()
    for name, value in (overrides or {}).items():
        if name not in values:
            raise ValueError(f"unknown setting {name!r}; valid: {', '.join(values)}")
        if value is not None:
            kind = type(values[name])
            values[name] = value if kind is bool else kind(value)
    return values
