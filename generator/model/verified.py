"""The versions each fast path was verified against, and the check that picks fast or stock.

Five pieces of the build reproduce what a stock library does, only faster; each was checked
byte for byte against that library at the versions below (the tests keep checking it):

* ``markdown``: ``generator.site.fastmd`` instead of Python-Markdown for generated pages;
* ``mkdocs-hooks``: ``generator.site.mkdocs_hooks`` (shared nav, page cache, slim search)
  instead of stock MkDocs (run by ProperDocs, its continuation: ``build.ENGINE``);
* ``docx``: the bulletin's Word body written as XML text instead of through python-docx;
* ``yaml``: ``parse_plain_yaml`` instead of ``parse_yaml`` (PyYAML's composer);
* ``xlsx``: open-data sheet rows written as XML text (``present.sheetxml``) instead of
  through openpyxl's cells.

With any other version installed, nothing says the fast path still gives the stock bytes,
so ``use_fast_path`` says so once and the caller takes the stock path. ``constraints.txt``
pins these versions for ``make``; update both together, after the tests pass.

This module sits at the bottom of the pipeline so that every stage can ask it.
"""

from __future__ import annotations

import sys
from collections.abc import Callable

# piece -> {distribution name: version}; names as pip shows them. The engine is ProperDocs:
# both pieces were first verified against mkdocs 1.6.1, then again against properdocs 1.6.7,
# which runs them now (mkdocs stays installed as Material's dependency, but is not run).
VERIFIED: dict[str, dict[str, str]] = {
    # fastmd reproduces the toc, tables, attr_list and md_in_html extensions, pymdownx's
    # tasklist pass-through and MkDocs' title and anchor collection.
    "markdown": {"properdocs": "1.6.7", "Markdown": "3.11.3", "pymdown-extensions": "13.1.2"},
    # The hooks reach into MkDocs' page rendering, Material's search index and jieba
    # segmentation, and Jinja2's compiled templates (shared nav partials).
    "mkdocs-hooks": {"properdocs": "1.6.7", "mkdocs-material": "9.8.1", "Jinja2": "3.1.6",
                     "jieba": "0.42.1"},
    # The body copies python-docx's elements as lxml serialises them.
    "docx": {"python-docx": "1.2.0", "lxml": "6.1.3"},
    # parse_plain_yaml reads libyaml's events and PyYAML's resolvers.
    "yaml": {"PyYAML": "6.0.3"},
    # sheetxml writes a sheet's rows as openpyxl's cell writer and lxml serialise them.
    "xlsx": {"openpyxl": "3.1.5", "lxml": "6.1.3"},
}
LABELS = {
    "markdown": ("Markdown 转换", "Markdown conversion"),
    "mkdocs-hooks": ("MkDocs 加速钩子", "MkDocs hooks"),
    "docx": ("Word 通报写入", "Word bulletin writer"),
    "yaml": ("YAML 读取", "YAML reader"),
    "xlsx": ("Excel 开放数据写入", "open-data workbook writer"),
}

Say = Callable[[str], None]

# piece -> fast path allowed; decided once per process (forked build processes inherit it).
_decided: dict[str, bool] = {}


def installed_version(distribution: str) -> str | None:
    """The installed version of ``distribution``, or None when it is not installed."""
    from importlib import metadata  # imported here: it takes 40 ms, and `check` is quick

    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return None


def mismatches(piece: str) -> list[tuple[str, str | None, str]]:
    """(distribution, installed, verified) for every package of ``piece`` that differs."""
    out = []
    for name, wanted in VERIFIED[piece].items():
        have = installed_version(name)
        if have != wanted:
            out.append((name, have, wanted))
    return out


def notice(piece: str, differing: list[tuple[str, str | None, str]]) -> str:
    """The one build-log line that says why ``piece`` takes its stock path."""
    zh_label, en_label = LABELS[piece]
    have = ", ".join(f"{name} {version or '(未安装)'}" for name, version, _ in differing)
    want = ", ".join(f"{name} {version}" for name, _, version in differing)
    return (f"提示: 已安装 {have}, {zh_label}的快速路径按 {want} 验证; 本次使用标准路径 "
            f"({en_label}: fast path verified against {want}; using the stock path)")


def _stderr(line: str) -> None:
    print(line, file=sys.stderr, flush=True)


def use_fast_path(piece: str, say: Say | None = None) -> bool:
    """True when every package ``piece`` was verified against is installed at that version.

    The first call for a piece decides it for the rest of the process; if it says no, that
    call also hands the notice to ``say`` (default: standard error). The build asks up front
    with its own progress log, so later calls deep in the pipeline stay quiet.
    """
    if piece not in _decided:
        differing = mismatches(piece)
        _decided[piece] = not differing
        if differing:
            (say or _stderr)(notice(piece, differing))
    return _decided[piece]
