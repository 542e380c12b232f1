"""Read YAML safely and remember where every value stands.

Only plain data is built (no Python objects, no tags that execute anything). Dates stay
the text the user wrote, so that ``2025-3`` and ``2025-03-15`` go through one parser.
Positions let a validation error name the line of the offending field.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import yaml

_Base: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _TextDatesLoader(_Base):  # type: ignore[misc, valid-type]
    """SafeLoader that leaves timestamps as the strings the user typed."""


_TextDatesLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

Path = tuple[str | int, ...]


@dataclass
class YamlDocument:
    data: Any
    lines: dict[Path, int] = field(default_factory=dict)
    duplicate_keys: list[tuple[Path, int]] = field(default_factory=list)

    def line_of(self, path: Path) -> int | None:
        """The line of ``path``, or of its nearest ancestor that has one."""
        while True:
            if path in self.lines:
                return self.lines[path]
            if not path:
                return None
            path = path[:-1]


class YamlSyntaxError(ValueError):
    def __init__(self, line: int | None, message: str) -> None:
        self.line = line
        self.message = message
        super().__init__(message)


def parse_yaml(text: str) -> YamlDocument:
    """Parse one YAML document; raise YamlSyntaxError with a 1-based line."""
    loader = _TextDatesLoader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            return YamlDocument(None)
        doc = YamlDocument(loader.construct_document(node))
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        raise YamlSyntaxError(line, f"YAML 格式错误: {exc.problem or exc}") from None
    except yaml.YAMLError as exc:
        raise YamlSyntaxError(None, f"YAML 格式错误: {exc}") from None
    finally:
        loader.dispose()
    _record_positions(node, (), doc)
    return doc


def _record_positions(node: yaml.Node, path: Path, doc: YamlDocument) -> None:
    doc.lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = key_node.value
            if key in seen:
                doc.duplicate_keys.append(((*path, key), key_node.start_mark.line + 1))
            seen.add(key)
            _record_positions(value_node, (*path, _key(key)), doc)
            doc.lines[(*path, _key(key))] = key_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _record_positions(item, (*path, index), doc)


def _key(raw: str) -> str | int:
    # Mapping keys such as annual_plan years arrive as ints from the constructor.
    return int(raw) if raw.isdigit() else raw
