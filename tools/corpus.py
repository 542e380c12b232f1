"""Figures of the bad-input corpus: how precisely each case is reported, and whether a build
of it leaves the last good site in place.

``python -m tools.corpus`` checks every case of ``tests/bad_inputs/`` (each a copy of the
minimal data directory with one thing broken) and counts the findings that name file, line
and field; file and line; or the file only; cases that raise instead (a crash); and cases
that pass (valid data, or accepted silently: ``expected.txt`` is empty only for the cases
that are valid on purpose). ``--builds OUT`` also builds a good site into ``OUT`` and then
each failing case into the same folder, and counts the cases after which the good site is
still there, byte for byte.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import shutil
import sys
import tempfile
import traceback
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TESTS = ROOT / "tests"


def _helpers() -> tuple[object, object]:
    """The corpus helpers of the test suite: the minimal data set, and applying a case."""
    sys.path.insert(0, str(TESTS))
    from conftest import make_minimal_data
    from test_bad_inputs import apply_case

    return make_minimal_data, apply_case


def tree_digest(folder: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(folder.rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(folder).as_posix().encode() + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.corpus", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--builds", type=Path, default=None,
                        help="build a good site here, then every failing case over it")
    args = parser.parse_args(argv)
    from generator.model.findings import DataErrors
    from generator.rules.check import check
    from generator.site.build import build_sites

    make_minimal_data, apply_case = _helpers()
    cases = sorted(p for p in (TESTS / "bad_inputs").iterdir() if (p / "expected.txt").is_file())
    precision: Counter[str] = Counter()
    outcome: Counter[str] = Counter()
    kept = failed_builds = 0
    if args.builds is not None:
        with tempfile.TemporaryDirectory() as tmp:
            good = make_minimal_data(Path(tmp))  # type: ignore[operator]
            shutil.rmtree(args.builds, ignore_errors=True)
            build_sites(good, args.builds, progress=lambda _: None)
        before = {part: tree_digest(args.builds / part) for part in ("public", "internal")}
    for case in cases:
        with tempfile.TemporaryDirectory() as tmp:
            root = make_minimal_data(Path(tmp))  # type: ignore[operator]
            apply_case(case, root)  # type: ignore[operator]
            try:
                _, findings = check(root)
            except Exception:
                outcome["crashed"] += 1
                print(f"{case.name}: crashed\n{traceback.format_exc()}", file=sys.stderr)
                continue
            errors = [f for f in findings if f.severity == "error"]
            outcome["error" if errors else "warning only" if findings else "valid"] += 1
            if findings:  # a case counts by its first finding, the one a user reads first
                first = (errors or findings)[0]
                precision["file, line, field" if first.line is not None and first.field
                          else "file, line" if first.line is not None else "file only"] += 1
            if args.builds is not None and errors:
                failed_builds += 1
                with contextlib.suppress(DataErrors):
                    build_sites(root, args.builds, progress=lambda _: None)
                after = {part: tree_digest(args.builds / part) for part in ("public", "internal")}
                kept += after == before
    print(f"cases: {len(cases)}")
    for key in ("error", "warning only", "valid", "crashed"):
        print(f"  {key}: {outcome[key]}")
    print("cases by their first finding: " + ", ".join(
        f"{key} {precision[key]}" for key in ("file, line, field", "file, line", "file only")))
    if args.builds is not None:
        print(f"previous site kept after a failed build: {kept} of {failed_builds}")
    return 1 if outcome["crashed"] or (args.builds is not None and kept < failed_builds) else 0


if __name__ == "__main__":
    sys.exit(main())
