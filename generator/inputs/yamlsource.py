"""Read YAML safely and remember where every value stands.

Only plain data is built (no Python objects, no tags that execute anything). Dates stay
the text the user wrote, so that ``2025-3`` and ``2025-03-15`` go through one parser.
Positions let a validation error name the line of the offending field.

``parse_yaml_file`` reads one file's bytes: ``parse_plain_yaml`` is its fast path, for the
documents nearly every data file is (untagged scalars, lists and maps); anything else goes
through ``_yaml_guard`` and ``parse_yaml``, the reference, which the fast path must match
exactly; it is taken only with the PyYAML ``generator.model.verified`` names. The result is
a pure function of the bytes, so it can be cached.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.events import (
    DocumentEndEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
)
from yaml.nodes import ScalarNode

from generator.inputs.encodings import is_utf16
from generator.model.codes import CodedError, render
from generator.model.verified import use_fast_path

_Base: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _TextDatesLoader(_Base):  # type: ignore[misc, valid-type]
    """SafeLoader that leaves timestamps as the strings the user typed."""


_TextDatesLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

Path = tuple[str | int, ...]

MAX_YAML_DEPTH = 30


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


class YamlSyntaxError(CodedError):
    def __init__(self, line: int | None, code: str, **values: Any) -> None:
        self.line = line
        super().__init__(code, **values)


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
        raise YamlSyntaxError(line, "yaml-syntax", problem=exc.problem or exc) from None
    except yaml.YAMLError as exc:
        raise YamlSyntaxError(None, "yaml-syntax", problem=exc) from None
    except ValueError:
        # PyYAML takes ``0b_`` or ``0x_`` for numbers and then fails to build them.
        line, value = _unreadable_scalar(node)
        raise YamlSyntaxError(line, "yaml-unreadable-value", got=value) from None
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


def _unreadable_scalar(node: yaml.Node) -> tuple[int | None, str]:
    """The first scalar under ``node`` that the safe constructor cannot build."""
    stack = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, yaml.ScalarNode):
            try:
                SafeConstructor().construct_object(item)
            except ValueError:
                return item.start_mark.line + 1, item.value
        elif isinstance(item, yaml.MappingNode):
            stack.extend(n for pair in reversed(item.value) for n in reversed(pair))
        elif isinstance(item, yaml.SequenceNode):
            stack.extend(reversed(item.value))
    return None, ""


def _key(raw: str) -> str | int:
    # Mapping keys such as annual_plan years arrive as ints from the constructor; "²" and
    # "０" are digits to str.isdigit but not keys the constructor made ints of.
    return int(raw) if raw.isascii() and raw.isdigit() else raw


# --- files -------------------------------------------------------------------------------

@dataclass(frozen=True)
class YamlProblem:
    """Why a YAML file could not be parsed (a finding without its file): a code and values."""

    line: int | None
    code: str
    values: Mapping[str, Any] = field(default_factory=dict)

    @property
    def message(self) -> str:
        return render(self.code, self.values)


def parse_yaml_file(raw: bytes) -> YamlDocument | YamlProblem:
    """Decode and parse one YAML file: the part of reading it that depends only on its bytes."""
    if is_utf16(raw):  # Notepad's "Unicode": named, not taken for GBK or for NUL characters
        return YamlProblem(1, "yaml-utf16")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return YamlProblem(line, "yaml-encoding")
    # The fast path takes only documents the guard would pass; any other goes the careful way.
    # With a PyYAML it was not verified against, every document does.
    if use_fast_path("yaml"):
        doc = parse_plain_yaml(text, MAX_YAML_DEPTH)
        if doc is not None:
            return doc
    refused = _yaml_guard(text)
    if refused is not None:
        return refused
    try:
        return parse_yaml(text)
    except YamlSyntaxError as exc:
        # The values as text: the problem may be a PyYAML object, and this is cached.
        return YamlProblem(exc.line, exc.code, {k: str(v) for k, v in exc.values.items()})


_PLAIN_TAGS = {f"tag:yaml.org,2002:{name}" for name in
               ("str", "int", "float", "bool", "null", "seq", "map")}


def _yaml_guard(text: str) -> YamlProblem | None:
    """Refuse YAML aliases, tags and deep nesting before anything is built from the document.

    Data files never need ``&anchor`` / ``*alias``; refusing them outright is simpler and
    safer than bounding how far they may expand (the "billion laughs" document). Tags other
    than the plain ``!!str``/``!!int``/... are refused with a clear message (the safe loader
    would refuse ``!!python/object`` too, with a less helpful one).
    """
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    depth = 0
    try:
        for event in yaml.parse(text, Loader=loader):
            tag = getattr(event, "tag", None)
            if tag is not None and tag not in _PLAIN_TAGS and tag != "!":
                shown = tag.replace("tag:yaml.org,2002:", "!!")
                return YamlProblem(_line(event), "yaml-tag", {"tag": shown})
            if isinstance(event, yaml.AliasEvent):
                return YamlProblem(_line(event), "yaml-alias", {"anchor": event.anchor})
            if isinstance(event, yaml.CollectionStartEvent):
                depth += 1
                if depth > MAX_YAML_DEPTH:
                    return YamlProblem(_line(event), "yaml-too-deep", {"limit": MAX_YAML_DEPTH})
            elif isinstance(event, yaml.CollectionEndEvent):
                depth -= 1
    except yaml.YAMLError:
        return None  # parse_yaml reports the syntax error with its line
    return None


def _line(event: yaml.Event) -> int | None:
    return event.start_mark.line + 1 if event.start_mark else None


# --- fast path ----------------------------------------------------------------------------

_NULL = "tag:yaml.org,2002:null"
_INT = "tag:yaml.org,2002:int"
# Implicit resolvers by first character, wildcard resolvers appended, as Resolver.resolve
# tries them. A plain scalar whose first character has none is a string.
_WILDCARD: list[tuple[str, Any]] = _TextDatesLoader.yaml_implicit_resolvers.get(None, [])
_RESOLVERS: dict[str, list[tuple[str, Any]]] = {
    first: resolvers + _WILDCARD
    for first, resolvers in _TextDatesLoader.yaml_implicit_resolvers.items()
    if first is not None
}
_CONSTRUCTOR = SafeConstructor()
# Resolved tags the fast path builds with SafeConstructor's own functions; any other
# (merge ``<<``, value ``=``, ...) sends the document to the reference path.
_CONSTRUCTORS = {
    tag: SafeConstructor.yaml_constructors[tag]
    for tag in ("tag:yaml.org,2002:bool", _INT, "tag:yaml.org,2002:float")
}


class _NotPlain(Exception):
    """The document needs the reference path."""


def _resolved(value: str) -> Any:
    """What SafeConstructor builds from an untagged plain scalar."""
    for tag, regexp in _RESOLVERS.get(value[:1], _WILDCARD):
        if regexp.match(value):
            if tag == _NULL:
                return None
            if tag == _INT and value.isdigit() and value[0] != "0":
                return int(value)  # what construct_yaml_int does with plain decimal digits
            if tag in _CONSTRUCTORS:
                return _CONSTRUCTORS[tag](_CONSTRUCTOR, ScalarNode(tag, value))
            raise _NotPlain
    return value


def parse_plain_yaml(text: str, max_depth: int) -> YamlDocument | None:
    """Parse a document of untagged scalars, lists and maps in one pass over the events.

    Returns exactly what ``parse_yaml`` would, or None when the document has anything else
    (a tag, anchor or alias, a merge key, a non-scalar key, a second document, nesting
    deeper than ``max_depth``, a syntax error): the caller then takes the careful path.
    ``parse_yaml`` composes a node tree, constructs from it and walks it again for
    positions; this is one pass. Events come from libyaml without recursion and this
    stops at ``max_depth``, so a deeply nested document is refused before it is built.
    """
    parser = _TextDatesLoader(text)
    next_event = parser.get_event
    doc = YamlDocument(None)
    lines = doc.lines
    duplicates = doc.duplicate_keys

    def node(event: Any, path: Path, depth: int) -> Any:
        """The value starting at ``event``; records the lines of its items and keys."""
        kind = type(event)
        if event.anchor is not None or event.tag is not None:
            raise _NotPlain
        if kind is ScalarEvent:
            value: str = event.value
            if event.implicit[0] and value[:1] in _RESOLVERS:  # plain, may be no string
                return _resolved(value)
            return value
        if depth >= max_depth:
            raise _NotPlain
        if kind is SequenceStartEvent:
            items: list[Any] = []
            while type(event := next_event()) is not SequenceEndEvent:
                item_path = (*path, len(items))
                lines[item_path] = event.start_mark.line + 1
                items.append(node(event, item_path, depth + 1))
            return items
        if kind is not MappingStartEvent:
            raise _NotPlain  # an alias
        mapping: dict[Any, Any] = {}
        seen: set[str] = set()
        while type(event := next_event()) is not MappingEndEvent:
            if type(event) is not ScalarEvent:
                raise _NotPlain  # a list or map as a key
            key = node(event, path, depth)
            raw: str = event.value
            line = event.start_mark.line + 1
            if raw in seen:
                duplicates.append(((*path, raw), line))
            seen.add(raw)
            value_path = (*path, _key(raw))
            lines[value_path] = line  # a value's line is its key's line
            mapping[key] = node(next_event(), value_path, depth + 1)
        return mapping

    try:
        next_event()  # StreamStartEvent
        if type(next_event()) is StreamEndEvent:
            return doc
        event = next_event()
        lines[()] = event.start_mark.line + 1
        doc.data = node(event, (), 0)
        if type(next_event()) is not DocumentEndEvent or type(next_event()) is not StreamEndEvent:
            return None  # a second document: parse_yaml reports it
    except (_NotPlain, yaml.YAMLError, ValueError):
        # ValueError: SafeConstructor and _key fail on a few odd scalars (``0b_``, ``²:``);
        # the reference path decides, so an alias later in the file is refused as before.
        return None
    finally:
        parser.dispose()
    return doc
