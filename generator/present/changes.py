"""Change reports in words: the pull request's Markdown and the changelog's lines.

``history.changes`` hands over values (key paths, raw before/after values, flag and note
kinds with their numbers); this module turns them into Chinese, with field labels from the
models' titles and amounts in 万元 written by ``formatting.wan``.
"""

from __future__ import annotations

import re
from typing import Any

from pydantic import BaseModel

from generator.history.changes import (
    MONEY_SLACK,
    ChangeReport,
    CumulativeDecrease,
    Emptied,
    FieldChange,
    Flag,
    Item,
    KeyPath,
    MonthJump,
    Note,
    OverTotal,
    Revision,
    StageBack,
    is_empty,
    model_at,
)
from generator.history.git import GitError
from generator.history.log import VersionChanges
from generator.inputs.explain import model_title
from generator.model.models import MonthlyRecord, Project, SiteConfig
from generator.present.formatting import money, pct, wan

MARKER = "<!-- zdxm-data-diff -->"  # the CI workflow finds its earlier comment by it

FLAG_NAMES = {
    "cumulative-decrease": "累计完成投资减少",
    "stage-back": "阶段倒退",
    "over-total": "完成超总投资",
    "month-jump": "单月完成过大",
    "emptied": "已填内容被清空",
}
COUNT_NAMES = {
    "projects": "项目",
    "monthly_records": "月度记录",
    "problems": "问题诉求",
    "targets": "攻坚目标",
    "plans": "行动方案",
    "cases": "挂牌督办事项",
    "photos": "照片",
}
RECORD_CHANGES = {"added": "新增", "removed": "删除", "changed": "修改"}
SIDES = {"base": "变更前", "head": "变更后"}


# --- values ---------------------------------------------------------------------------


def amount(value: float) -> str:
    """A table's amount in 万元, the unit in the heading: 12000.0 → 12,000."""
    return wan(value, unit=False)


def item_text(item: Item) -> str:
    """A list item as its key, or 第N项 when the items have no distinct keys."""
    return item.key if isinstance(item.key, str) else f"第{item.key + 1}项"


def path_text(path: KeyPath) -> str:
    """The YAML path a contributor edits: funding[地方政府专项债券].amount."""
    out = ""
    for step in path:
        part = item_text(step) if isinstance(step, Item) else step
        if re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", part):
            out += f".{part}" if out else part
        else:
            out += f"[{part}]"
    return out


def field_label(model: type[BaseModel], path: KeyPath) -> str:
    """Titles of each level joined: 资金来源 › 地方政府专项债券 › 金额(万元)."""
    parts: list[str] = []
    for i, step in enumerate(path):
        if isinstance(step, Item):
            part = item_text(step)
        else:
            part = step
            parent = model_at(model, path[:i])
            title = model_title(model, _positions(path[: i + 1]))
            if parent is not None and step in parent.model_fields and title:
                parts.append(title)
                continue
        parts.append(f"{part}年" if re.fullmatch(r"\d{4}", part) else part)
    return " › ".join(parts)


def _positions(path: KeyPath) -> tuple[str | int, ...]:
    # model_title reads list items as positions
    return tuple(0 if isinstance(step, Item) else step for step in path)


def value_text(value: Any) -> str | None:
    """A raw value as shown in a change line; None when empty."""
    if is_empty(value):
        return None
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, int | float):
        return amount(value)
    if isinstance(value, list):
        return "、".join(str(value_text(v)) for v in value)
    return str(value)


def change_values(fc: FieldChange) -> tuple[str | None, str | None]:
    """The before and after texts of a change: a list item by its values, an emptied list
    by its length."""
    if fc.scope == "item":
        return _item_summary(fc.before), _item_summary(fc.after)
    if fc.scope == "list":
        return f"{len(fc.before)} 项", None
    return value_text(fc.before), value_text(fc.after)


def _item_summary(item: Any) -> str | None:
    if item is None:
        return None
    if isinstance(item, dict):
        parts = [value_text(v) for v in item.values() if not is_empty(v)]
        return " ".join(p for p in parts if p)
    return value_text(item)


def revision_label(rev: Revision) -> str:
    if rev.name is None:
        return "工作区 (working tree)"
    return rev.name if rev.commit is None else f"{rev.name} ({rev.commit[:10]})"


# --- sentences ------------------------------------------------------------------------


def flag_message(flag: Flag) -> str:
    """What a flag is about; a field's path is the one part in backticks."""
    match flag:
        case CumulativeDecrease(reported=True):
            return f"开工以来累计 {amount(flag.before)} → {amount(flag.after)} 万元"
        case CumulativeDecrease():
            return f"各月完成合计 {amount(flag.before)} → {amount(flag.after)} 万元"
        case StageBack():
            return f"{flag.before} → {flag.after}"
        case OverTotal():
            return (
                f"累计完成 {amount(flag.done)} 万元, 总投资 {amount(flag.total)} "
                f"万元{'(变更前已如此)' if flag.already else ''}"
            )
        case MonthJump():
            return (
                f"{flag.month} 完成 {amount(flag.completed)} 万元, 占总投资 "
                f"{pct(flag.share, 0)} (超过 {pct(flag.limit, 0)})"
            )
        case Emptied(month=None):
            return f"{field_label(Project, flag.change.path)} (`{path_text(flag.change.path)}`)"
        case Emptied():
            return f"{flag.month} 月度数据 {field_label(MonthlyRecord, flag.change.path)}"
    raise ValueError(f"unknown flag kind {flag.kind!r}")


