"""Writing a build folder atomically: a new build replaces the last good one whole, or not at all.

``kg build --out B`` writes every file and the store into a temporary folder beside B (same
filesystem, so the final step is a rename, never a copy), and only when all of it is written and
checked swaps it in. On Linux the swap is one ``renameat2(RENAME_EXCHANGE)`` call: at every instant
B is either the old build or the new one, and a SIGKILL, a full disk or a crash before it leaves B
as it was (issue 16). Elsewhere it is two renames, and a build that died between them is put back by
the next one. A lock file beside B (``flock``, released by the kernel when the holder dies, so no
stale lock survives a kill) refuses a second build into B at once instead of letting two builds
interleave their files.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import errno
import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from .errors import KgError

BUILD_MARKERS = ("report.json", "corpus.json", "store")
"""A folder holding one of these is a kg build, which a new build may replace."""

try:
    import fcntl
except ImportError:  # Windows: msvcrt's byte-range lock instead
    fcntl = None

_RENAME_EXCHANGE = 2  # linux/fs.h
_held: dict[str, int] = {}  # lock path → open descriptor, so nested use in one process is reentrant


class BuildLocked(KgError):
    """Another build is writing the same build folder."""


def _sibling(out: Path, kind: str) -> Path:
    return out.parent / f".{out.name}.{kind}"


@contextmanager
def build_lock(out: Path | str) -> Iterator[None]:
    """Hold the build lock of ``out`` (reentrant within a process); BuildLocked when another holds it."""
    out = Path(out).absolute()
    path = str(_sibling(out, "lock"))
    if path in _held:
        yield
        return
    try:
        out.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as exc:
        raise KgError(f"cannot write beside the build folder: {exc.strerror}", str(out.parent)) from None
    try:
        _lock(fd)
    except OSError:
        os.close(fd)
        raise BuildLocked(f"another `kg build` is writing this build folder (lock {path}); "
                          "wait for it to finish", str(out)) from None
    _held[path] = fd
    try:
        yield
    finally:
        del _held[path]
        os.close(fd)  # closing releases the flock; the file stays, harmlessly


def _lock(fd: int) -> None:
    """Take an exclusive lock on ``fd`` at once, or raise OSError (BlockingIOError) when held."""
    if fcntl is not None:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    else:
        import msvcrt

        msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)


@contextmanager
def building(out: Path | str) -> Iterator[Path]:
    """A fresh temporary folder beside ``out`` to write a build into, swapped in on success.

    On any exception the temporary folder is removed and ``out`` is left untouched; an OSError
    (disk full, read-only folder) becomes a one-line :class:`KgError`.
    """
    out = Path(out).absolute()
    with build_lock(out):
        _refuse_foreign(out)
        _recover(out)
        tmp = _sibling(out, f"building-{os.getpid()}")
        try:
            tmp.mkdir()
            yield tmp
            swap_in(tmp, out)
        except OSError as exc:
            shutil.rmtree(tmp, ignore_errors=True)
            untouched = f"the previous build in {out} is untouched" if out.exists() else "nothing was written"
            raise KgError(f"the build could not be written ({exc.strerror or exc}); {untouched}",
                          exc.filename and str(exc.filename)) from None
        except KgError as exc:  # e.g. the store loader's own disk-full error
            shutil.rmtree(tmp, ignore_errors=True)
            untouched = f"the previous build in {out} is untouched" if out.exists() else "nothing was written"
            raise type(exc)(f"{exc.args[0]}; {untouched}") from None
        except BaseException:
            shutil.rmtree(tmp, ignore_errors=True)
            raise


def swap_in(new: Path, out: Path) -> None:
    """Put the folder ``new`` at ``out``: atomically exchanged with an old build, then the old removed."""
    if not out.exists():
        os.rename(new, out)
        return
    if _exchange(new, out):
        shutil.rmtree(new, ignore_errors=True)  # ``new`` now names the old build
        return
    old = _sibling(out, f"old-{os.getpid()}")
    os.rename(out, old)
    os.rename(new, out)
    shutil.rmtree(old, ignore_errors=True)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two paths in one step (Linux renameat2); False where the system cannot."""
    libc = ctypes.CDLL(ctypes.util.find_library("c"), use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    at_fdcwd = -100
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), _RENAME_EXCHANGE) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP):
        return False
    raise OSError(code, os.strerror(code), str(b))


def _refuse_foreign(out: Path) -> None:
    """Never replace a folder that is not a kg build (a folder of documents given as --out)."""
    if out.exists() and not out.is_dir():
        raise KgError("is not a folder; give --out a folder name", str(out))
    if out.is_dir() and any(out.iterdir()) and not any((out / m).exists() for m in BUILD_MARKERS):
        raise KgError("is a folder that is not a kg build; kg will not replace it (give another --out)",
                      str(out))


def _recover(out: Path) -> None:
    """Under the lock no other build runs: remove what dead builds left, put back a lost old build."""
    for left in out.parent.glob(f".{out.name}.building-*"):
        shutil.rmtree(left, ignore_errors=True)
    olds = sorted(out.parent.glob(f".{out.name}.old-*"))
    if olds and not out.exists():
        os.rename(olds.pop(), out)
    for left in olds:
        shutil.rmtree(left, ignore_errors=True)
