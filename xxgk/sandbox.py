"""Read and parse one uploaded file in a child process that cannot slow or sink the dashboard.

The dashboard serves every user from one process; a file that costs gigabytes or minutes to read
must not be read there first. ``parse_in_child`` runs ``python -m xxgk.sandbox FILE`` with a memory
limit (``RLIMIT_AS``, set by the child on itself before it reads anything), a time limit (the child is
killed after ``SECONDS``) and a lower priority (``os.nice``), and returns what happened as a
``Verdict``. Only a file that stays within the limits goes on to be loaded.

``parse_all_in_children`` judges many files (an uploaded zip of a collected site) in one child that
reads them one after another, the time limit counting per file: starting Python and the readers
costs about a second a child, which a zip of hundreds of reports would pay hundreds of times. A
file that stops a shared child, or that it judges over the memory limit, is read again in a child
of its own, so no file's verdict depends on the files read before it.

>>> MEMORY_BYTES // 2**20, SECONDS, NICENESS
(1536, 120, 10)

Layer: pipeline — may import ``xxgk.pipeline`` and the readers; never the database or the
dashboard.
"""

from __future__ import annotations

import json
import os
import selectors
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field

MB = 1024 * 1024
MEMORY_BYTES = 1536 * MB  # a real report reads in under 150 MB; the readers' own limits stay under ~600 MB
SECONDS = 120
NICENESS = 10


@dataclass(frozen=True)
class Verdict:
    """``ok``: read and parsed within the limits. ``exceeded``: stopped by a limit (memory, time) or a
    crash, so the file must not be read again in the server. Otherwise the reader refused the file
    with ``reason`` (English) and, where it has one, ``reason_zh`` (Chinese)."""

    ok: bool
    exceeded: bool = False
    reason: str = ""
    reason_zh: str | None = None
    niceness: int | None = None
    pid: int | None = field(default=None, compare=False)  # the child that read the file


def parse_in_child(path: str | os.PathLike[str], memory_bytes: int = MEMORY_BYTES,
                   seconds: float = SECONDS) -> Verdict:
    """Read and parse ``path`` in a limited child process; never raises for anything the file does."""
    name = os.fspath(path)
    command = [sys.executable, "-m", "xxgk.sandbox", name, str(memory_bytes)]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=seconds)
    except subprocess.TimeoutExpired:  # run() has killed the child
        return _over_time(name, seconds)
    lines = done.stdout.strip().splitlines()
    try:
        return Verdict(**json.loads(lines[-1]))
    except (IndexError, ValueError, TypeError):
        how = (f"signal {signal.Signals(-done.returncode).name}" if done.returncode < 0
               else f"exit code {done.returncode}")
        return Verdict(False, True, f"{name}: the reader stopped ({how}), most likely over the "
                                    f"{memory_bytes // MB} MB memory limit for one upload",
                       f"读取过程异常中止，可能超过 {memory_bytes // MB} MB 的内存上限")


def parse_all_in_children(paths: Sequence[str | os.PathLike[str]], memory_bytes: int = MEMORY_BYTES,
                          seconds: float = SECONDS) -> list[Verdict]:
    """``parse_in_child`` for each of ``paths``, in order, sharing children where the files allow."""
    names = [os.fspath(p) for p in paths]
    verdicts: list[Verdict] = []
    while len(verdicts) < len(names):
        judged = _shared_child(names[len(verdicts):], memory_bytes, seconds)
        for verdict, name in zip(judged, names[len(verdicts):]):
            verdicts.append(verdict or parse_in_child(name, memory_bytes, seconds))
    return verdicts


