"""Benchmark: build both sites from seeded synthetic data sets of growing size.

Usage::

    python -m tools.bench                          # the sample; N = 1,000, 5,000, 10,000
    python -m tools.bench --sizes 1000,5000 --naive-sizes 1000
    python -m tools.bench --with-20000             # and N = 20,000 (about 10 more minutes)

For each N it writes a data set (``tools.sample``, 36 monthly files), builds both
sites from scratch in a child process, changes one project's YAML and builds again (the
incremental rebuild), and, for the sizes in ``--naive-sizes``, builds the same data the
naive way: every page in the nav, stock MkDocs, no cache (stopped after
``--naive-timeout`` seconds). The shipped sample county (``data/``) is timed the same way:
full build, rebuild with nothing changed, rebuild after one project changed, and what
``make serve`` takes to show one project changed (the intranet alone, MkDocs kept loaded).
It prints a table, the targets with what was measured against each, and writes
``bench/results.json``.

Peak RSS is that of the whole process tree (the build, its forked site process and both
MkDocs processes), summed over processes and sampled from /proc four times a second, as PSS so
that memory a forked process still shares with its parent counts once; the ``getrusage``
maxima (largest single process) are in results.json beside it.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import platform
import resource
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import yaml

from generator.site.build import build_sites, warm_engine
from generator.site.serve import preview_build

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SIZES = (1000, 5000, 10000)
DEFAULT_NAIVE = (1000,)


# --- child: one build, reported as JSON ------------------------------------------------


def _child(args: argparse.Namespace) -> int:
    report = build_sites(Path(args.data), Path(args.out), mode=args.mode,
                         progress=lambda _: None)
    sites = {
        name: {
            "pages": s.pages, "project_pages": s.project_pages, "written": s.written,
            "render_s": s.render_seconds, "metrics_s": s.metrics_seconds,
            "mkdocs_s": s.seconds, "cache": s.cache, "recalled": s.recalled,
            "unchanged": s.unchanged,
        }
        for name, s in report.sites.items()
    }
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    out = {
        "timings": report.timings,
        "sites": sites,
        "counts": report.counts,
        "cpu_s": own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime,
        "maxrss_self_mb": own.ru_maxrss / 1024,
        "maxrss_children_mb": children.ru_maxrss / 1024,
    }
    Path(args.report).write_text(json.dumps(out, indent=1), "utf-8")
    return 0


PREVIEW_SAVES = 3  # the median of three saves: one rebuild of a few seconds is noisy here


def _preview_child(args: argparse.Namespace) -> int:
    """What ``make serve`` does after a save: the intranet alone, not zipped, MkDocs in a
    warm engine, after a first build; each rebuild after one project's YAML changed is
    timed, and the median reported."""
    data, out = Path(args.data), Path(args.out)
    engine = warm_engine()
    times = []
    try:
        preview_build(data, out, "internal", engine, lambda _: None)
        for _ in range(PREVIEW_SAVES):
            _touch_one_project(data)
            began = time.perf_counter()
            preview_build(data, out, "internal", engine, lambda _: None)
            times.append(time.perf_counter() - began)
    finally:
        engine.close()
    median = sorted(times)[len(times) // 2]
    Path(args.report).write_text(json.dumps({"one_change_s": median, "saves_s": times}),
                                 "utf-8")
    return 0


# --- parent: run children, sample memory, measure output -------------------------------


def _descendants(root: int) -> set[int]:
    """``root`` and every process below it, from the parent ids in /proc/*/stat."""
    parents: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as f:
                stat = f.read()
        except OSError:
            continue
        fields = stat[stat.rfind(b")") + 2:].split()
        parents[int(entry.name)] = int(fields[1])
    members = {root}
    changed = True
    while changed:
        changed = False
        for pid, ppid in parents.items():
            if ppid in members and pid not in members:
                members.add(pid)
                changed = True
    return members


def _tree_rss(root: int) -> int:
    """Memory (bytes) of ``root`` and all its descendants, summed."""
    return sum(_memory(pid) for pid in _descendants(root))


def _memory(pid: int) -> int:
    """Proportional set size: memory a forked process shares with its parent counts once."""
    try:
        with open(f"/proc/{pid}/smaps_rollup", "rb") as f:
            for line in f:
                if line.startswith(b"Pss:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    try:
        with open(f"/proc/{pid}/statm", "rb") as f:
            return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:
        return 0


def _run(command: list[str], timeout: float | None = None) -> tuple[float, int, int | None]:
    """Run ``command``; return (seconds, peak tree RSS bytes, exit code or None on timeout)."""
    env = dict(os.environ, PYTHONHASHSEED="0")
    began = time.perf_counter()
    proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, start_new_session=True)
    peak = [0]
    done = threading.Event()

    def sample() -> None:
        # Finding the tree reads every /proc/*/stat: once a second is enough, as processes
        # come and go rarely; their memory is read four times a second.
        members: set[int] = set()
        tick = 0
        while not done.is_set():
            if tick % 4 == 0:
                members = _descendants(proc.pid)
            peak[0] = max(peak[0], sum(_memory(pid) for pid in members))
            tick += 1
            done.wait(0.25)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    try:
        output, _ = proc.communicate(timeout=timeout)
        code: int | None = proc.returncode
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, 9)  # our own child's process group: the build and its MkDocs
        output, _ = proc.communicate()
        code = None
    done.set()
    sampler.join()
    seconds = time.perf_counter() - began
    if code not in (0, None):
        raise RuntimeError(f"{' '.join(command)} failed ({code}):\n{output[-4000:]}")
    return seconds, peak[0], code


