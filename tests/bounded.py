"""Run ``python -m generator check`` in a child process with a time and memory budget.

A hostile file that makes the reader run away must fail its test, not hang the suite or
take the machine's memory: the child gets an address-space limit and is killed at the
deadline, and its own peak memory is read from ``wait4`` (not the worker's, which other
tests have raised).
"""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Address space for the child: far above what check needs (about 400 MB with its libraries
# mapped), far below what a runaway reader would take.
ADDRESS_SPACE = 3 * 1024**3


@dataclass
class Run:
    stderr: list[str]  # the findings, one a line, then the verdict (or a traceback)
    stdout: str
    seconds: float
    peak_mib: float  # the child's peak resident memory
    returncode: int | None  # None: killed at the deadline


def check_bounded(data: Path, seconds: float) -> Run:
    """``check --data data`` in a child, killed after ``seconds``."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (ADDRESS_SPACE, ADDRESS_SPACE))

    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.perf_counter()
        child = subprocess.Popen(
            [sys.executable, "-m", "generator", "check", "--data", str(data)],
            cwd=ROOT, stdout=out, stderr=err, preexec_fn=limit,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
        )
        deadline = start + seconds
        while True:
            pid, status, usage = os.wait4(child.pid, os.WNOHANG)
            if pid:
                break
            if time.perf_counter() > deadline:
                child.send_signal(signal.SIGKILL)
                pid, status, usage = os.wait4(child.pid, 0)
                status = -1
                break
            time.sleep(0.02)
        elapsed = time.perf_counter() - start
        child.returncode = 0  # reaped above; stops Popen from waiting on it again
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8", "replace")
        stderr = err.read().decode("utf-8", "replace").splitlines()
    code = None if status == -1 else os.waitstatus_to_exitcode(status)
    return Run(stderr, stdout, elapsed, usage.ru_maxrss / 1024, code)