def note_text(note: Note) -> str:
    if note.kind == "skipped":
        return f"{note.rev} 中跳过非普通文件 {note.path}"
    if note.kind == "no-data":
        return f"{note.rev} 中没有 {note.path}/, 全部数据按新增处理"
    if note.kind == "errors":
        return (
            f"{SIDES[note.side or '']}的数据有 {note.count} 个校验错误 (详见 make check); "
            "无法读取的文件未计入本报告"
        )
    raise ValueError(f"unknown note kind {note.kind!r}")


def error_text(error: GitError) -> str:
    """Why a revision or its data could not be read, for the command line."""
    d = error.details
    match error.kind:
        case "no-git":
            return "找不到 git 命令 (git is not installed)"
        case "git-failed":
            return f"git {d['command']} 失败: {d['stderr']}"
        case "bad-revision":
            return f"无效的版本 (got {d['rev']!r}, expected a commit, branch or tag)"
        case "outside-repo":
            return f"数据目录不在仓库中 (got {d['data']}, repository {d['repo']})"
        case "no-data":
            return f"{d['rev']} 中没有数据目录 {d['path']}/"
        case "unreadable":
            findings = "; ".join(d["findings"])
            return f"变更后的数据无法读取 (site.yaml 有误); 先运行 check: {findings}"
    return f"git: {error.kind} {d}"


def headline(changes: VersionChanges) -> str:
    """One version's change in a phrase, the heading of its changelog entry, e.g.
    新增 2025-10 月度调度数据，更新项目信息 3 个."""
    if not changes.readable:
        return "该版本数据无法读取"
    parts = []
    months = [month for month, _, _ in changes.months_added]
    if len(months) > 2:
        parts.append(f"新增 {months[0]} 至 {months[-1]} 共 {len(months)} 个月的月度调度数据")
    elif months:
        parts.append(f"新增 {'、'.join(months)} 月度调度数据")
    if changes.added:
        parts.append(f"新增项目 {len(changes.added)} 个")
    if changes.removed:
        parts.append(f"移除项目 {len(changes.removed)} 个")
    if changes.changed:
        parts.append(f"更新项目信息 {len(changes.changed)} 个")
    if changes.revisions:
        parts.append(f"修订月度数据 {len(changes.revisions)} 条")
    if changes.config:
        parts.append("调整站点配置")
    return "，".join(parts) or "数据格式或说明调整"


def summary_lines(changes: VersionChanges) -> list[str]:
    """One version's change for the changelog, e.g. 新增项目 2 个: …; 新增 2025-10 月度调度数据 37 条."""
    if not changes.readable:
        return ["该版本数据未通过读取, 无法比较"]
    lines = []
    if changes.added:
        lines.append(f"新增项目 {len(changes.added)} 个: {_names(changes.added)}")
    if changes.removed:
        lines.append(f"移除项目 {len(changes.removed)} 个")
    if changes.changed:
        lines.append(f"更新项目信息 {len(changes.changed)} 个: {_names(changes.changed)}")
    for month, rows, completed in changes.months_added:
        lines.append(f"新增 {month} 月度调度数据 {rows} 条, 本月完成投资 {money(completed)}")
    if changes.revisions:
        lines.append(f"修订月度数据 {len(changes.revisions)} 条")
    if changes.config:
        lines.append("调整站点配置: " + _config_labels(changes.config))
    return lines or ["数据格式或说明调整, 不影响项目数据"]


def _config_labels(paths: list[KeyPath]) -> str:
    """The site settings changed, a setting of many list items named once with how many:
    乡镇(街道) › 乡镇位置 › 经度 (11 项), not the same label for each township."""
    counts: dict[str, int] = {}
    for path in paths:
        parts = field_label(SiteConfig, path).split(" › ")  # one part a step of the path
        label = " › ".join(part for part, step in zip(parts, path, strict=True)
                           if not isinstance(step, Item))
        counts[label] = counts.get(label, 0) + 1
    return "、".join(f"{label} ({n} 项)" if n > 1 else label for label, n in counts.items())


def _names(projects: list[tuple[str, str]], shown: int = 5) -> str:
    names = "、".join(name for _, name in projects[:shown])
    return names + (" 等" if len(projects) > shown else "")


# --- the pull request's Markdown ------------------------------------------------------


