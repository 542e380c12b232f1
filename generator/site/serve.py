"""Preview a site while its data is edited: build, serve, and build again on every change.

``make serve`` runs this. A department clerk edits a file in data/ (or a page in content/),
saves, and refreshes the browser: the build after one change reuses every page whose inputs
did not change (the render memo) and keeps a site whose docs did not change, so the new
site is there in seconds. A change with errors prints its findings and the last good site
stays served.
"""

from __future__ import annotations

import functools
import http.server
import os
import threading
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from generator.model.findings import DataErrors
from generator.rules.visibility import Audience
from generator.site.warm_engine import WarmEngine

if TYPE_CHECKING:  # build imports pandas and the renderers: loaded when the preview starts
    from generator.site.build import BuildReport

State = dict[str, tuple[int, int]]


def snapshot(roots: Iterable[Path]) -> State:
    """Every file under ``roots`` with its size and modification time: cheap to take every
    half second, and any save changes it."""
    state: State = {}
    for root in roots:
        stack = [str(root)]
        while stack:
            folder = stack.pop()
            try:
                entries = list(os.scandir(folder))
            except OSError:
                continue
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    stack.append(entry.path)
                elif entry.is_file(follow_symlinks=False):
                    info = entry.stat(follow_symlinks=False)
                    state[entry.path] = (info.st_size, info.st_mtime_ns)
    return state


def changed(before: State, after: State) -> list[str]:
    """The files added, removed or saved between two snapshots, sorted."""
    return sorted(path for path in before.keys() | after.keys()
                  if before.get(path) != after.get(path))


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass  # one line per request would bury the build's own messages


def preview_build(data: Path, out: Path, audience: Audience, engine: WarmEngine | None,
                  progress: Callable[[str], None]) -> BuildReport:
    """One build as the preview makes it: only the site shown, no internal.zip, MkDocs in
    the warm ``engine``. (``make bench`` times this too.)"""
    from generator.site.build import build_sites

    return build_sites(data, out, audiences=(audience,), progress=progress, engine=engine,
                       zip_internal=False)


def serve(data: Path, out: Path, *, watch: Iterable[Path], audience: Audience = "internal",
          host: str = "127.0.0.1", port: int = 8000, interval: float = 0.5,
          build: Callable[[], object] | None = None,
          say: Callable[[str], None] = print, stop: threading.Event | None = None) -> int:
    """Build, serve ``out/<audience>`` at http://host:port/, rebuild when a file under
    ``watch`` changes; until ``stop`` is set (or Ctrl-C).

    Only the site served is built, and internal.zip is not: the other site stays as the
    last ``make site`` left it, and that build brings it up to date (its docs differ from
    what it was built from) and makes the zip again (a rebuilt intranet takes it away)."""
    from generator.site.build import warm_engine

    engine = warm_engine() if build is None else None

    def rebuild() -> bool:
        try:
            if build is not None:
                build()
            else:
                preview_build(data, out, audience, engine, say)
        except DataErrors as exc:
            for finding in exc.findings:
                say(str(finding))
            say(f"数据校验未通过, 仍显示上次的站点: {len(exc.errors)} 个错误 "
                "(data check failed; the last good site is still served)")
            return False
        except RuntimeError as exc:
            say(f"构建失败, 仍显示上次的站点 (build failed; the last good site is still "
                f"served): {exc}")
            return False
        return True

    roots = list(watch)
    server: http.server.ThreadingHTTPServer | None = None
    try:  # Ctrl-C during the first build, too, stops the engine and says nothing more
        state = snapshot(roots)
        rebuild()
        site = out / audience
        # The directory is a name, looked up per request: each build swaps a new folder in.
        handler = functools.partial(_Quiet, directory=str(site))
        server = http.server.ThreadingHTTPServer((host, port), handler)
        thread = threading.Thread(target=server.serve_forever, daemon=True)
        thread.start()
        say(f"预览 {audience} 站点: http://{host}:{server.server_address[1]}/ — 保存 "
            f"{', '.join(str(r) for r in roots)} 中的文件后刷新浏览器即可 (Ctrl-C 退出)。"
            "预览只构建这一个站点; 发布前请运行 make site")
        stop = stop or threading.Event()
        while not stop.wait(interval):
            now = snapshot(roots)
            files = changed(state, now)
            if not files:
                continue
            state = now
            shown = ", ".join(files[:3]) + (f" 等 {len(files)} 个文件" if len(files) > 3 else "")
            say(f"已修改: {shown}; 重新构建 …")
            began = time.perf_counter()
            if rebuild():
                say(f"已更新, 用时 {time.perf_counter() - began:.1f}s; 刷新浏览器即可看到")
            # ``state`` is what was there before this build: a file saved while it ran
            # differs from it, and builds again.
    except KeyboardInterrupt:
        pass
    finally:
        if server is not None:
            server.shutdown()
            server.server_close()
        if engine is not None:
            engine.close()
    return 0
