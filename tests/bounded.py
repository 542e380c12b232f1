"""Run ``python -m generator check`` in a child process with a time and memory budget.

A hostile file that makes the reader run away must fail its test, not hang the suite or
take the machine's memory: the child gets an address-space limit and is killed at the
deadline. Its peak memory is the child's own VmHWM, written as it exits: ``wait4``'s
``ru_maxrss`` keeps the high-water mark across ``exec``, so a child forked from a worker
that other tests have grown reported the worker's size.
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
# The child: ``python -m generator …`` that writes its VmHWM (kB) to $ZD_HWM_FILE at exit.
LAUNCH = """
import atexit, os, runpy, sys
def hwm():
    with open("/proc/self/status") as status:
        kb = next(line.split()[1] for line in status if line.startswith("VmHWM:"))
    with open(os.environ["ZD_HWM_FILE"], "w") as out:
        out.write(kb)
atexit.register(hwm)
sys.argv = ["generator", *sys.argv[1:]]
runpy.run_module("generator", run_name="__main__", alter_sys=True)
"""


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

    with (tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err,
          tempfile.TemporaryDirectory() as scratch):
        hwm_file = Path(scratch) / "hwm"
        start = time.perf_counter()
        child = subprocess.Popen(
            [sys.executable, "-c", LAUNCH, "check", "--data", str(data)],
            cwd=ROOT, stdout=out, stderr=err, preexec_fn=limit,
            env={**os.environ, "PYTHONPATH": str(ROOT), "ZD_HWM_FILE": str(hwm_file)},
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
        # Killed or crashed before its exit hook: fall back to wait4's figure (an upper bound).
        peak_kb = int(hwm_file.read_text()) if hwm_file.is_file() else usage.ru_maxrss
    code = None if status == -1 else os.waitstatus_to_exitcode(status)
    return Run(stderr, stdout, elapsed, peak_kb / 1024, code)
