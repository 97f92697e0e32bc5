"""Running one function over many input files, in worker processes when that pays.

Files are independent, so a pool of forked workers reads them; the results come back in the
order of the files, the same as reading them one by one.

A worker killed by the operating system (the OOM killer, a segfault in a native reader) breaks a
``ProcessPoolExecutor`` for every file still queued. The build must go on and name the file that
did it (issue 16), so after a break the files without a result are retried one by one, each in a
process of its own: the one whose process dies again gets ``failed(path, reason)`` as its result.
"""
from __future__ import annotations

import multiprocessing
import signal
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Generic, TypeVar

T = TypeVar("T")

PARALLEL_FROM = 4  # files; below this, starting worker processes costs more than it saves (a fork: ~20 ms)
_FORK = multiprocessing.get_context("fork")
# fork: workers inherit the loaded register and need no importable __main__ (spawn does).
# The CLI forks before it opens any Oxigraph store, which a forked child must not inherit.


def in_process(workers: int, files: int) -> bool:
    """Whether :func:`map_files` reads ``files`` files in this process rather than in a pool."""
    return workers <= 1 or files < PARALLEL_FROM


def map_files(fn: Callable[[Path], T], files: list[Path], workers: int,
              failed: Callable[[Path, str], T] | None = None,
              meanwhile: Callable[[], None] | None = None) -> Iterator[T]:
    """``fn`` over ``files`` in order; in a pool of ``workers`` forked processes from PARALLEL_FROM files.

    Args:
        fn: reads one file (must not raise; it runs in a worker).
        files: the files, in the order results are wanted.
        workers: processes; 1 reads in this process.
        failed: the result for a file whose worker process died; without it, the pool's
            BrokenProcessPool propagates.
        meanwhile: called in this process once the workers have their tasks (it would only
            wait for them): ``kg build`` imports and prepares its graph stage there.
    """
    if in_process(workers, len(files)):
        yield from map(fn, files)
        return
    done = 0
    try:
        with ProcessPoolExecutor(workers, mp_context=_FORK) as pool:
            chunks = 1 if len(files) < 16 * workers else 4  # a few items: one per task, spread evenly
            results = pool.map(fn, files, chunksize=chunks)
            if meanwhile is not None:
                meanwhile()
            for result in results:
                done += 1
                yield result
    except BrokenProcessPool:
        if failed is None:
            raise
        for path in files[done:]:
            yield _alone(fn, path, failed)


def _alone(fn: Callable[[Path], T], path: Path, failed: Callable[[Path, str], T]) -> T:
    """``fn(path)`` in a fresh process of its own; ``failed`` when that process dies."""
    parent, child = _FORK.Pipe(duplex=False)
    process = _FORK.Process(target=_run_one, args=(fn, path, child), daemon=True)
    process.start()
    child.close()
    try:
        return parent.recv()
    except EOFError:
        process.join()
        return failed(path, _death(process.exitcode))
    finally:
        parent.close()
        process.join()


def _run_one(fn: Callable[[Path], T], path: Path, conn) -> None:  # noqa: ANN001 - a Connection
    conn.send(fn(path))
    conn.close()


def _death(exitcode: int | None) -> str:
    """How a worker process ended, in words: a signal (SIGKILL: most often the OOM killer) or a code."""
    if exitcode is not None and exitcode < 0:
        name = signal.Signals(-exitcode).name
        hint = " (most often the kernel's out-of-memory killer)" if name == "SIGKILL" else ""
        return f"the process reading it was killed by {name}{hint}"
    return f"the process reading it ended with exit code {exitcode}"


class Meanwhile(Generic[T]):
    """``fn()`` run in a forked process while this process goes on; :meth:`result` waits for it.

    For work that holds the GIL (json encoding) or the disk, and that the next stage can do
    without for a while: ``kg build`` writes corpus.json in one while it makes graph/derived, and
    graph.nq while it checks the shapes. ``fn`` is inherited at the fork, not pickled (it holds the
    whole corpus); only its result comes back, through a pipe. A plain process, not a pool: a pool
    keeps a thread in this process, and later forks (the check workers) would copy a process with
    threads. Without ``fork``, or when the child dies, ``fn`` runs in this process."""

    def __init__(self, fn: Callable[[], T], fork: bool = True) -> None:
        self._fn, self._process, self._pipe = fn, None, None
        self._outcome: tuple[bool, object] | None = None
        if fork:
            self._pipe, child = _FORK.Pipe(duplex=False)
            self._process = _FORK.Process(target=_run_meanwhile, args=(fn, child), daemon=True)
            self._process.start()
            child.close()

    def result(self) -> T:
        """``fn()``'s value, or its exception raised here (the same on every call)."""
        if self._outcome is None:
            self._outcome = self._wait()
        ok, value = self._outcome
        if not ok:
            raise value
        return value

    def _wait(self) -> tuple[bool, object]:
        if self._process is None:
            return _outcome(self._fn)
        try:
            return self._pipe.recv()
        except EOFError:  # the child died (the OOM killer): do it here
            return _outcome(self._fn)
        finally:
            self._pipe.close()
            self._process.join()


def _outcome(fn: Callable[[], object]) -> tuple[bool, object]:
    try:
        return True, fn()
    except Exception as exc:  # noqa: BLE001 - raised by Meanwhile.result, as often as it is asked
        return False, exc


def _run_meanwhile(fn: Callable[[], object], pipe) -> None:
    pipe.send(_outcome(fn))
    pipe.close()