def _build(data: Path, out: Path, mode: str, timeout: float | None = None) -> dict[str, Any]:
    report = out.parent / f"{out.name}-report.json"
    report.unlink(missing_ok=True)
    command = [sys.executable, "-m", "tools.bench", "--child", "--data", str(data),
               "--out", str(out), "--mode", mode, "--report", str(report)]
    seconds, peak, code = _run(command, timeout)
    if code is None:
        return {"timed_out": True, "wall_s": seconds, "peak_rss_mb": peak / 2**20}
    result = json.loads(report.read_text("utf-8"))
    result.update(timed_out=False, wall_s=seconds, peak_rss_mb=peak / 2**20)
    return result


def _size(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def _measure(out: Path) -> dict[str, Any]:
    pages = [p for site in ("public", "internal")
             for p in (out / site / "projects").glob("*/index.html")]
    largest = max(pages, key=lambda p: p.stat().st_size) if pages else None
    index = out / "public" / "search" / "search_index.json"
    internal_index = out / "internal" / "search" / "search_index.json"
    data = index.read_bytes() if index.is_file() else b""
    return {
        "site_mb": (_size(out / "public") + _size(out / "internal")) / 1e6,
        "public_mb": _size(out / "public") / 1e6,
        "internal_mb": _size(out / "internal") / 1e6,
        "zip_mb": _size(out / "internal.zip") / 1e6 if (out / "internal.zip").exists() else 0,
        "largest_page_kb": largest.stat().st_size / 1000 if largest else 0,
        "largest_page": str(largest.relative_to(out)) if largest else "",
        "search_index_mb": len(data) / 1e6,
        "search_index_gz_mb": len(gzip.compress(data, 6, mtime=0)) / 1e6,
        "internal_search_index_mb": _size(internal_index) / 1e6 if internal_index.exists()
        else 0,
    }


def _touch_one_project(data: Path) -> str:
    """Change one project's YAML the way an editor would: its 形象进度 text."""
    files = sorted((data / "projects").glob("*.yaml"))
    path = files[len(files) // 2]
    doc = yaml.safe_load(path.read_text("utf-8"))
    doc["progress"] = (doc.get("progress") or "") + "（本月已更新）"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), "utf-8")
    return path.stem


