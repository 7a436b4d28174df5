"""Read and parse one uploaded file in a child process that cannot slow or sink the dashboard.

The dashboard serves every user from one process; a file that costs gigabytes or minutes to read
must not be read there first. ``parse_in_child`` runs ``python -m xxgk.sandbox FILE`` with a memory
limit (``RLIMIT_AS``, set by the child on itself before it reads anything), a time limit (the child is
killed after ``SECONDS``) and a lower priority (``os.nice``), and returns what happened as a
``Verdict``. Only a file that stays within the limits goes on to be loaded.

>>> MEMORY_BYTES // 2**20, SECONDS, NICENESS
(1536, 120, 10)

Layer: pipeline — may import ``xxgk.pipeline`` and the readers; never the database or the
dashboard.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from dataclasses import asdict, dataclass

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


def parse_in_child(path: str | os.PathLike[str], memory_bytes: int = MEMORY_BYTES,
                   seconds: float = SECONDS) -> Verdict:
    """Read and parse ``path`` in a limited child process; never raises for anything the file does."""
    name = os.fspath(path)
    command = [sys.executable, "-m", "xxgk.sandbox", name, str(memory_bytes)]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=seconds)
    except subprocess.TimeoutExpired:  # run() has killed the child
        return Verdict(False, True, f"{name}: reading took over {seconds:g} s, the limit for one upload; stopped",
                       f"读取超过 {seconds:g} 秒的时限，已停止")
    lines = done.stdout.strip().splitlines()
    try:
        return Verdict(**json.loads(lines[-1]))
    except (IndexError, ValueError, TypeError):
        how = (f"signal {signal.Signals(-done.returncode).name}" if done.returncode < 0
               else f"exit code {done.returncode}")
        return Verdict(False, True, f"{name}: the reader stopped ({how}), most likely over the "
                                    f"{memory_bytes // MB} MB memory limit for one upload",
                       f"读取过程异常中止，可能超过 {memory_bytes // MB} MB 的内存上限")


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


def _child(path: str, memory_bytes: int) -> None:
    import resource

    os.nice(NICENESS)
    resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
    print(json.dumps(asdict(_verdict(path, memory_bytes)), ensure_ascii=False))


if __name__ == "__main__":
    _child(sys.argv[1], int(sys.argv[2]))
