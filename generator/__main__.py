"""Command line: ``python -m generator check|build|serve|schema|diff|import|forms ...``.

Exit status: 0 valid, 1 data errors, 2 usage or system error.
"""

from __future__ import annotations

import argparse
import os
import sys
import traceback
from pathlib import Path

from generator.model.findings import Finding
from generator.rules.check import check


def _print_findings(findings: list[Finding]) -> None:
    github = os.environ.get("GITHUB_ACTIONS") == "true"
    for finding in findings:
        print(finding.github_annotation() if github else str(finding), file=sys.stderr)


def cmd_check(args: argparse.Namespace) -> int:
    if not Path(args.data).is_dir():
        print(f"error: 数据目录不存在 (got {args.data}, expected a directory with site.yaml)",
              file=sys.stderr)
        return 2
    dataset, findings = check(Path(args.data))
    _print_findings(findings)
    errors = sum(f.severity == "error" for f in findings)
    if dataset is None:
        print(f"数据校验未通过: {errors} 个错误 (data check failed: {errors} errors)", file=sys.stderr)
        return 1
    counts = dataset.count_summary()
    summary = ", ".join(f"{k} {v}" for k, v in counts.items())
    print(f"数据校验通过 (data valid): {summary}")
    return 0


def cmd_build(args: argparse.Namespace) -> int:
    from generator.model.findings import DataErrors
    from generator.site.build import build_sites

    try:
        report = build_sites(Path(args.data), Path(args.out))
    except DataErrors as exc:
        _print_findings(exc.findings)
        print(f"数据校验未通过, 站点未更新: {len(exc.errors)} 个错误 "
              f"(build stopped, the previous site is unchanged)", file=sys.stderr)
        return 1
    except RuntimeError as exc:
        print(f"构建失败, 站点未更新 (build failed, previous site unchanged): {exc}",
              file=sys.stderr)
        return 2
    for line in report.lines():
        print(line)
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from generator.site.serve import serve

    def say(line: str) -> None:
        print(line, file=sys.stderr, flush=True)

    return serve(Path(args.data), Path(args.out), watch=[Path(args.data), *args.watch],
                 audience=args.site, host=args.host, port=args.port, say=say)


def cmd_schema(args: argparse.Namespace) -> int:
    from generator.inputs.schema import write_schemas

    for path in write_schemas(Path(args.out)):
        print(path)
    return 0


def cmd_diff(args: argparse.Namespace) -> int:
    from generator.history.changes import report_between
    from generator.history.git import GitError
    from generator.present.changes import error_text, render_markdown

    if not 0 < args.jump_share <= 1:
        print(f"error: --jump-share 应在 0 和 1 之间 (got {args.jump_share})", file=sys.stderr)
        return 2
    try:
        report = report_between(Path(args.data), args.base, args.head, jump_share=args.jump_share)
    except GitError as exc:
        print(f"error: {error_text(exc)}", file=sys.stderr)
        return 2
    text = render_markdown(report)
    if args.out:
        Path(args.out).parent.mkdir(parents=True, exist_ok=True)
        Path(args.out).write_text(text, encoding="utf-8")
        print(f"变更报告已写入 {args.out} ({len(report.flags)} 项需要核实)", file=sys.stderr)
    else:
        print(text)
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from generator.inputs.ledger import read_ledger
    from generator.inputs.ledger_columns import ColumnTable
    from generator.inputs.load import load_dataset
    from generator.model.dates import month_key
    from generator.model.findings import sort_findings
    from generator.present.import_report import report_lines
    from generator.rules.check import check
    from generator.rules.ledger import import_ledger

    ledger_path, root = Path(args.ledger), Path(args.data)
    if not ledger_path.is_file():
        print(f"error: 台账文件不存在 (got {args.ledger})", file=sys.stderr)
        return 2
    if not root.is_dir():
        print(f"error: 数据目录不存在 (got {args.data}, expected a directory with site.yaml)",
              file=sys.stderr)
        return 2
    try:
        month = month_key(args.month) if args.month else None
    except ValueError:
        print(f"error: --month 应为月份, 如 2025-10 (got {args.month})", file=sys.stderr)
        return 2
    loaded = load_dataset(root, inspect_photos=False)
    extra = loaded[0].config.ledger_columns if loaded[0] is not None else {}
    ledger = read_ledger(ledger_path.read_bytes(), ledger_path.suffix, str(ledger_path),
                         ColumnTable(extra), month=month, unit=args.unit)
    plan, written = import_ledger(ledger, root, write=args.write, loaded=loaded)
    _print_findings(sort_findings(plan.findings))
    for line in report_lines(plan, written, args.write):
        print(line)
    if plan.errors:
        return 1
    if written:
        _, findings = check(root)
        left = sum(f.severity == "error" for f in findings)
        lacked = sum(f.code == "placeholder-value" for f in findings)
        if left:
            # Say how many are what the ledger lacked: the rest need another look.
            print(f"make check: {left} 个错误, 其中 {lacked} 个是台账没有的项 (待补充): "
                  "逐项补上后再检查", file=sys.stderr)
            _print_findings([f for f in findings if f.severity == "error"])
    return 0


