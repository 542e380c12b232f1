"""The site engine kept loaded between builds, for ``make serve``.

A ``properdocs build`` started afresh spends about two seconds before its first page on
this machine: starting Python, importing ProperDocs, Material and their plugins, and
loading jieba's dictionary (a second alone). A preview rebuilds after every save, so
``WarmEngine`` starts one process that does all that once, then builds each request in a
forked child of itself: every build starts from the same loaded state, as a fresh process
would, and none leaves anything behind for the next. The pages are the same bytes as a
cold ``properdocs build`` gives (``tests/test_serve.py``).

The worker is this module run as a program; it reads one JSON request a line on standard
input and answers with the build's own output, then ``EXIT_MARK`` and the exit status.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
import traceback
from collections.abc import Callable
from pathlib import Path

EXIT_MARK = "zd-engine-exit "


class WarmEngine:
    """One loaded engine process; ``build`` runs one site's build in it at a time. A
    process that has ended (killed, out of memory) is started again for the next build."""

    def __init__(self, module: str, cwd: Path, env: dict[str, str]) -> None:
        self._lock = threading.Lock()
        self._command = [sys.executable, "-m", __name__, module]
        self._cwd, self._env = cwd, env
        self._proc = self._start()

    def _start(self) -> subprocess.Popen[str]:
        return subprocess.Popen(
            self._command, cwd=self._cwd, env=self._env, text=True,
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        )

    def build(self, config: Path, env: dict[str, str], line: Callable[[str], None]) -> int:
        """Build with ``config``, with ``env`` set in the build's process; each line the
        build prints goes to ``line``. Returns the build's exit status; raises RuntimeError
        if the engine process ended during the build."""
        with self._lock:
            if self._proc.poll() is not None:
                self._proc = self._start()
            proc = self._proc
            assert proc.stdin is not None and proc.stdout is not None
            try:
                proc.stdin.write(json.dumps({"config": str(config), "env": env}) + "\n")
                proc.stdin.flush()
            except OSError as exc:
                raise RuntimeError(f"site engine process ended: {exc}") from exc
            for text in proc.stdout:
                if text.startswith(EXIT_MARK):
                    return int(text[len(EXIT_MARK):])
                line(text)
            raise RuntimeError(f"site engine process ended (status {proc.wait()})")

    def close(self) -> None:
        try:
            if self._proc.stdin is not None:
                self._proc.stdin.close()
        except OSError:
            pass  # it had ended: nothing to tell it
        try:
            self._proc.wait(10)
        except subprocess.TimeoutExpired:
            self._proc.kill()
            self._proc.wait()


def _load(module: str) -> Callable[[list[str]], int]:
    """Import the engine and what its builds use, and return its command line."""
    import importlib

    cli = importlib.import_module(f"{module}.__main__").cli
    for name in ("material.plugins.search.plugin", "material.plugins.offline.plugin",
                 f"{module}.commands.build", "pymdownx.tasklist", "markdown.extensions.toc"):
        try:
            importlib.import_module(name)
        except ImportError:
            pass
    try:
        import logging

        import jieba

        jieba.setLogLevel(logging.WARNING)
        jieba.initialize()  # the dictionary: a second on every cold build
    except ImportError:
        pass

    def run(args: list[str]) -> int:
        """The command line as ``python -m <module>`` runs it: what ends it is printed as
        the interpreter would print it, since the child leaves by ``os._exit``."""
        try:
            cli.main(args, prog_name=module, standalone_mode=True)
        except SystemExit as exc:
            if exc.code is None or isinstance(exc.code, int):
                return exc.code or 0
            print(exc.code, file=sys.stderr)
            return 1
        except BaseException:
            traceback.print_exc()
            return 1
        return 0

    return run


def _serve(module: str) -> None:
    run = _load(module)
    for request in sys.stdin:
        asked = json.loads(request)
        sys.stdout.flush()
        pid = os.fork()
        if pid == 0:  # the build, in a copy of the loaded process
            os.environ.update(asked["env"])
            code = 1
            try:
                code = run(["build", "-q", "-f", asked["config"]])
            finally:
                sys.stdout.flush()
                sys.stderr.flush()
                os._exit(code)
        _, status = os.waitpid(pid, 0)
        code = os.waitstatus_to_exitcode(status)
        print(f"{EXIT_MARK}{code}", flush=True)


if __name__ == "__main__":
    _serve(sys.argv[1])