def bench_one(n: int, work: Path, *, months: int, seed: int, naive: bool,
              naive_timeout: float, incremental: bool, log: Any) -> dict[str, Any]:
    data = work / f"data-{n}"
    out = work / f"site-{n}"
    shutil.rmtree(data, ignore_errors=True)
    shutil.rmtree(out, ignore_errors=True)
    log(f"N={n}: generating data …")
    gen_s, _, _ = _run([sys.executable, "-m", "tools.sample", str(data), "--n", str(n),
                        "--months", str(months), "--seed", str(seed)])
    log(f"N={n}: full build …")
    cold = _build(data, out, "fast")
    row: dict[str, Any] = {"n": n, "months": months, "generation_s": gen_s}
    sites = cold["sites"]
    row.update(
        validation_s=cold["timings"]["check"],
        metrics_s=sum(s["metrics_s"] for s in sites.values()),
        rendering_s=sum(s["render_s"] - s["metrics_s"] for s in sites.values()),
        mkdocs_public_s=sites.get("public", {}).get("mkdocs_s"),
        mkdocs_internal_s=sites.get("internal", {}).get("mkdocs_s"),
        zip_s=cold["timings"].get("zip", 0.0),
        total_s=cold["wall_s"],
        build_s=cold["timings"]["total"],
        cpu_s=cold["cpu_s"],
        peak_rss_mb=cold["peak_rss_mb"],
        maxrss_single_mb=max(cold["maxrss_self_mb"], cold["maxrss_children_mb"]),
        pages={k: s["pages"] for k, s in sites.items()},
    )
    row.update(_measure(out))
    if incremental:
        log(f"N={n}: rebuild with nothing changed …")
        same = _build(data, out, "fast")
        row.update(unchanged_s=same["wall_s"], unchanged_peak_rss_mb=same["peak_rss_mb"])
        code = _touch_one_project(data)
        log(f"N={n}: rebuild after changing {code} …")
        again = _build(data, out, "fast")
        row.update(
            incremental_s=again["wall_s"],
            incremental_project=code,
            incremental_cache={k: s["cache"] for k, s in again["sites"].items()},
            incremental_phases={
                "validation_s": again["timings"]["check"],
                **{f"render_{k}_s": s["render_s"] for k, s in again["sites"].items()},
                **{f"mkdocs_{k}_s": s["mkdocs_s"] for k, s in again["sites"].items()},
            },
            incremental_peak_rss_mb=again["peak_rss_mb"],
            incremental_recalled={k: s["recalled"] for k, s in again["sites"].items()},
        )
    if naive:
        log(f"N={n}: naive build (every page in the nav, no cache; limit {naive_timeout:.0f}s) …")
        naive_out = work / f"naive-{n}"
        shutil.rmtree(naive_out, ignore_errors=True)
        plain = _build(data, naive_out, "naive", timeout=naive_timeout)
        row["naive_timed_out"] = plain["timed_out"]
        row["naive_s"] = plain["wall_s"]
        row["naive_peak_rss_mb"] = plain["peak_rss_mb"]
        if not plain["timed_out"]:
            row["naive_site_mb"] = _measure(naive_out)["site_mb"]
        row["speedup_vs_naive"] = plain["wall_s"] / row["total_s"]
        shutil.rmtree(naive_out, ignore_errors=True)
    return row


def bench_sample(work: Path, log: Any) -> dict[str, Any]:
    """The county a user adopts first: the shipped ``data/`` (64 projects), built from
    scratch, again with nothing changed, and again after one project's YAML changed."""
    data = work / "data-sample"
    out = work / "site-sample"
    shutil.rmtree(data, ignore_errors=True)
    shutil.rmtree(out, ignore_errors=True)
    shutil.copytree(ROOT / "data", data)
    log("sample: full build …")
    cold = _build(data, out, "fast")
    log("sample: rebuild with nothing changed …")
    same = _build(data, out, "fast")
    code = _touch_one_project(data)
    log(f"sample: rebuild after changing {code} …")
    again = _build(data, out, "fast")
    shutil.rmtree(data, ignore_errors=True)
    shutil.rmtree(out, ignore_errors=True)
    shutil.copytree(ROOT / "data", data)
    log("sample: preview (make serve), rebuild after one change …")
    report = work / "preview-report.json"
    subprocess.run([sys.executable, "-m", "tools.bench", "--preview-child", "--data", str(data),
                    "--out", str(out), "--report", str(report)], cwd=ROOT, check=True)
    preview = json.loads(report.read_text("utf-8"))
    shutil.rmtree(data, ignore_errors=True)
    shutil.rmtree(out, ignore_errors=True)
    return {"n": "sample", "projects": cold["counts"]["projects"], "full_s": cold["wall_s"],
            "full_cpu_s": cold["cpu_s"], "unchanged_s": same["wall_s"],
            "one_change_s": again["wall_s"], "one_change_cpu_s": again["cpu_s"],
            "preview_one_change_s": preview["one_change_s"], "preview_saves_s": preview["saves_s"],
            "peak_rss_mb": cold["peak_rss_mb"]}


