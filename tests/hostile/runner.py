"""Run ``python -m coherence`` as a user would, measuring time and peak memory.

The child gets an address-space cap (``RLIMIT_AS``) so a runaway allocation
fails instead of swapping the machine, and its peak resident memory comes from
``wait4``. As root (a container), the child can drop the capabilities that let
root ignore file permissions, so "permission denied" cases are real.
"""

from __future__ import annotations

import ctypes
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

#: The address-space cap on every child: the issue's "under 1 GB".
MEMORY_CAP = 1024 * 1024 * 1024
#: The issue's "under 10 s" for every refusal.
TIME_LIMIT = 10.0

_CAP_DAC_OVERRIDE, _CAP_DAC_READ_SEARCH, _CAP_FOWNER = 1, 2, 3
_PR_CAPBSET_DROP = 24


class _CapHeader(ctypes.Structure):
    _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]


class _CapData(ctypes.Structure):
    _fields_ = [
        ("effective", ctypes.c_uint32),
        ("permitted", ctypes.c_uint32),
        ("inheritable", ctypes.c_uint32),
    ]


def _drop_root_file_powers() -> None:
    """Drop root's permission-bypassing capabilities, across exec (bounding set)."""
    libc = ctypes.CDLL(None, use_errno=True)
    caps = (_CAP_DAC_OVERRIDE, _CAP_DAC_READ_SEARCH, _CAP_FOWNER)
    for cap in caps:
        libc.prctl(_PR_CAPBSET_DROP, cap, 0, 0, 0)
    header = _CapHeader(0x20080522, 0)
    data = (_CapData * 2)()
    if libc.capget(ctypes.byref(header), data) == 0:
        mask = ~sum(1 << c for c in caps) & 0xFFFFFFFF
        for field in ("effective", "permitted", "inheritable"):
            setattr(data[0], field, getattr(data[0], field) & mask)
        libc.capset(ctypes.byref(header), data)


def permissions_apply() -> bool:
    """True when a child of this process is refused by file permissions."""
    if os.geteuid() != 0:
        return True
    with tempfile.TemporaryDirectory() as d:
        locked = Path(d) / "locked"
        locked.mkdir(mode=0o000)
        probe = subprocess.run(
            [sys.executable, "-c", f"import os; os.listdir({str(locked)!r})"],
            preexec_fn=_drop_root_file_powers,
            capture_output=True,
        )
        locked.chmod(0o700)
        return probe.returncode != 0


@dataclass
class Result:
    """What a run of the command line did."""

    code: int
    stdout: bytes
    stderr: str
    seconds: float
    peak_mb: float

    @property
    def lines(self) -> list[str]:
        """The stderr lines."""
        return self.stderr.splitlines()


def run(
    args: Sequence[str],
    *,
    cwd: str | os.PathLike[str] | None = None,
    stdout: int | None = None,
    stdin: int | None = subprocess.DEVNULL,
    memory: int = MEMORY_CAP,
    timeout: float = 60.0,
    drop_root: bool = False,
    close_stdout: bool = False,
) -> Result:
    """Run ``python -m coherence ARGS`` with a memory cap; stdout to a file unless given."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
        if drop_root and os.geteuid() == 0:
            _drop_root_file_powers()
        if close_stdout:
            os.close(1)

    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.monotonic()
        proc = subprocess.Popen(
            [sys.executable, "-m", "coherence", *args],
            cwd=cwd,
            stdin=stdin,
            stdout=out if stdout is None else stdout,
            stderr=err,
            preexec_fn=limit,
        )
        killer = threading.Timer(timeout, proc.kill)
        killer.start()
        try:
            _, status, usage = os.wait4(proc.pid, 0)
        finally:
            killer.cancel()
        seconds = time.monotonic() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Result(
            proc.returncode,
            out.read(),
            err.read().decode("utf-8", errors="replace"),
            seconds,
            usage.ru_maxrss / 1024,
        )


def assert_refused(r: Result, *names: str, fast: bool = True) -> None:
    """Exit 2, exactly one stderr line naming each of ``names``, no traceback; within limits."""
    assert r.code == 2, (r.code, r.stderr[-2000:])
    assert "Traceback" not in r.stderr, r.stderr[-2000:]
    assert len(r.lines) == 1, r.stderr[-2000:]
    for name in names:
        assert name in r.lines[0], (name, r.lines[0])
    if fast:
        assert r.seconds < TIME_LIMIT, f"took {r.seconds:.1f} s: {r.lines[0]}"
        assert r.peak_mb < MEMORY_CAP / 2**20, f"peak {r.peak_mb:.0f} MB"
