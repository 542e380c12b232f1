"""The benchmark runs end to end at a tiny size (the real one is `make bench`, not a test)."""

from __future__ import annotations

import json
from pathlib import Path

from tools import bench


def test_bench_runs_at_thirty_projects(tmp_path: Path, capsys) -> None:
    results = tmp_path / "results.json"
    code = bench.main(["--sizes", "30", "--naive-sizes", "30", "--work", str(tmp_path / "work"),
                       "--results", str(results)])
    assert code == 0
    rows = json.loads(results.read_text("utf-8"))
    assert [r["n"] for r in rows] == [30]
    row = rows[0]
    for key in ("total_s", "peak_rss_mb", "site_mb", "largest_page_kb", "search_index_mb",
                "search_index_gz_mb", "incremental_s", "naive_s", "speedup_vs_naive"):
        assert isinstance(row[key], float) and row[key] > 0, key
    assert row["pages"]["internal"] > 30
    assert row["incremental_cache"]["internal"]["hit"] > 0
    assert "| 30 |" in capsys.readouterr().out
    assert not (tmp_path / "work" / "site-30").exists()  # cleaned up without --keep


def test_tree_memory_counts_this_process() -> None:
    import os

    assert bench._tree_rss(os.getpid()) > 10 * 2**20