def _shared_child(names: list[str], memory_bytes: int, seconds: float) -> list[Verdict | None]:
    """Verdicts of one child reading ``names`` in turn, up to and including the first file that
    stops it (its verdict is the time limit's, or None where the child died on it). None also
    stands for a file the child judged over the memory limit: the caller reads it again alone."""
    command = [sys.executable, "-m", "xxgk.sandbox", "--many", str(memory_bytes)]
    child = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
    assert child.stdin is not None and child.stdout is not None
    with child:
        try:
            child.stdin.write("".join(json.dumps(n) + "\n" for n in names).encode())  # read whole before any work
            child.stdin.close()
        except BrokenPipeError:  # the child died before reading: each file is then judged alone
            return [None]
        verdicts: list[Verdict | None] = []
        pending = b""
        selector = selectors.DefaultSelector()
        selector.register(child.stdout, selectors.EVENT_READ)
        deadline = time.monotonic() + seconds
        while len(verdicts) < len(names):
            if not selector.select(max(0.0, deadline - time.monotonic())):
                child.kill()
                verdicts.append(_over_time(names[len(verdicts)], seconds))
                break
            chunk = os.read(child.stdout.fileno(), 65536)
            if not chunk:  # the child died on the file it was reading
                verdicts.append(None)
                break
            *lines, pending = (pending + chunk).split(b"\n")
            for line in lines:
                try:
                    verdict: Verdict | None = Verdict(**json.loads(line))
                except (ValueError, TypeError):
                    verdict = None
                verdicts.append(None if verdict is None or verdict.exceeded else verdict)
                deadline = time.monotonic() + seconds
        selector.close()
    return verdicts


def _over_time(name: str, seconds: float) -> Verdict:
    return Verdict(False, True, f"{name}: reading took over {seconds:g} s, the limit for one upload; stopped",
                   f"读取超过 {seconds:g} 秒的时限，已停止")


def _verdict(path: str, memory_bytes: int) -> Verdict:
    """In the child: read and parse under the limits already set."""
    from xxgk.pipeline import process_document
    from xxgk.readers import read_document

    niceness = os.nice(0)
    over_memory = Verdict(False, True, f"{path}: reading needs over {memory_bytes // MB} MB of memory, the "
                                       "limit for one upload", f"读取所需内存超过 {memory_bytes // MB} MB 的上限", niceness)
    try:
        process_document(read_document(path))
    except MemoryError:
        return over_memory
    except Exception as exc:  # noqa: BLE001 - every outcome is a verdict
        # lxml and other C code report a failed allocation as an error of their own ("XMLSyntaxError:
        # unknown error"): an error raised with the address space nearly used up is the limit's.
        if _peak_bytes() > 0.9 * memory_bytes:
            return over_memory
        return _refusal(path, exc, niceness)
    return Verdict(True, niceness=niceness)


def _refusal(path: str, exc: Exception, niceness: int) -> Verdict:
    """The reader's refusal (its English and Chinese reason), or a parser failure."""
    from xxgk.errors import ReportError

    if isinstance(exc, ReportError):
        return Verdict(False, False, str(exc), getattr(exc, "reason_zh", None), niceness)
    return Verdict(False, False, f"{path}: parser failed ({type(exc).__name__}: {exc})", None, niceness)


def _peak_bytes() -> int:
    """This process's peak address space (VmPeak), 0 where /proc does not say."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("VmPeak:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _limit(memory_bytes: int) -> None:
    import resource

    os.nice(NICENESS)
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))


def _child(path: str, memory_bytes: int) -> None:
    _limit(memory_bytes)
    print(json.dumps(asdict(_verdict(path, memory_bytes)) | {"pid": os.getpid()}, ensure_ascii=False))


def _children_many(memory_bytes: int) -> None:
    """The shared child: the file names (JSON lines) from standard input, a verdict line for each."""
    names = [json.loads(line) for line in sys.stdin.read().splitlines() if line]
    _limit(memory_bytes)
    for name in names:
        print(json.dumps(asdict(_verdict(name, memory_bytes)) | {"pid": os.getpid()}, ensure_ascii=False), flush=True)


if __name__ == "__main__":
    if sys.argv[1] == "--many":
        _children_many(int(sys.argv[2]))
    else:
        _child(sys.argv[1], int(sys.argv[2]))
