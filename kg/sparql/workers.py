"""Worker processes that hold the store and answer queries, so that a query can be killed.

pyoxigraph has no query timeout and a running query cannot be interrupted from Python
(oxigraph#1926; PITFALLS.md), so a query that must stop at the time limit has to run in a process
that can be killed. Each worker opens the build's store read-only (``Store.read_only``) or, with
``in_memory``, copies it into an in-memory store once at start: on-disk joins were measured several
times slower (bench/bench_sparql.py). The pool hands each request to an idle worker, waits up to
the time limit, and on timeout kills that worker and starts a fresh one in the background.

Issue 16 added what a long-running server needs:

- a memory cap per worker (``RLIMIT_DATA``, which counts what a query allocates but not the
  address space that allocators and RocksDB merely reserve): a query that exhausts it gets 503;
- a worker that fails to start is retried with growing pauses (0.5 s doubling to 30 s), and a
  request never waits longer than the time limit for a worker, so the pool cannot wedge;
- generations: the workers of one build form a generation. :meth:`QueryPool.refresh` (on
  SIGHUP, or when the watcher sees a new build id) starts a whole new generation beside the old
  one and switches when every new worker is ready, so answers never alternate between two builds.
"""
from __future__ import annotations

import json
import multiprocessing
import queue
import signal
import threading
import time
from dataclasses import dataclass, field
from multiprocessing.connection import Connection
from pathlib import Path

from pyoxigraph import RdfFormat, Store

from .answering import Answer, Request, answer, error

_CONTEXT = multiprocessing.get_context("spawn")  # the server is threaded: never fork threads
BACKOFF_S = (0.5, 30.0)  # first pause after a failed start, and the longest


def open_for_queries(store_path: str, in_memory: bool) -> Store:
    """The store a worker answers from: read-only on disk, or an in-memory copy of it.

    The copy is loaded straight from the build's ``graph.nq`` beside the store when there is one
    (issue 17: 5 s at 1M triples, against 36 s through the disk store's dump), else from a dump."""
    disk = Store.read_only(store_path)
    if not in_memory:
        return disk
    memory = Store()
    nquads = Path(store_path).parent / "graph.nq"
    if nquads.is_file():
        memory.bulk_load(path=str(nquads), format=RdfFormat.N_QUADS, lenient=True)
    else:
        memory.bulk_load(input=disk.dump(format=RdfFormat.N_QUADS), format=RdfFormat.N_QUADS)
    return memory


def cap_memory(memory_mb: int) -> None:
    """Let this process's data segment grow by at most ``memory_mb`` from now (0: no limit), so
    the cap is what a query may take beyond the store already loaded; Linux and macOS only."""
    if memory_mb <= 0:
        return
    try:
        import resource
    except ImportError:  # Windows: no rlimits
        return
    limit = _data_bytes() + memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_DATA, (limit, limit))


def _data_bytes() -> int:
    """The data segment in use (Linux ``VmData``); 0 where unknown."""
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmData:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def worker_main(conn: Connection, store_path: str, in_memory: bool, memory_mb: int = 0) -> None:
    """A worker's life: open the store, say ready, answer requests until the pipe closes."""
    # Ctrl-C in a terminal reaches the whole process group: the server stops its workers itself,
    # and a worker interrupted mid-recv would only print a traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        store = open_for_queries(store_path, in_memory)
    except Exception as exc:  # noqa: BLE001 - reported to the pool, which retries
        conn.send(f"failed: {type(exc).__name__}: {exc}")
        return
    cap_memory(memory_mb)  # after loading: the cap is for queries, the store's copy is known
    conn.send("ready")
    while True:
        try:
            request = conn.recv()
        except EOFError:
            return
        try:
            conn.send(answer(store, request))
        except MemoryError:
            conn.send(error(503, f"the query needs more memory than a query worker may use "
                                 f"({memory_mb} MB, --worker-memory-mb); narrow it or add a LIMIT"))
        except Exception as exc:  # a worker must answer every request, whatever went wrong
            conn.send(error(500, f"{type(exc).__name__}: {exc}"))


def build_id(store_path: Path | str) -> str:
    """The id of the build a store belongs to: ``report.json``'s ``build_id``, else the store
    folder's inode (a new build is a new folder)."""
    store = Path(store_path)
    try:
        return str(json.loads((store.parent / "report.json").read_text(encoding="utf-8"))["build_id"])
    except (OSError, ValueError, KeyError, TypeError):
        try:
            return f"inode-{store.stat().st_ino}"
        except OSError:
            return "none"


@dataclass
class Worker:
    process: multiprocessing.process.BaseProcess
    conn: Connection

    def kill(self) -> None:
        self.process.kill()
        self.process.join(timeout=5)
        self.conn.close()


@dataclass
class Generation:
    """The workers serving one build."""

    build: str
    idle: queue.Queue = field(default_factory=queue.Queue)
    members: list[Worker] = field(default_factory=list)
    retired: bool = False


