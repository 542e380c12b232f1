"""Write data files the way a person keeps them: only the values that change move.

A project file edited by hand has comments, a key order and quoting of its own; the
ledger import changes a few values in it. ruamel.yaml's round-trip mode keeps the rest (a
file whose values do not change comes out byte for byte the same; a test holds it to
that), and the sequence indentation of each file is kept as found. A text that YAML 1.1
would read as something else (``yes``, ``0631``, ``1_000``) is written quoted, since the
loader reads YAML 1.1 (``generator.inputs.yamlsource``).

Tables (``progress/<month>.csv``, ``problems.csv``) are merged row by row: the rows of
other projects, the columns the import does not fill and the cells it has nothing for
stay as they were; the file is written back as UTF-8 with a BOM (what Excel opens).
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from generator.inputs.ledger_columns import norm
from generator.inputs.tables import decode
from generator.model.dates import PartialDate
from generator.model.models import MonthlyRecord, Problem, Project

KeyPath = tuple[str | int, ...]
# Plain scalars YAML 1.1 reads as booleans, null, numbers or dates: quoted when text.
_YAML11_SPECIAL = re.compile(
    r"^(?:[yYnN]|yes|Yes|YES|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF"
    r"|~|null|Null|NULL|[-+]?\.?[0-9][0-9_.,:eE+-]*|0[xXoObB][0-9a-fA-F_]*|\.(?:inf|nan|Inf|NaN)"
    r"|[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}.*)$"
)


def _yaml(offset: int = 0) -> Any:
    from ruamel.yaml import YAML  # imported here: only the import command writes YAML

    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096  # never fold a long line of Chinese text
    yaml.indent(mapping=2, sequence=2 + offset, offset=offset)
    return yaml


def _dump(yaml: Any, doc: Any) -> str:
    out = io.StringIO()
    yaml.dump(doc, out)
    return out.getvalue()


def _plain(value: Any) -> Any:
    """A value as the data files hold it: whole numbers as int, dates as ISO text, and text
    that YAML 1.1 would read as something else in quotes."""
    from ruamel.yaml.scalarstring import SingleQuotedScalarString

    if isinstance(value, PartialDate):
        return value.iso()
    if isinstance(value, str) and _YAML11_SPECIAL.match(value):
        return SingleQuotedScalarString(value)
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, float):
        return float(f"{value:.6f}".rstrip("0").rstrip("."))
    return value


def write_new_project(path: Path, values: Mapping[KeyPath, Any],
                      placeholders: Mapping[str, str]) -> None:
    """A new project file: the ledger's values in the model's order, and for each required
    field the ledger lacked, ``待补充`` with a comment that says what was missing."""
    from ruamel.yaml.comments import CommentedMap

    from generator.model.vocab import PLACEHOLDER

    doc = CommentedMap()
    for name in Project.model_fields:
        if name in placeholders:
            doc[name] = PLACEHOLDER
            doc.yaml_add_eol_comment(placeholders[name], name)
            continue
        nested = {path[1:]: v for path, v in values.items() if path[0] == name and len(path) > 1}
        if (name,) in values:
            doc[name] = _plain(values[(name,)])
        elif nested:
            sub = CommentedMap()
            for key, value in sorted(nested.items(), key=lambda kv: _order(name, kv[0][0])):
                sub[key[0]] = _plain(value)
            doc[name] = sub
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(_dump(_yaml(), doc), encoding="utf-8")


def _order(name: str, key: Any) -> tuple[int, str]:
    if name == "dates":
        order = list(Project.model_fields["dates"].annotation.model_fields)  # type: ignore[union-attr]
        return (order.index(key) if key in order else len(order), str(key))
    return (0, str(key))


def update_project(path: Path, updates: Mapping[KeyPath, Any]) -> None:
    update_yaml(path, updates, order=list(Project.model_fields))


def update_yaml(path: Path, updates: Mapping[KeyPath, Any], order: list[str] | None = None
                ) -> None:
    """Set the values at ``updates``' key paths in a YAML file, keeping all else as it is."""
    from ruamel.yaml.comments import CommentedMap

    text = path.read_text(encoding="utf-8")
    yaml = _yaml()
    for offset in (0, 2):  # keep the file's own indentation of lists
        candidate = _yaml(offset)
        if _dump(candidate, candidate.load(text)) == text:
            yaml = candidate
            break
    doc = yaml.load(text)
    for keys, value in updates.items():
        target = doc
        for depth, key in enumerate(keys[:-1]):
            if not isinstance(target.get(key), dict):
                _insert(target, key, CommentedMap(), order if depth == 0 else None)
            target = target[key]
        last = keys[-1]
        if last in target:
            target[last] = _plain(value)
        else:
            _insert(target, last, _plain(value), order if len(keys) == 1 else None)
    path.write_text(_dump(yaml, doc), encoding="utf-8")


