"""The writer lock: one load at a time per database, across processes and threads.

A load holds an exclusive ``flock`` on ``.NAME.lock`` beside the database ``NAME`` from before it
copies the published snapshot until after it has published its own, so no two loads ever start from
the same snapshot. The holder writes who it is (pid, host, command, start time) into the lock file;
a load that finds the lock taken reads that to say whose load it waits for, then waits, or with
``wait=False`` fails at once. The kernel releases the lock when the process holding it ends, however
it ends: a killed load never leaves a stale lock. The lock file itself stays (removing it would let
two loads lock two different files).

The thread that holds the lock may take it again (the first build checks whether the database is
there and then loads, under one lock). A process forked while the lock is held (the parse workers)
closes its copy of the descriptor, so a worker outliving a killed load cannot keep the lock.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import shlex
import socket
import sys
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path


@dataclass(frozen=True)
class Holder:
    """Who holds the writer lock, as it wrote itself into the lock file (fields may be unknown)."""

    pid: int | None = None
    host: str = "?"
    command: str = "?"
    started: str = "?"

    def describe(self) -> str:
        text = f"pid {self.pid if self.pid is not None else '?'} on {self.host} ({self.command}), started {self.started}"
        return "".join(c if c.isprintable() else "?" for c in text)  # never a control sequence on a terminal

    def started_at(self) -> datetime | None:
        with contextlib.suppress(ValueError):
            return datetime.fromisoformat(self.started)
        return None


class DatabaseBusy(Exception):
    """Another load holds the writer lock and the caller chose not to wait."""

    def __init__(self, db: Path, holder: Holder) -> None:
        self.db, self.holder = db, holder
        super().__init__(f"{db}: another load is writing this database: {holder.describe()}; run again when it has finished, or without --no-wait to wait for it")


Waiting = Callable[[Holder], None]

_held = threading.local()  # lock path → (descriptor, depth) for the locks this thread holds
_open_fds: set[int] = set()  # every lock descriptor of this process, closed in forked children


def _close_in_child() -> None:
    for fd in list(_open_fds):
        with contextlib.suppress(OSError):
            os.close(fd)
    _open_fds.clear()


os.register_at_fork(after_in_child=_close_in_child)


def lock_path(db: Path) -> Path:
    return db.with_name(f".{db.name}.lock")


def _me() -> bytes:
    argv = getattr(sys, "orig_argv", None) or [sys.executable, *sys.argv]
    command = shlex.join([os.path.basename(argv[0]), *argv[1:]]) if argv else "?"
    info = {
        "pid": os.getpid(),
        "host": socket.gethostname(),
        "command": command[:300],
        "started": datetime.now().isoformat(timespec="seconds"),
    }
    return json.dumps(info, ensure_ascii=False).encode("utf-8")


def _read_holder(fd: int) -> Holder:
    try:
        data = json.loads(os.pread(fd, 4096, 0).decode("utf-8"))
        pid = data.get("pid")
        return Holder(
            pid if isinstance(pid, int) else None,
            str(data.get("host", "?")),
            str(data.get("command", "?")),
            str(data.get("started", "?")),
        )
    except (OSError, ValueError, AttributeError):  # being rewritten right now, or not ours
        return Holder()


def _open(path: Path) -> int:
    flags = os.O_CREAT | os.O_CLOEXEC
    try:
        return os.open(path, os.O_RDWR | flags, 0o666)
    except PermissionError:  # another account's lock file: locking needs only reading
        return os.open(path, os.O_RDONLY | os.O_CLOEXEC)


@contextlib.contextmanager
def writer_lock(db: Path | str, wait: bool = True, on_wait: Waiting | None = None) -> Iterator[None]:
    """Hold the database's writer lock; wait for it (telling ``on_wait`` whose load holds it), or
    with ``wait=False`` raise :class:`DatabaseBusy` at once."""
    db = Path(db)
    key = str(lock_path(db).resolve())
    held: dict[str, list[int]] = _held.__dict__.setdefault("locks", {})
    if key in held:  # this thread holds it already
        held[key][1] += 1
        try:
            yield
        finally:
            held[key][1] -= 1
        return
    db.parent.mkdir(parents=True, exist_ok=True)
    fd = _open(lock_path(db))
    _open_fds.add(fd)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = _read_holder(fd)
            if not wait:
                raise DatabaseBusy(db, holder) from None
            if on_wait:
                on_wait(holder)
            fcntl.flock(fd, fcntl.LOCK_EX)
        with contextlib.suppress(OSError):  # a read-only lock file: the lock holds, unnamed
            os.ftruncate(fd, 0)
            os.pwrite(fd, _me(), 0)
        held[key] = [fd, 1]
        try:
            yield
        finally:
            del held[key]
            with contextlib.suppress(OSError):
                os.ftruncate(fd, 0)
    finally:
        _open_fds.discard(fd)
        os.close(fd)  # releases the lock
