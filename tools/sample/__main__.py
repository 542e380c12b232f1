"""Command line: ``python -m tools.sample OUT --n N`` (see the package docstring)."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from tools import sample


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tools.sample",
        description=sample.__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("out", type=Path, help="data directory to write")
    parser.add_argument("--n", type=int, required=True, help="number of projects")
    parser.add_argument(
        "--months", type=int, default=12, help="monthly files up to the report month"
    )
    parser.add_argument("--seed", type=int, default=2025)
    parser.add_argument("--report-date", default="2025-10-31")
    parser.add_argument("--sample", action="store_true", help="the shipped sample county")
    args = parser.parse_args(argv)
    began = time.perf_counter()
    counts = sample.write_dataset(
        args.out,
        args.n,
        seed=args.seed,
        months=args.months,
        report_date=args.report_date,
        sample=args.sample,
    )
    took = time.perf_counter() - began
    print(", ".join(f"{k} {v}" for k, v in counts.items()) + f" ({took:.1f}s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
