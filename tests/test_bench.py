"""The benchmark runs end to end at a tiny size (the real one is `make bench`, not a test)."""

from __future__ import annotations

import json
from pathlib import Path

from tools import bench


def test_bench_runs_at_thirty_projects(tmp_path: Path, capsys) -> None:
    results = tmp_path / "results.json"
    code = bench.main(["--sizes", "30", "--naive-sizes", "30", "--work", str(tmp_path / "work"),
                       "--results", str(results), "--no-sample"])
    assert code == 0
    rows = json.loads(results.read_text("utf-8"))
    assert [r["n"] for r in rows] == [30]
    row = rows[0]
    for key in ("total_s", "peak_rss_mb", "site_mb", "largest_page_kb", "search_index_mb",
                "search_index_gz_mb", "unchanged_s", "incremental_s", "naive_s",
                "speedup_vs_naive"):
        assert isinstance(row[key], float) and row[key] > 0, key
    assert row["pages"]["internal"] > 30
    assert row["incremental_cache"]["internal"]["hit"] > 0
    # One project changed: the rest of its pages came from the render memo.
    assert row["incremental_recalled"]["internal"] > row["pages"]["internal"] // 2
    out = capsys.readouterr().out
    assert "| 30 |" in out
    assert row["machine"]["commit"] != "unknown"  # the run names what it measured
    assert "| 10,000 projects, both sites, wall | ≤ 60 s | not run | — |" in out
    assert not (tmp_path / "work" / "site-30").exists()  # cleaned up without --keep


def test_tree_memory_counts_this_process() -> None:
    import os

    assert bench._tree_rss(os.getpid()) > 10 * 2**20


def test_targets_are_judged_from_the_rows() -> None:
    rows = [
        {"n": "sample", "full_s": 2.5, "one_change_s": 1.4, "preview_one_change_s": 0.9},
        {"n": 10000, "total_s": 58.0, "peak_rss_mb": 1600.0, "incremental_s": 9.0,
         "largest_page_kb": 45.0, "search_index_mb": 6.1},
        {"n": 20000, "total_s": 130.0, "peak_rss_mb": 3000.0},
    ]
    text = bench.targets(rows)
    assert "| 10,000 projects, both sites, wall | ≤ 60 s | 58.00 s | yes |" in text
    assert "| 10,000: peak memory of the process tree (PSS) | ≤ 1536 MB | 1600.00 MB | **no** |" \
        in text
    assert "| sample county: one project changed | ≤ 1 s | 1.40 s | **no** |" in text
    assert "| sample county: make serve shows one project changed | ≤ 1 s | 0.90 s | yes |" in text
    assert "| 20,000 against 10,000: wall time | ≤ 2.1 × | 2.24 × | **no** |" in text
    assert "| 20,000 against 10,000: peak memory | ≤ 2.1 × | 1.88 × | yes |" in text


def test_the_preview_row_times_a_rebuild_in_the_warm_engine(tmp_path: Path) -> None:
    """``make serve``'s case, at the minimal data's size: a first build, one project's YAML
    changed, the rebuild timed; the intranet only."""
    import argparse
    import shutil

    from conftest import make_minimal_data

    data = make_minimal_data(tmp_path / "made")
    shutil.copytree(data, tmp_path / "data")
    report = tmp_path / "preview.json"
    args = argparse.Namespace(data=str(tmp_path / "data"), out=str(tmp_path / "site"),
                              report=str(report))
    assert bench._preview_child(args) == 0
    measured = json.loads(report.read_text("utf-8"))
    assert len(measured["saves_s"]) == bench.PREVIEW_SAVES
    assert sorted(measured["saves_s"])[1] == measured["one_change_s"] < 120
    assert (tmp_path / "site" / "internal" / "index.html").is_file()
    assert not (tmp_path / "site" / "public").exists()
    changed = [p.read_text("utf-8").count("本月已更新")
               for p in (tmp_path / "data" / "projects").glob("*.yaml")]
    assert sorted(changed)[-2:] == [0, bench.PREVIEW_SAVES]  # one project, saved three times
