"""At most 100 findings of one code in one file, then one line saying how many more.

A whole column wrong in a 20,000-row month, or 2 MB of ``,x`` (a million cells in unnamed
columns), printed a finding each: a million lines nobody reads, built first at a cost of
gigabytes. ``check`` keeps the first 100 of each code in each file and counts the rest.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from bounded import check_bounded
from conftest import make_minimal_data

from generator.model import findings as findings_module
from generator.model.finding_limit import MAX_PER_CODE, FindingLimit
from generator.model.findings import Finding
from generator.rules.check import check

FULL_HEADER = ("项目编号,本月完成投资(万元),开工以来累计完成投资(万元),是否开工,形象进度,"
               "本月资金到位(万元),本月资金拨付(万元)\n")
MONTH = "data/progress/2025-02.csv"


def _finding(file: str, line: int, code: str = "not-a-number") -> Finding:
    return Finding.of(code, file, line, "completed", row=True, got="x")


def test_the_limit_keeps_the_first_of_each_code_in_each_file() -> None:
    limit = FindingLimit(limit=2)
    for line in range(2, 7):
        limit.add(_finding("a.csv", line))
    limit.add(_finding("b.csv", 2))
    limit.add(Finding.of("unknown-project", "a.csv", 9, "project", row=True, got="XC-9"))
    assert not limit.room("a.csv", "not-a-number") and limit.room("b.csv", "not-a-number")
    limit.leave_out("a.csv", "not-a-number", 40, row=True, count=10)
    assert [str(f) for f in limit.findings()][-1] == (
        "a.csv:row 4: 另有 13 处 [not-a-number] 未逐一列出 (each file lists the first 2 of each "
        "code) [findings-capped]"
    )
    assert [(f.file, f.line, f.code) for f in limit.findings()] == [
        ("a.csv", 2, "not-a-number"), ("a.csv", 3, "not-a-number"), ("b.csv", 2, "not-a-number"),
        ("a.csv", 9, "unknown-project"), ("a.csv", 4, "findings-capped"),
    ]


def test_warnings_left_out_are_summed_up_as_a_warning() -> None:
    limit = FindingLimit(limit=1)
    for line in (5, 8):
        limit.add(Finding.of("started-without-date", "p.yaml", line, "stage", stage="续建"))
    summary = limit.findings()[-1]
    assert (summary.code, summary.severity, summary.line) == ("warnings-capped", "warning", 8)


def test_a_column_wrong_in_every_row_lists_100_and_counts_the_rest(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = make_minimal_data(tmp_path)
    (root / "progress" / "2025-02.csv").write_text(
        FULL_HEADER + "XC-001,x,5000,z,管网,,\n" * 19_999, encoding="utf-8"
    )
    built: list[str] = []
    real_of = Finding.of.__func__  # type: ignore[attr-defined]

    def counted(cls: type[Finding], code: str, *args: object, **kwargs: object) -> Finding:
        built.append(code)
        return real_of(cls, code, *args, **kwargs)

    monkeypatch.setattr(findings_module.Finding, "of", classmethod(counted))
    dataset, found = check(root)
    assert dataset is None
    printed = [str(f) for f in found]
    assert len(printed) == 2 * MAX_PER_CODE + 2
    assert printed[-1] == (
        f"{MONTH}:row 102: 另有 19899 处 [not-yes-no] 未逐一列出 (each file lists the first 100 "
        "of each code) [findings-capped]"
    )
    assert (
        f"{MONTH}:row 102: 另有 19899 处 [not-a-number] 未逐一列出 (each file lists the first "
        "100 of each code) [findings-capped]"
    ) in printed
    assert sum(code == "not-a-number" for code in built) == MAX_PER_CODE  # the rest never built
    assert len(built) < 3 * MAX_PER_CODE


def test_a_million_cells_in_unnamed_columns_stay_readable_and_small(tmp_path: Path) -> None:
    root = make_minimal_data(tmp_path)
    (root / "progress" / "2025-02.csv").write_text(
        "项目编号,本月完成投资(万元)\nXC-001,5" + ",x" * 2_400_000 + "\n", encoding="utf-8"
    )
    # Before: 2.4 million lines, 25 s, 1.5 GB.
    run = check_bounded(root, seconds=60)
    assert run.returncode == 1
    assert len(run.stderr) == MAX_PER_CODE + 2
    assert run.stderr[0] == (
        f"{MONTH}:row 2: 另有 2399900 处 [unnamed-column-data] 未逐一列出 (each file lists the "
        "first 100 of each code) [findings-capped]"
    )
    assert run.seconds < 20 and run.peak_mib < 400