# --- report ----------------------------------------------------------------------------


def machine() -> dict[str, str]:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        free = subprocess.run(["free", "-h"], capture_output=True, text=True).stdout.strip()
    except OSError:
        free = ""
    try:
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT,
                                capture_output=True, text=True).stdout.strip()
    except OSError:
        commit = ""
    return {"nproc": str(os.cpu_count()), "cpu": cpu or platform.processor(), "free": free,
            "python": platform.python_version(), "commit": commit or "unknown",
            "loadavg": " ".join(f"{x:.2f}" for x in os.getloadavg())}


def _f(value: Any, fmt: str = "{:.1f}") -> str:
    return "—" if value is None else fmt.format(value)


# (what, limit, unit, how it is read off the rows); bench/README.md discusses each.
TARGETS = (
    ("10,000 projects, both sites, wall", 60.0, "s", lambda r: r[10000]["total_s"]),
    ("10,000: peak memory of the process tree (PSS)", 1536.0, "MB",
     lambda r: r[10000]["peak_rss_mb"]),
    ("10,000: rebuild after one project's YAML changed", 10.0, "s",
     lambda r: r[10000]["incremental_s"]),
    ("sample county: full build", 3.0, "s", lambda r: r["sample"]["full_s"]),
    ("sample county: one project changed", 1.0, "s", lambda r: r["sample"]["one_change_s"]),
    ("sample county: make serve shows one project changed", 1.0, "s",
     lambda r: r["sample"]["preview_one_change_s"]),
    ("10,000: largest project page", 60.0, "KB", lambda r: r[10000]["largest_page_kb"]),
    ("10,000: public search index", 10.0, "MB", lambda r: r[10000]["search_index_mb"]),
    ("20,000 against 10,000: wall time", 2.1, "×",
     lambda r: r[20000]["total_s"] / r[10000]["total_s"]),
    ("20,000 against 10,000: peak memory", 2.1, "×",
     lambda r: r[20000]["peak_rss_mb"] / r[10000]["peak_rss_mb"]),
)


def targets(rows: list[dict[str, Any]]) -> str:
    """Each target, what this run measured, and whether it holds ("not run" without the
    sizes it needs)."""
    by_n = {r["n"]: r for r in rows}
    lines = ["| target | limit | measured | holds |", "|---|---|---|---|"]
    for what, limit, unit, read in TARGETS:
        try:
            value = read(by_n)
        except (KeyError, TypeError, ZeroDivisionError):
            lines.append(f"| {what} | ≤ {limit:g} {unit} | not run | — |")
            continue
        verdict = "yes" if value <= limit else "**no**"
        lines.append(f"| {what} | ≤ {limit:g} {unit} | {value:.2f} {unit} | {verdict} |")
    return "\n".join(lines)


def sample_table(row: dict[str, Any]) -> str:
    preview = row.get("preview_one_change_s")
    return ("| data | projects | full build s (CPU s) | nothing changed s | one project changed s"
            " (CPU s) | make serve, one project changed s (median of 3) | peak RSS MB |\n"
            "|---|---|---|---|---|---|---|\n"
            f"| data/ (sample) | {row['projects']} | {row['full_s']:.1f} ({row['full_cpu_s']:.1f})"
            f" | {row['unchanged_s']:.1f} | {row['one_change_s']:.1f}"
            f" ({row['one_change_cpu_s']:.1f}) | {_f(preview)} | {row['peak_rss_mb']:.0f} |")


