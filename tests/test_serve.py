"""make serve: the site is served, and saving a data file rebuilds it; bad data keeps the
last good site."""

from __future__ import annotations

import shutil
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from generator.model.findings import DataErrors
from generator.site.serve import changed, serve, snapshot


def test_snapshot_sees_saves_additions_and_removals(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x.yaml").write_text("1", "utf-8")
    before = snapshot([tmp_path])
    (tmp_path / "a" / "x.yaml").write_text("22", "utf-8")
    (tmp_path / "y.csv").write_text("", "utf-8")
    after = snapshot([tmp_path])
    assert changed(before, after) == sorted([str(tmp_path / "a" / "x.yaml"),
                                             str(tmp_path / "y.csv")])
    (tmp_path / "y.csv").unlink()
    assert changed(after, snapshot([tmp_path])) == [str(tmp_path / "y.csv")]


def test_a_saved_file_rebuilds_and_the_new_site_is_served(tmp_path: Path) -> None:
    """The build is a stand-in that writes the site the way a build swaps it in; the
    server must serve the new folder, and keep the old one when the build fails."""
    data, out = tmp_path / "data", tmp_path / "site"
    data.mkdir()
    (data / "site.yaml").write_text("v1", "utf-8")
    builds: list[str] = []

    def build() -> None:
        text = (data / "site.yaml").read_text("utf-8")
        if text == "bad":
            raise DataErrors([])
        fresh = out / ".building"
        fresh.mkdir(parents=True)
        (fresh / "index.html").write_text(text, "utf-8")
        if (out / "internal").exists():
            shutil.rmtree(out / ".old", ignore_errors=True)
            (out / "internal").rename(out / ".old")
        fresh.rename(out / "internal")
        builds.append(text)

    said: list[str] = []
    stop = threading.Event()
    thread = threading.Thread(target=serve, args=(data, out), kwargs=dict(
        watch=[data], port=0, interval=0.05, build=build, say=said.append, stop=stop))
    thread.start()
    try:
        url = _wait_for_url(said)
        assert _get(url) == "v1"
        for text, shown in (("v2", "v2"), ("bad", "v2"), ("v3", "v3")):
            heard = len(said)
            # Saved whole at once: a build that reads a half-written file builds again
            # after the save, but the test would have looked in between.
            (data / "site.tmp").write_text(text, "utf-8")
            (data / "site.tmp").replace(data / "site.yaml")
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline and not _settled(said[heard:]):
                time.sleep(0.05)
            assert _get(url) == shown, text
    finally:
        stop.set()
        thread.join(10)
    assert builds == ["v1", "v2", "v3"]
    assert any("仍显示上次的站点" in line for line in said)


def _settled(lines: list[str]) -> bool:
    """A rebuild since the save has finished, well or not."""
    return any("已更新" in line or "仍显示上次的站点" in line for line in lines)


def _wait_for_url(said: list[str]) -> str:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        for line in said:
            if "http://" in line:
                return line.split("http://", 1)[1].split("/", 1)[0]
        time.sleep(0.02)
    raise AssertionError(f"the server did not start: {said}")


def _get(host: str) -> str:
    with urllib.request.urlopen(f"http://{host}/index.html", timeout=5) as response:
        return response.read().decode("utf-8")


def test_the_preview_builds_only_the_site_it_serves(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """A clerk previewing the public site waits for that site alone: the real build is
    asked for one audience."""
    import generator.site.build as build_module

    asked: list[tuple[str, ...]] = []

    def build_sites(data: Path, out: Path, *, audiences: tuple[str, ...], **kwargs: object) -> None:
        asked.append(audiences)
        (out / "public").mkdir(parents=True, exist_ok=True)
        (out / "public" / "index.html").write_text("ok", "utf-8")

    monkeypatch.setattr(build_module, "build_sites", build_sites)
    said: list[str] = []
    stop = threading.Event()
    thread = threading.Thread(target=serve, args=(tmp_path / "data", tmp_path / "site"), kwargs=dict(
        watch=[tmp_path], audience="public", port=0, interval=0.05, say=said.append, stop=stop))
    thread.start()
    try:
        assert _get(_wait_for_url(said)) == "ok"
    finally:
        stop.set()
        thread.join(10)
    assert asked == [("public",)]
    assert any("make site" in line for line in said)


def _tiny_site(root: Path, hooks: str = "") -> Path:
    (root / "docs").mkdir(parents=True)
    (root / "docs" / "index.md").write_text("# 首页\n", "utf-8")
    config = root / "mkdocs.yml"
    config.write_text("site_name: 试\nsite_dir: out\ntheme:\n  name: material\n" + hooks, "utf-8")
    return config


def test_a_failed_build_in_the_warm_engine_is_reported_and_the_next_one_runs(
        tmp_path: Path) -> None:
    """A build that fails in the engine's child gives its status and output; the engine
    itself carries on and builds the next request."""
    from generator.site.build import warm_engine

    engine = warm_engine()
    try:
        lines: list[str] = []
        missing = tmp_path / "nothing.yml"
        assert engine.build(missing, {}, lines.append) != 0
        assert any("nothing.yml" in line for line in lines)
        config = _tiny_site(tmp_path)
        assert engine.build(config, {"SOURCE_DATE_EPOCH": "0"}, lines.append) == 0
        assert (tmp_path / "out" / "index.html").is_file()
    finally:
        engine.close()


def test_the_warm_engine_prints_what_ended_a_build_and_outlives_its_death(
        tmp_path: Path) -> None:
    """An error inside a build is printed as a cold run prints it (the child leaves by
    os._exit, which prints nothing itself); a killed engine process is started again."""
    from generator.site.build import warm_engine

    (tmp_path / "boom.py").write_text(
        "def on_post_build(config):\n    raise KeyError('boom-in-hook')\n", "utf-8")
    failing = _tiny_site(tmp_path / "a", f"hooks:\n  - {tmp_path / 'boom.py'}\n")
    fine = _tiny_site(tmp_path / "b")
    engine = warm_engine()
    try:
        lines: list[str] = []
        assert engine.build(failing, {}, lines.append) != 0
        text = "".join(lines)
        assert "KeyError" in text and "boom-in-hook" in text and "Traceback" in text
        engine._proc.kill()
        engine._proc.wait()
        assert engine.build(fine, {"SOURCE_DATE_EPOCH": "0"}, lines.append) == 0
        assert (tmp_path / "b" / "out" / "index.html").is_file()
    finally:
        engine.close()


def test_a_build_whose_engine_ended_fails_with_the_reason(tmp_path: Path) -> None:
    from datetime import date

    from generator.site.build import run_mkdocs

    class Ended:
        def build(self, *args: object) -> int:
            raise RuntimeError("site engine process ended (status -9)")

    with pytest.raises(RuntimeError, match="status -9"):
        run_mkdocs({"internal": tmp_path / "mkdocs.yml"}, date(2025, 10, 31), lambda _: None,
                   Ended())  # type: ignore[arg-type]