class QueryPool:
    """Worker processes over one build's store, with a per-query time limit."""

    def __init__(self, store_path: Path, workers: int = 2, in_memory: bool = True,
                 time_limit_ms: int = 5000, start_timeout_s: float = 600.0, memory_mb: int = 0,
                 watch_s: float = 0.0):
        if not Path(store_path).is_dir():
            raise FileNotFoundError(f"no store at {store_path}")
        self.store_path = str(store_path)
        self.size = workers
        self.in_memory = in_memory
        self.time_limit_s = time_limit_ms / 1000
        self.start_timeout_s = start_timeout_s
        self.memory_mb = memory_mb
        self._closed = False
        self._lock = threading.Lock()
        self._refreshing = threading.Lock()
        self._gen = self._generation(build_id(self.store_path))
        if watch_s > 0:
            threading.Thread(target=self._watch, args=(watch_s,), daemon=True).start()

    # -- starting workers ---------------------------------------------------------------------

    def _generation(self, build: str) -> Generation:
        """A generation of ``size`` started workers (each start retried); the first failure
        after the retries raises."""
        gen = Generation(build)
        for _ in range(self.size):
            gen.idle.put(self._start_retrying(gen, attempts=3))
        return gen

    def _start(self, gen: Generation) -> Worker:
        parent, child = _CONTEXT.Pipe()
        process = _CONTEXT.Process(target=worker_main, daemon=True,
                                   args=(child, self.store_path, self.in_memory, self.memory_mb))
        process.start()
        child.close()
        said = parent.recv() if parent.poll(self.start_timeout_s) else "no answer"
        if said != "ready":
            process.kill()
            process.join(timeout=5)
            parent.close()
            raise RuntimeError(f"a query worker did not start on {self.store_path}: {said}")
        worker = Worker(process, parent)
        with self._lock:
            gen.members.append(worker)
        return worker

    def _start_retrying(self, gen: Generation, attempts: int | None = None) -> Worker:
        """Start a worker, pausing 0.5 s, 1 s, 2 s … (at most 30 s) between failed attempts."""
        pause, tries = BACKOFF_S[0], 0
        while True:
            try:
                return self._start(gen)
            except (RuntimeError, OSError, EOFError):
                tries += 1
                if (attempts is not None and tries >= attempts) or self._closed or gen.retired:
                    raise
                time.sleep(pause)
                pause = min(pause * 2, BACKOFF_S[1])

    def _replace(self, dead: Worker, gen: Generation) -> None:
        """Kill a worker and start its successor in the background (loading may take seconds)."""
        self._retire(dead, gen)

        def start() -> None:
            try:
                worker = self._start_retrying(gen)
            except (RuntimeError, OSError, EOFError):
                return  # closed or retired while retrying
            if gen.retired or self._closed:
                self._retire(worker, gen)
            else:
                gen.idle.put(worker)

        threading.Thread(target=start, daemon=True).start()

    def _retire(self, worker: Worker, gen: Generation) -> None:
        worker.kill()
        with self._lock:
            if worker in gen.members:
                gen.members.remove(worker)

    # -- answering ------------------------------------------------------------------------------

    def run(self, request: Request) -> Answer:
        """Answer one request within the time limit (waiting for a free worker counts too)."""
        deadline = time.monotonic() + self.time_limit_s
        gen = self._gen
        try:
            worker = gen.idle.get(timeout=self.time_limit_s)
        except queue.Empty:
            return error(503, "no query worker is free (all busy or starting); try again shortly")
        try:
            worker.conn.send(request)
            if worker.conn.poll(max(0.0, deadline - time.monotonic())):
                result = worker.conn.recv()
                self._give_back(worker, gen)
                return result
        except (EOFError, OSError, BrokenPipeError):
            self._replace(worker, gen)
            return error(503, "the query worker died while answering (out of memory? each may use "
                              f"{self.memory_mb or 'unlimited'} MB, --worker-memory-mb); it is being restarted")
        self._replace(worker, gen)
        return error(503, f"query cancelled: it ran longer than the time limit of "
                          f"{int(self.time_limit_s * 1000)} ms")

    def _give_back(self, worker: Worker, gen: Generation) -> None:
        if gen.retired:
            self._retire(worker, gen)
        else:
            gen.idle.put(worker)

    # -- switching builds -----------------------------------------------------------------------

    def refresh(self) -> bool:
        """Switch every worker to the build now at the store path, if it is a new one.

        The new generation starts beside the old one, which keeps answering; the switch happens
        when all its workers are ready. Returns whether it switched."""
        with self._refreshing:
            current = build_id(self.store_path)
            if current == self._gen.build or self._closed:
                return False
            try:
                new = self._generation(current)
            except (RuntimeError, OSError, EOFError):
                return False  # the new build cannot be served (yet): keep answering from the old
            old, self._gen = self._gen, new
            old.retired = True
            self._drain(old)
            return True

    def _drain(self, gen: Generation) -> None:
        while True:
            try:
                self._retire(gen.idle.get_nowait(), gen)
            except queue.Empty:
                return

    def _watch(self, every_s: float) -> None:
        while not self._closed:
            time.sleep(every_s)
            self.refresh()

    # -- state ----------------------------------------------------------------------------------

    def health(self) -> dict:
        """Workers ready to answer (idle or busy, alive) and the build they serve."""
        gen = self._gen
        with self._lock:
            alive = sum(1 for w in gen.members if w.process.is_alive())
        return {"workers": self.size, "ready_workers": alive, "build": gen.build}

    def wait_ready(self, timeout_s: float = 60.0) -> bool:
        """Wait until a worker is idle (after a restart); True when one is."""
        gen = self._gen
        try:
            worker = gen.idle.get(timeout=timeout_s)
        except queue.Empty:
            return False
        gen.idle.put(worker)
        return True

    def close(self) -> None:
        self._closed = True
        gen = self._gen
        gen.retired = True
        with self._lock:
            workers, gen.members = list(gen.members), []
        for worker in workers:
            worker.kill()

    def __enter__(self) -> QueryPool:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