def render_markdown(report: ChangeReport) -> str:
    """The report as GitHub-flavoured Markdown; data text is escaped, never markup."""
    lines = [
        MARKER,
        "## 数据变更报告 (data change report)",
        "",
        f"对比 {_code(revision_label(report.base))} → {_code(revision_label(report.head))}",
        "",
    ]
    for note in report.notes:
        lines += [f"> {note_text(note)}", ""]
    if report.empty:
        lines += ["数据没有变化。", ""]
        return "\n".join(lines)

    if report.flags:
        lines += [f"### ⚠️ 需要核实 ({len(report.flags)})", ""]
        for flag in report.flags:
            lines.append(
                f"- **{FLAG_NAMES[flag.kind]}** {_code(flag.code)} {_text(flag.name)}: "
                f"{_flag_markdown(flag_message(flag))}"
            )
        lines.append("")

    lines += ["### 汇总", "", "| 指标 | 变更前 | 变更后 | 变化 |", "| --- | ---: | ---: | ---: |"]
    for count in report.counts:
        if count.before != count.after or count.key == "projects":
            lines.append(
                f"| {COUNT_NAMES[count.key]}数 | {count.before} | {count.after} | "
                f"{_delta(count.after - count.before)} |"
            )
    for total in report.totals:
        lines.append(
            f"| {_total_label(total.key, total.year)} | {amount(total.before)} | "
            f"{amount(total.after)} | {_delta(total.after - total.before)} |"
        )
    lines.append("")

    if report.added:
        lines += [f"### 新增项目 ({len(report.added)})", ""]
        for p in report.added:
            lines.append(
                f"- {_code(p.code)} {_text(p.name)} — {p.level} · {p.domain} · {p.stage} · "
                f"总投资 {amount(p.total_investment)} 万元"
            )
        lines.append("")
    if report.removed:
        lines += [f"### 删除项目 ({len(report.removed)})", ""]
        for p in report.removed:
            lines.append(
                f"- {_code(p.code)} {_text(p.name)} — 总投资 {amount(p.total_investment)} 万元"
            )
        lines.append("")
    if report.changed:
        lines += [f"### 修改项目 ({len(report.changed)})", ""]
        for change in report.changed:
            lines += [f"#### {_code(change.code)} {_text(change.name)}", ""]
            lines += [_change_line(Project, fc) for fc in change.fields]
            lines.append("")
    if report.config:
        lines += ["### 站点配置 (site.yaml)", ""]
        lines += [_change_line(SiteConfig, fc) for fc in report.config]
        lines.append("")
    if report.months_added or report.months_removed or report.revisions:
        lines += ["### 月度数据", ""]
        for month, (rows, completed) in report.months_added.items():
            lines.append(
                f"- 新增月份 {month}: {rows} 个项目, 本月完成投资合计 {amount(completed)} 万元"
            )
        for month in report.months_removed:
            lines.append(f"- 删除月份 {month}")
        for revision in report.revisions:
            head = (
                f"- 修订 {revision.month} {_code(revision.project)} {RECORD_CHANGES[revision.kind]}"
            )
            if not revision.fields:
                lines.append(head)
            for fc in revision.fields:
                before, after = change_values(fc)
                lines.append(
                    f"{head}: {field_label(MonthlyRecord, fc.path)} "
                    f"{_value(before)} → {_value(after)}"
                )
        lines.append("")
    return "\n".join(lines)


def _total_label(key: str, year: int | None) -> str:
    if key == "total_investment":
        return "总投资合计(万元)"
    return f"{year}年{'计划投资' if key == 'annual_plan' else '完成投资'}合计(万元)"


def _change_line(model: type[BaseModel], fc: FieldChange) -> str:
    before, after = change_values(fc)
    return (
        f"- {_text(field_label(model, fc.path))} ({_code(path_text(fc.path))}): "
        f"{_value(before)} → {_value(after)}"
    )


def _value(text: str | None) -> str:
    return "（空）" if text is None else _code(text)


def _delta(value: float) -> str:
    if abs(value) < MONEY_SLACK:
        return "—"
    return ("+" if value > 0 else "-") + amount(abs(value))


def _flag_markdown(message: str) -> str:
    # Flag messages are built here from numbers, stages and labels; a label's path is the
    # one part in backticks, and labels come from model titles, not from the data.
    parts = message.split("`")
    return "".join(_code(p) if i % 2 else _text(p) for i, p in enumerate(parts))


def _code(text: str, limit: int = 120) -> str:
    """Inline code: shows data as typed, with no markup, links or @mentions."""
    text = " ⏎ ".join(str(text).splitlines()) or " "
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    text = text.replace("|", "\\|")
    fence = "`" * (max((len(m) for m in re.findall(r"`+", text)), default=0) + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _text(text: str, limit: int = 80) -> str:
    """Plain text in Markdown: markup characters escaped, @mentions and #refs defused."""
    text = " ".join(str(text).split())
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = re.sub(r"([\\`*_\[\]#|~])", r"\\\1", text)
    return text.replace("@", "@\u200b")
