"""Worker processes that hold the store and answer queries, so that a query can be killed.

pyoxigraph has no query timeout and a running query cannot be interrupted from Python
(oxigraph#1926; PITFALLS.md), so a query that must stop at the time limit has to run in a process
that can be killed. Each worker opens the build's store read-only (``Store.read_only``) or, with
``in_memory``, copies it into an in-memory store once at start: on-disk joins were measured several
times slower (bench/bench_sparql.py). The pool hands each request to an idle worker, waits up to
the time limit, and on timeout kills that worker and starts a fresh one in the background.
"""
from __future__ import annotations

import multiprocessing
import queue
import threading
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection
from pathlib import Path

from pyoxigraph import RdfFormat, Store

from .answering import Answer, Request, answer, error

_CONTEXT = multiprocessing.get_context("spawn")  # the server is threaded: never fork threads


def open_for_queries(store_path: str, in_memory: bool) -> Store:
    """The store a worker answers from: read-only on disk, or an in-memory copy of it."""
    disk = Store.read_only(store_path)
    if not in_memory:
        return disk
    memory = Store()
    memory.bulk_load(input=disk.dump(format=RdfFormat.N_QUADS), format=RdfFormat.N_QUADS)
    return memory


def worker_main(conn: Connection, store_path: str, in_memory: bool) -> None:
    """A worker's life: open the store, say ready, answer requests until the pipe closes."""
    store = open_for_queries(store_path, in_memory)
    conn.send("ready")
    while True:
        try:
            request = conn.recv()
        except EOFError:
            return
        try:
            conn.send(answer(store, request))
        except Exception as exc:  # a worker must answer every request, whatever went wrong
            conn.send(error(500, f"{type(exc).__name__}: {exc}"))


@dataclass
class Worker:
    process: multiprocessing.process.BaseProcess
    conn: Connection

    def kill(self) -> None:
        self.process.kill()
        self.process.join(timeout=5)
        self.conn.close()


class QueryPool:
    """A fixed number of worker processes over one store, with a per-query time limit."""

    def __init__(self, store_path: Path, workers: int = 2, in_memory: bool = True,
                 time_limit_ms: int = 5000, start_timeout_s: float = 600.0):
        if not Path(store_path).is_dir():
            raise FileNotFoundError(f"no store at {store_path}")
        self.store_path = str(store_path)
        self.in_memory = in_memory
        self.time_limit_s = time_limit_ms / 1000
        self.start_timeout_s = start_timeout_s
        self._idle: queue.Queue[Worker] = queue.Queue()
        self._closed = False
        self._all: list[Worker] = []
        self._lock = threading.Lock()
        for _ in range(workers):
            self._idle.put(self._start())

    def _start(self) -> Worker:
        parent, child = _CONTEXT.Pipe()
        process = _CONTEXT.Process(target=worker_main, args=(child, self.store_path, self.in_memory),
                                   daemon=True)
        process.start()
        child.close()
        if not parent.poll(self.start_timeout_s) or parent.recv() != "ready":
            process.kill()
            raise RuntimeError(f"a query worker did not start on {self.store_path}")
        worker = Worker(process, parent)
        with self._lock:
            self._all.append(worker)
        return worker

    def _replace(self, dead: Worker) -> None:
        """Kill a worker and start its successor in the background (loading may take seconds)."""
        dead.kill()
        with self._lock:
            if dead in self._all:
                self._all.remove(dead)

        def start() -> None:
            if not self._closed:
                self._idle.put(self._start())

        threading.Thread(target=start, daemon=True).start()

    def run(self, request: Request) -> Answer:
        """Answer one request within the time limit (waiting for a free worker counts too)."""
        deadline = time.monotonic() + self.time_limit_s
        try:
            worker = self._idle.get(timeout=self.time_limit_s)
        except queue.Empty:
            return error(503, "all query workers are busy; try again shortly")
        try:
            worker.conn.send(request)
            if worker.conn.poll(max(0.0, deadline - time.monotonic())):
                result = worker.conn.recv()
                self._idle.put(worker)
                return result
        except (EOFError, OSError, BrokenPipeError):
            self._replace(worker)
            return error(500, "the query worker died; it has been restarted")
        self._replace(worker)
        return error(503, f"query cancelled: it ran longer than the time limit of "
                          f"{int(self.time_limit_s * 1000)} ms")

    def close(self) -> None:
        self._closed = True
        with self._lock:
            workers, self._all = self._all, []
        for worker in workers:
            worker.kill()

    def __enter__(self) -> QueryPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
