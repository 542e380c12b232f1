"""Validate data/: load every file, apply the cross-record rules, report all findings."""

from __future__ import annotations

from pathlib import Path

from generator.inputs.load import gc_paused, load_dataset
from generator.model.dataset import Dataset
from generator.model.finding_limit import FindingLimit
from generator.model.findings import Finding, sort_findings
from generator.rules.validate import check_dataset


def check(root: Path, cache: Path | None = None) -> tuple[Dataset | None, list[Finding]]:
    """Return the dataset when it has no errors (else None) and its findings, sorted.

    At most ``MAX_PER_CODE`` findings of one code in one file are listed, and one more says
    how many were left out (``FindingLimit``); the loader never builds the ones left out.
    ``cache``: a directory where parse results are kept between runs; the result is the
    same with or without it.
    """
    limit = FindingLimit()
    with gc_paused():
        dataset, _ = load_dataset(root, cache, limit=limit)
        if dataset is not None:
            limit.extend(check_dataset(dataset))
    findings = sort_findings(limit.findings())
    if any(f.severity == "error" for f in findings):
        return None, findings
    return dataset, findings