def _insert(mapping: Any, key: Any, value: Any, order: list[str] | None) -> None:
    """Add ``key`` after the keys that come before it in ``order`` (else at the end)."""
    if order is None or key not in order:
        mapping[key] = value
        return
    rank = order.index(key)
    position = 0
    for index, existing in enumerate(mapping):
        if existing in order and order.index(existing) < rank:
            position = index + 1
    mapping.insert(position, key, value)


# --- tables -----------------------------------------------------------------------------


def _titles(model: Any) -> dict[str, str]:
    return {name: info.title or name for name, info in model.model_fields.items()}


def _header_map(header: list[str], titles: dict[str, str]) -> dict[str, int]:
    """Which column of an existing table holds each field (by name, title or bare title)."""
    keys: dict[str, str] = {}
    for name, title in titles.items():
        for text in (name, title, re.sub(r"[(（][^()（）]*[)）]$", "", title)):
            keys[norm(text)] = name
    out: dict[str, int] = {}
    for index, text in enumerate(header):
        bare = re.sub(r"[(（][^()（）]*[)）]$", "", norm(text))
        name = keys.get(norm(text)) or keys.get(bare)
        if name is not None and name not in out:
            out[name] = index
    return out


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    value = _plain(value)
    return str(value)


def _merge_table(path: Path, titles: dict[str, str], key: str,
                 rows: Mapping[str, Mapping[str, Any]], replace: bool) -> None:
    """Rows by ``key`` into the table at ``path``: an existing row gets the given cells
    (all of them when ``replace``), a new row is added at the end."""
    newline = "\n"
    if path.exists():
        raw = path.read_bytes()
        newline = "\r\n" if b"\r\n" in raw else "\n"
        table = list(csv.reader(io.StringIO(decode(raw)[0], newline="")))
    else:
        table = []
    if not table:
        table = [list(titles.values())]
    header = table[0]
    where = _header_map(header, titles)
    for name in titles:  # a field the table has no column for gets one at the end
        if name not in where and any(rows[k].get(name) is not None for k in rows):
            where[name] = len(header)
            header.append(titles[name])
    width = len(header)
    done: set[str] = set()
    for values in table[1:]:
        if where[key] >= len(values):
            continue
        code = values[where[key]].strip()
        if code in rows and code not in done:
            done.add(code)
            values.extend([""] * (width - len(values)))
            for name, value in rows[code].items():
                if name in where and (replace or value is not None):
                    values[where[name]] = _cell(value)
    for code, fields in rows.items():
        if code in done:
            continue
        values = [""] * width
        for name, value in fields.items():
            if name in where:
                values[where[name]] = _cell(value)
        table.append(values)
    out = io.StringIO()
    csv.writer(out, lineterminator=newline).writerows(table)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(b"\xef\xbb\xbf" + out.getvalue().encode("utf-8"))


def table_cells(path: Path, model: Any, key: str) -> dict[str, dict[str, str]]:
    """The cells of a table as written, by the ``key`` column: rows that do not validate
    (a problem still marked 待补充) included."""
    if not path.exists():
        return {}
    table = list(csv.reader(io.StringIO(decode(path.read_bytes())[0], newline="")))
    if not table:
        return {}
    where = _header_map(table[0], _titles(model))
    if key not in where:
        return {}
    out: dict[str, dict[str, str]] = {}
    for values in table[1:]:
        if where[key] < len(values):
            out.setdefault(values[where[key]].strip(), {
                name: values[i].strip() for name, i in where.items() if i < len(values)})
    return out


def merge_progress(path: Path, records: Mapping[str, Mapping[str, Any]]) -> None:
    """The month's records by project code into ``progress/<month>.csv``."""
    _merge_table(path, _titles(MonthlyRecord), "project", records, replace=False)


def merge_problems(path: Path, problems: list[Mapping[str, Any]]) -> None:
    """New problems, or a new description for a problem id already there."""
    rows = {p["id"]: p for p in problems}
    _merge_table(path, _titles(Problem), "id", rows, replace=False)