def cmd_forms(args: argparse.Namespace) -> int:
    from generator.model.dates import month_key
    from generator.present.forms import write_forms

    try:
        month = month_key(args.month) if args.month else None
    except ValueError:
        print(f"error: --month 应为月份, 如 2025-11 (got {args.month})", file=sys.stderr)
        return 2
    dataset, findings = check(Path(args.data))
    if dataset is None:
        _print_findings(findings)
        print("数据校验未通过, 未生成调度表 (forms not written)", file=sys.stderr)
        return 1
    if month is None:  # the month after the data's report date: the one to report next
        end = dataset.config.report_date.end()
        month = f"{end.year + end.month // 12}-{end.month % 12 + 1:02d}"
    for path in write_forms(dataset, month, Path(args.out)):
        print(path)
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m generator", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("check", help="validate a data directory")
    p.add_argument("--data", default="data")
    p.set_defaults(func=cmd_check)
    p = sub.add_parser("build", help="validate, render and build both sites")
    p.add_argument("--data", default="data")
    p.add_argument("--out", default="site")
    p.set_defaults(func=cmd_build)
    p = sub.add_parser("serve", help="build, serve a site locally, rebuild when data changes")
    p.add_argument("--data", default="data")
    p.add_argument("--out", default="site")
    p.add_argument("--site", choices=["internal", "public"], default="internal")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=8000)
    p.add_argument("--watch", type=Path, action="append", default=[Path("content")],
                   help="another folder whose changes rebuild (default: content)")
    p.set_defaults(func=cmd_serve)
    p = sub.add_parser("schema", help="write the JSON Schema of every data file")
    p.add_argument("--out", default="schema")
    p.set_defaults(func=cmd_schema)
    p = sub.add_parser("diff", help="report what changed in data/ between two git revisions")
    p.add_argument("--base", required=True, help="revision before, e.g. origin/main")
    p.add_argument("--head", default=None, help="revision after (default: the working tree)")
    p.add_argument("--data", default="data")
    p.add_argument("--out", default=None, help="write the Markdown here (default: stdout)")
    p.add_argument("--jump-share", type=float, default=0.3,
                   help="flag a month whose completed is above this share of total investment")
    p.set_defaults(func=cmd_diff)
    p = sub.add_parser("import", help="read a county ledger (.xlsx/.xls/.csv) into data/")
    p.add_argument("ledger", help="the ledger file")
    p.add_argument("--data", default="data")
    p.add_argument("--write", action="store_true", help="write the files (default: report only)")
    p.add_argument("--month", default=None, help="the ledger's month when it names none, e.g. 2025-10")
    p.add_argument("--unit", choices=["万元", "亿元"], default=None,
                   help="the amounts' unit when the ledger names none")
    p.set_defaults(func=cmd_import)
    p = sub.add_parser("forms", help="write each responsible unit's monthly form (.xlsx)")
    p.add_argument("--month", default=None,
                   help="the month to report, e.g. 2025-11 (default: the month after report_date)")
    p.add_argument("--data", default="data")
    p.add_argument("--out", default="forms")
    p.set_defaults(func=cmd_forms)
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except (OSError, KeyboardInterrupt) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except Exception:  # a bug, not a data error: keep exit 1 meaning "the data is wrong"
        traceback.print_exc()
        print("internal error: 请把以上信息报告给维护者 (please report this)", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