def table(rows: list[dict[str, Any]]) -> str:
    head = ["N", "generation s", "validation s", "metrics s", "rendering s", "MkDocs public s",
            "MkDocs internal s", "total wall s", "CPU s", "peak RSS MB (tree)", "site MB",
            "largest project page KB", "public search index MB (gzip)",
            "rebuild, nothing changed s", "rebuild after 1 change s", "naive s",
            "speed-up vs naive"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in rows:
        naive = r.get("naive_s")
        naive_text = (f"> {naive:.0f} (stopped)" if r.get("naive_timed_out") else _f(naive)) \
            if naive is not None else "not run"
        ratio = r.get("speedup_vs_naive")
        ratio_text = "—" if ratio is None else (f"> {ratio:.1f}×" if r.get("naive_timed_out")
                                                 else f"{ratio:.1f}×")
        lines.append("| " + " | ".join([
            f"{r['n']:,}", _f(r["generation_s"]), _f(r["validation_s"]), _f(r["metrics_s"]),
            _f(r["rendering_s"]), _f(r["mkdocs_public_s"]), _f(r["mkdocs_internal_s"]),
            _f(r["total_s"]), _f(r.get("cpu_s")), _f(r["peak_rss_mb"], "{:.0f}"),
            _f(r["site_mb"], "{:.0f}"), _f(r["largest_page_kb"]),
            f"{r['search_index_mb']:.2f} ({r['search_index_gz_mb']:.2f})",
            _f(r.get("unchanged_s")), _f(r.get("incremental_s")), naive_text, ratio_text,
        ]) + " |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.bench", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default=",".join(map(str, DEFAULT_SIZES)),
                        help="project counts, comma-separated (default 1000,5000,10000)")
    parser.add_argument("--naive-sizes", default=",".join(map(str, DEFAULT_NAIVE)),
                        help="sizes at which to build the naive way too ('' for none)")
    parser.add_argument("--naive-timeout", type=float, default=900.0)
    parser.add_argument("--with-20000", action="store_true",
                        help="also N = 20,000, to compare with 10,000 (not in the defaults)")
    parser.add_argument("--no-sample", action="store_true",
                        help="skip the shipped sample county")
    parser.add_argument("--no-incremental", action="store_true")
    parser.add_argument("--months", type=int, default=36)
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--work", type=Path, default=ROOT / "build" / "bench",
                        help="where data sets and sites go (default build/bench)")
    parser.add_argument("--results", type=Path, default=ROOT / "bench" / "results.json")
    parser.add_argument("--keep", action="store_true", help="keep data and sites afterwards")
    # Internal: one build in a child process.
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--preview-child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--data", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    parser.add_argument("--mode", default="fast", help=argparse.SUPPRESS)
    parser.add_argument("--report", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        return _child(args)
    if args.preview_child:
        return _preview_child(args)
    sizes = [int(x) for x in args.sizes.split(",") if x.strip()]
    if args.with_20000 and 20000 not in sizes:
        sizes.append(20000)
    naive = {int(x) for x in args.naive_sizes.split(",") if x.strip()}
    args.work.mkdir(parents=True, exist_ok=True)

    def log(message: str) -> None:
        print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)

    info = machine()
    rows: list[dict[str, Any]] = []
    if not args.no_sample:
        load_before = machine()["loadavg"]
        row = bench_sample(args.work, log)
        row["machine"] = {**info, "loadavg_before": load_before,
                          "loadavg": machine()["loadavg"]}
        rows.append(row)
    for n in sizes:
        load_before = machine()["loadavg"]
        row = bench_one(n, args.work, months=args.months, seed=args.seed, naive=n in naive,
                        naive_timeout=args.naive_timeout, incremental=not args.no_incremental,
                        log=log)
        row["machine"] = {**info, "loadavg_before": load_before, "loadavg": machine()["loadavg"]}
        rows.append(row)
        args.results.parent.mkdir(parents=True, exist_ok=True)
        args.results.write_text(json.dumps(rows, indent=1, ensure_ascii=False) + "\n",
                                "utf-8")
        if not args.keep:
            shutil.rmtree(args.work / f"data-{n}", ignore_errors=True)
            shutil.rmtree(args.work / f"site-{n}", ignore_errors=True)
    print(f"machine: {info['nproc']} cores, {info['cpu']}, Python {info['python']}; "
          f"commit {info['commit']}")
    for row in rows:
        m = row["machine"]
        print(f"  N={row['n']}: load average before {m['loadavg_before']}, after {m['loadavg']}")
    sample = [r for r in rows if r["n"] == "sample"]
    if sample:
        print(sample_table(sample[0]))
    print(table([r for r in rows if r["n"] != "sample"]))
    print()
    print(targets(rows))
    print(f"results: {args.results}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
