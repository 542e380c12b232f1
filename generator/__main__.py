"""Command line: ``python -m generator check|build|schema ...``.

Exit status: 0 valid, 1 data errors, 2 usage or system error.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .check import check
from .findings import Finding


def _print_findings(findings: list[Finding]) -> None:
    github = os.environ.get("GITHUB_ACTIONS") == "true"
    for finding in findings:
        print(finding.github_annotation() if github else str(finding), file=sys.stderr)


def cmd_check(args: argparse.Namespace) -> int:
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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m generator", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("check", help="validate a data directory")
    p.add_argument("--data", default="data")
    p.set_defaults(func=cmd_check)
    args = parser.parse_args(argv)
    try:
        return args.func(args)
    except (OSError, KeyboardInterrupt) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
