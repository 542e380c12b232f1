"""Validate data/: load every file, apply the cross-record rules, report all findings."""

from __future__ import annotations

from pathlib import Path

from .findings import Finding, sort_findings
from .load import Dataset, load_dataset
from .validate import check_dataset


def check(root: Path) -> tuple[Dataset | None, list[Finding]]:
    """Return the dataset when it has no errors (else None) and every finding, sorted."""
    dataset, findings = load_dataset(root)
    if dataset is not None:
        findings += check_dataset(dataset)
    findings = sort_findings(findings)
    if any(f.severity == "error" for f in findings):
        return None, findings
    return dataset, findings
