"""Validate data/: load every file, apply the cross-record rules, report all findings."""

from __future__ import annotations

from pathlib import Path

from generator.inputs.load import gc_paused, load_dataset
from generator.model.dataset import Dataset
from generator.model.findings import Finding, sort_findings
from generator.rules.validate import check_dataset


def check(root: Path, cache: Path | None = None) -> tuple[Dataset | None, list[Finding]]:
    """Return the dataset when it has no errors (else None) and every finding, sorted.

    ``cache``: a directory where parse results are kept between runs; the result is the
    same with or without it.
    """
    with gc_paused():
        dataset, findings = load_dataset(root, cache)
        if dataset is not None:
            findings += check_dataset(dataset)
    findings = sort_findings(findings)
    if any(f.severity == "error" for f in findings):
        return None, findings
    return dataset, findings
