"""Time site engines on the same generated Markdown: ours (ProperDocs or MkDocs with the
hooks) against zensical. bench/README.md, "zensical", has the results and how to rerun.

Usage::

    python -m generator build --data /tmp/d2000 --out /tmp/s2000
    python -m tools.engine_bench /tmp/s2000/.work/internal /tmp/engines \\
        --engine properdocs --engine zensical=/tmp/zvenv/bin/zensical --rounds 2

Each engine gets its own copy of the site's docs folder. Ours keeps the build's config, hooks
and settings (``zd-build.json``, its page cache moved into the copy). zensical gets one flat
config (``zensical_config``): it reads neither our hooks nor Material's plugin options it does
not know, and the ``INHERIT`` merge of its YAML loader would append our search plugin to the
base config's instead of replacing it.

Per round, engine by engine (interleaved, so both see the same load): a cold build (no site,
no cache), a build with nothing changed, and a build after one project page changed. Each
time is wall and CPU (user + system of the engine's processes), with the load average
before it.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
STEPS = ("cold", "no change", "one page changed")
CHANGED_TEXT = "\n\n## 形象进度补记\n\n<p>主体结构封顶, 进入装饰装修阶段。</p>\n"


def flat_config(config_path: Path) -> dict[str, Any]:
    """The site's config with its ``INHERIT`` chain merged in, as MkDocs merges it."""
    config = yaml.safe_load(config_path.read_text("utf-8"))
    parent = config.pop("INHERIT", None)
    if parent is None:
        return config
    base = flat_config((config_path.parent / parent).resolve())
    return _merge(base, config)


def _merge(base: dict[str, Any], child: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in child.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value  # lists replace, as in MkDocs (plugins, nav)
    return out


def zensical_config(config: dict[str, Any], *, search: bool = True,
                    exclude: tuple[str, ...] = ()) -> dict[str, Any]:
    """A flat config zensical accepts for the same pages: our hooks dropped, its search plugin
    given only the options it knows (enabled, separator), offline kept; ``exclude`` adds
    gitignore-style patterns to ``exclude_docs``. The docs and site folders are ``docs`` and
    ``site`` beside the config: given absolute paths, zensical 0.0.73 panics
    ("invariant: Id(Format(Path(RootDir)))")."""
    out = {k: v for k, v in config.items() if k not in ("hooks", "plugins")}
    out["docs_dir"], out["site_dir"] = "docs", "site"
    plugins: dict[str, Any] = {}
    for entry in config.get("plugins", []):
        name, options = next(iter(entry.items())) if isinstance(entry, dict) else (entry, {})
        if name == "search":
            plugins["search"] = {"enabled": search}
            if "separator" in (options or {}):
                plugins["search"]["separator"] = options["separator"]
        elif name == "offline":
            plugins["offline"] = {"enabled": True}
    out["plugins"] = plugins
    if exclude:
        out["exclude_docs"] = "\n".join(exclude) + "\n"
    return out


class Engine:
    """One engine's copy of the pages, how to build it and what it caches."""

    def __init__(self, name: str, command: list[str], folder: Path, config: Path,
                 cache: Path) -> None:
        self.name, self.command, self.folder = name, command, folder
        self.config, self.cache, self.site = config, cache, folder / "site"

    def build(self, extra: list[str]) -> dict[str, Any]:
        load = os.getloadavg()[0]
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        began = time.perf_counter()
        proc = subprocess.run([*self.command, *extra], cwd=self.folder, capture_output=True,
                              text=True, env=dict(os.environ, PYTHONHASHSEED="0",
                                                  NO_MKDOCS_2_WARNING="1"))
        wall = time.perf_counter() - began
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
        html = sum(1 for _ in self.site.rglob("*.html")) if self.site.is_dir() else 0
        tail = (proc.stdout + proc.stderr).strip().splitlines()[-3:]
        return {"engine": self.name, "wall_s": round(wall, 2), "cpu_s": round(cpu, 2),
                "load": round(load, 2), "exit": proc.returncode, "html_files": html,
                "said": tail}


def prepare(work: Path, out: Path, engines: dict[str, str], *, search: bool,
            exclude: tuple[str, ...]) -> list[Engine]:
    """Copy the site's docs once per engine and write each engine's config."""
    ours = yaml.safe_load((work / "mkdocs.yml").read_text("utf-8"))
    prepared = []
    for name, program in engines.items():
        folder = out / name
        shutil.rmtree(folder, ignore_errors=True)
        shutil.copytree(work / "docs", folder / "docs")
        if name == "zensical":
            flat = zensical_config(flat_config(work / "mkdocs.yml"), search=search,
                                   exclude=exclude)
            path = folder / "mkdocs.yml"
            path.write_text(yaml.safe_dump(flat, allow_unicode=True, sort_keys=False), "utf-8")
            prepared.append(Engine(name, [program, "build", "-f", str(path)], folder, path,
                                   folder / ".cache"))
            continue
        # Ours: the build's own config and hook settings, pointed at this copy.
        config = dict(ours, docs_dir=str(folder / "docs"), site_dir=str(folder / "site"))
        path = folder / "mkdocs.yml"
        path.write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False), "utf-8")
        settings = json.loads((work / "zd-build.json").read_text("utf-8"))
        settings["cache"] = str(folder / "page-cache")
        (folder / "zd-build.json").write_text(json.dumps(settings, indent=1, sort_keys=True))
        prepared.append(Engine(name, [sys.executable, "-m", program, "build", "-q", "-f",
                                      str(path)], folder, path, folder / "page-cache"))
    return prepared


def project_page(docs: Path) -> Path:
    """The first project page in path order: the page every engine sees changed."""
    return sorted(docs.glob("projects/*/index.md"))[0]


def run(engines: list[Engine], rounds: int) -> list[dict[str, Any]]:
    results = []
    for round_ in range(1, rounds + 1):
        for step in STEPS:
            for engine in engines:
                page = project_page(engine.folder / "docs")
                if step == "cold":
                    shutil.rmtree(engine.site, ignore_errors=True)
                    shutil.rmtree(engine.cache, ignore_errors=True)
                    page.write_text(page.read_text("utf-8").replace(CHANGED_TEXT, ""), "utf-8")
                elif step == "one page changed":
                    page.write_text(page.read_text("utf-8") + CHANGED_TEXT, "utf-8")
                result = engine.build([])
                result.update(round=round_, step=step)
                results.append(result)
                print(json.dumps(result, ensure_ascii=False), flush=True)
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("work", type=Path, help="a built site's .work/<audience> folder")
    parser.add_argument("out", type=Path, help="folder for the engines' copies")
    parser.add_argument("--engine", action="append", default=[],
                        help="properdocs, mkdocs, or zensical=PATH-TO-ITS-COMMAND")
    parser.add_argument("--rounds", type=int, default=1)
    parser.add_argument("--no-search", action="store_true", help="zensical: search off")
    parser.add_argument("--exclude", action="append", default=[],
                        help="zensical: a docs pattern to leave out (gitignore style)")
    parser.add_argument("--prepare-only", action="store_true")
    args = parser.parse_args(argv)
    engines = {}
    for spec in args.engine or ["properdocs"]:
        name, _, program = spec.partition("=")
        engines[name] = program or name
    prepared = prepare(args.work.resolve(), args.out.resolve(), engines,
                       search=not args.no_search, exclude=tuple(args.exclude))
    if args.prepare_only:
        return 0
    results = run(prepared, args.rounds)
    (args.out / "results.json").write_text(json.dumps(results, ensure_ascii=False, indent=1))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
