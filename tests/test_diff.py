"""The change report: two commits of data in a temporary git repository, and what it says."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from conftest import make_minimal_data

from generator.__main__ import main
from generator.history.changes import (
    Count,
    FieldChange,
    Item,
    MonthJump,
    Note,
    OverTotal,
    compare,
    report_between,
)
from generator.history.git import GitError, export_data
from generator.inputs.load import load_dataset
from generator.present.changes import (
    FLAG_NAMES,
    _code,
    _text,
    flag_message,
    note_text,
    render_markdown,
)

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")

HEADER = "项目编号,本月完成投资(万元),开工以来累计完成投资(万元),是否开工,形象进度\n"
NEW_PROJECT = """\
code: XC-003
name: "城关镇@team 老旧小区<script>改造</script>"
level: 县重点
domain: 新型城镇化
stage: 前期
township: 城关镇
owner: 示例县城市建设投资有限公司
department: 示例县住房和城乡建设局
government_invested: true
total_investment: 8000
annual_plan:
  2025: 2000
"""


def git(repo: Path, *args: str) -> str:
    result = subprocess.run(
        [
            "git",
            "-C",
            str(repo),
            "-c",
            "user.name=test",
            "-c",
            "user.email=test@example.com",
            "-c",
            "commit.gpgsign=false",
            *args,
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    return result.stdout.strip()


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new), encoding="utf-8")


def make_april_update(data: Path) -> None:
    """The second commit: a new month, a new project, revisions and some suspicious edits."""
    edit(data / "site.yaml", "report_date: 2025-03-31", "report_date: 2025-04-30")
    project = data / "projects" / "XC-001.yaml"
    edit(project, "stage: 续建", "stage: 新开工")  # backwards
    edit(project, "total_investment: 12000", "total_investment: 15000")
    edit(project, "scale: 改造供水管网 35 公里。\n", "")  # a filled field emptied
    edit(
        project, "    amount: 4000\n", "    amount: 5000\n  - source: 银行贷款\n    amount: 2000\n"
    )
    edit(project, "  2025: 5000", "  2025: 6000\n  2026: 4000")
    (data / "projects" / "XC-003.yaml").write_text(NEW_PROJECT, encoding="utf-8")
    (data / "progress" / "2025-03.csv").write_text(
        HEADER + "XC-001,650,5650,是,主管网铺设完成六成\nXC-002,0,,否,\n", encoding="utf-8"
    )
    (data / "progress" / "2025-04.csv").write_text(
        HEADER + "XC-001,5000,5400,是,主管网铺设完成八成\nXC-002,0,,否,可研批复\n"
        "XC-003,10,,否,方案设计\n",
        encoding="utf-8",
    )


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    make_minimal_data(root)
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "March data")
    make_april_update(root / "data")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "April data")
    return root


def test_report_between_two_commits(repo: Path) -> None:
    report = report_between(repo / "data", "HEAD~1", "HEAD")
    text = render_markdown(report)
    base, head = git(repo, "rev-parse", "HEAD~1")[:10], git(repo, "rev-parse", "HEAD")[:10]
    assert text.startswith("<!-- zdxm-data-diff -->\n## 数据变更报告 (data change report)\n")
    assert f"对比 `HEAD~1 ({base})` → `HEAD ({head})`" in text
    # the head has one validation error (cumulative falls from March to April): said, not hidden
    assert "> 变更后的数据有 1 个校验错误 (详见 make check); 无法读取的文件未计入本报告" in text

    flags = text.split("### ⚠️ 需要核实 (5)\n\n", 1)[1].split("\n\n", 1)[0].splitlines()
    assert flags == [
        "- **累计完成投资减少** `XC-001` 示例县城区供水管网改造工程: 开工以来累计 5,600 → 5,400 万元",
        "- **阶段倒退** `XC-001` 示例县城区供水管网改造工程: 续建 → 新开工",
        "- **单月完成过大** `XC-001` 示例县城区供水管网改造工程: 2025-04 完成 5,000 万元, "
        "占总投资 33% (超过 30%)",
        "- **已填内容被清空** `XC-001` 示例县城区供水管网改造工程: 建设内容和规模 (`scale`)",
        "- **已填内容被清空** `XC-002` 新镇农产品冷链物流中心: 2025-03 月度数据 形象进度",
    ]
    assert "| 项目数 | 2 | 3 | +1 |" in text
    assert "| 总投资合计(万元) | 42,000 | 53,000 | +11,000 |" in text
    assert "| 2025年计划投资合计(万元) | 11,000 | 14,000 | +3,000 |" in text
    assert "| 2025年完成投资合计(万元) | 600 | 5,660 | +5,060 |" in text

    assert [f.kind for f in report.flags] == [
        "cumulative-decrease",
        "stage-back",
        "month-jump",
        "emptied",
        "emptied",
    ]
    assert report.counts[0] == Count("projects", 2, 3)
    xc001 = report.changed[0]
    assert FieldChange(("funding", Item("企业自筹"), "amount"), 4000.0, 5000.0) in xc001.fields
    assert FieldChange(("annual_plan", "2026"), None, 4000.0) in xc001.fields
    assert xc001.fields[-1] == FieldChange(("scale",), "改造供水管网 35 公里。", None)
    assert xc001.fields[-1].emptied

    assert (
        "### 新增项目 (1)\n\n- `XC-003` 城关镇@\u200bteam 老旧小区&lt;script&gt;改造&lt;/script&gt; "
        "— 县重点 · 新型城镇化 · 前期 · 总投资 8,000 万元"
    ) in text
    changed = text.split("#### `XC-001` 示例县城区供水管网改造工程\n\n", 1)[1].split("\n\n", 1)[0]
    assert changed.splitlines() == [
        "- 建设阶段 (`stage`): `续建` → `新开工`",
        "- 总投资(万元) (`total_investment`): `12,000` → `15,000`",
        "- 资金来源 › 企业自筹 › 金额(万元) (`funding[企业自筹].amount`): `4,000` → `5,000`",
        "- 资金来源 › 银行贷款 (`funding[银行贷款]`): （空） → `银行贷款 2,000`",
        "- 年度计划投资(万元) › 2025年 (`annual_plan[2025]`): `5,000` → `6,000`",
        "- 年度计划投资(万元) › 2026年 (`annual_plan[2026]`): （空） → `4,000`",
        "- 建设内容和规模 (`scale`): `改造供水管网 35 公里。` → （空）",
    ]
    assert (
        "### 站点配置 (site.yaml)\n\n- 报告日期 (`report_date`): `2025-03-31` → `2025-04-30`"
        in text
    )
    monthly = text.split("### 月度数据\n\n", 1)[1].strip().splitlines()
    assert monthly == [
        "- 新增月份 2025-04: 3 个项目, 本月完成投资合计 5,010 万元",
        "- 修订 2025-03 `XC-001` 修改: 本月完成投资(万元) `600` → `650`",
        "- 修订 2025-03 `XC-001` 修改: 开工以来累计完成投资(万元) `5,600` → `5,650`",
        "- 修订 2025-03 `XC-002` 修改: 形象进度 `可研报告编制中` → （空）",
    ]


def test_jump_share_is_a_parameter(repo: Path) -> None:
    report = report_between(repo / "data", "HEAD~1", "HEAD", jump_share=0.5)
    assert [f.kind for f in report.flags] == [
        "cumulative-decrease",
        "stage-back",
        "emptied",
        "emptied",
    ]


def test_cli_writes_the_report_and_defaults_to_the_working_tree(
    repo: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(repo)
    edit(repo / "data" / "projects" / "XC-002.yaml", "stage: 前期", "stage: 新开工")
    assert main(["diff", "--base", "HEAD", "--out", "build/diff.md"]) == 0
    text = (repo / "build" / "diff.md").read_text(encoding="utf-8")
    assert "对比 `HEAD (" in text and "→ `工作区 (working tree)`" in text
    assert "- 建设阶段 (`stage`): `前期` → `新开工`" in text
    assert "变更报告已写入 build/diff.md (0 项需要核实)" in capsys.readouterr().err


def test_no_change(repo: Path) -> None:
    text = render_markdown(report_between(repo / "data", "HEAD", "HEAD"))
    assert text.endswith("数据没有变化。\n")


def test_base_without_data_counts_everything_as_added(tmp_path: Path) -> None:
    root = tmp_path / "repo"
    root.mkdir()
    git(root, "init", "-q", "-b", "main")
    (root / "README.md").write_text("empty\n", encoding="utf-8")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "start")
    make_minimal_data(root)
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "data")
    report = report_between(root / "data", "HEAD~1", "HEAD")
    assert [p.code for p in report.added] == ["XC-001", "XC-002"]
    assert report.notes == [Note("no-data", rev="HEAD~1", path="data")]
    assert note_text(report.notes[0]) == "HEAD~1 中没有 data/, 全部数据按新增处理"
    assert list(report.months_added) == ["2025-03"]


@pytest.mark.parametrize("rev", ["--output=/tmp/x", "-h", "", "no-such-branch"])
def test_bad_revisions_exit_2(
    repo: Path, rev: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(repo)
    assert main(["diff", f"--base={rev}"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ")
    if rev.startswith("-"):
        assert f"error: 无效的版本 (got {rev!r}, expected a commit, branch or tag)" in err


def test_outside_a_repository_exits_2(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    make_minimal_data(tmp_path)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    assert main(["diff", "--base", "HEAD"]) == 2


def test_export_copies_blobs_only(repo: Path, tmp_path: Path) -> None:
    """Symlinks in the tree are not followed or written; nothing is checked out or run."""
    (repo / "data" / "photos").mkdir()
    (repo / "data" / "photos" / "leak.jpg").symlink_to("/etc/hostname")
    (repo / ".gitattributes").write_text("*.yaml filter=evil\n", encoding="utf-8")
    git(repo, "config", "filter.evil.smudge", f"touch {tmp_path / 'ran'}; cat")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "symlink")
    root, skipped = export_data(repo, "HEAD", "data", tmp_path / "out")
    assert root == tmp_path / "out" / "data"
    assert skipped == ["data/photos/leak.jpg"]
    assert not (root / "photos").exists()
    assert (root / "projects" / "XC-003.yaml").read_text(encoding="utf-8") == NEW_PROJECT
    assert not (tmp_path / "ran").exists()


def test_compare_is_pure(tmp_path: Path) -> None:
    base, _ = load_dataset(make_minimal_data(tmp_path / "a"))
    head_root = make_minimal_data(tmp_path / "b")
    (head_root / "progress" / "2025-03.csv").write_text(
        HEADER + "XC-001,6500,12500,是,管网\nXC-002,0,,否,可研\n", encoding="utf-8"
    )
    head, _ = load_dataset(head_root)
    assert base is not None and head is not None
    report = compare(base, head)
    name = "示例县城区供水管网改造工程"
    assert report.flags == [
        OverTotal("XC-001", name, done=12500.0, total=12000.0, already=False),
        MonthJump("XC-001", name, "2025-03", completed=6500.0, share=6500 / 12000, limit=0.3),
    ]
    assert [(FLAG_NAMES[f.kind], flag_message(f)) for f in report.flags] == [
        ("完成超总投资", "累计完成 12,500 万元, 总投资 12,000 万元"),
        ("单月完成过大", "2025-03 完成 6,500 万元, 占总投资 54% (超过 30%)"),
    ]


def test_markdown_escaping() -> None:
    assert _code("a|b`c") == "``a\\|b`c``"
    assert _code("`x`") == "`` `x` ``"
    assert _code("第一行\n第二行") == "`第一行 ⏎ 第二行`"
    assert _text("[链接](javascript:x) *粗* <b>#12 @org/team") == (
        "\\[链接\\](javascript:x) \\*粗\\* &lt;b&gt;\\#12 @\u200borg/team"
    )


def test_git_error_is_raised_for_a_path_outside_the_repo(repo: Path, tmp_path: Path) -> None:
    outside = make_minimal_data(tmp_path / "elsewhere")
    with pytest.raises(GitError):
        report_between(outside, "HEAD", None)
