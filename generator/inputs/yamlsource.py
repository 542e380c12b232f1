"""Read YAML safely and remember where every value stands.

Only plain data is built (no Python objects, no tags that execute anything). Dates stay
the text the user wrote, so that ``2025-3`` and ``2025-03-15`` go through one parser.
Numbers are built only from plain decimal, booleans only from true/false: whatever else
YAML 1.1 reads as a number or a boolean (``0631`` as 409, ``1:30`` as 90, ``yes``) stays
the text typed, for ``generator.model.numbers`` to refuse with what to write. Two keys of
one mapping that read as the same key (``2025``, ``'2025'``, ``0x7E9``, ``2025.0``) are a
duplicate, however they are spelled. Control characters are refused with their line and
column when typed (``yaml-bad-character``), and when escaped in double quotes in a key or
as a lone surrogate (``yaml-control-escape``); in a value the field's check names them.
Positions let a validation error name the line of the offending field.

``parse_yaml_file`` reads one file's bytes: ``parse_plain_yaml`` is its fast path, for the
documents nearly every data file is (untagged scalars, lists and maps); anything else goes
through ``_yaml_guard`` and ``parse_yaml``, the reference, which the fast path must match
exactly; it is taken only with the PyYAML ``generator.model.verified`` names. The result is
a pure function of the bytes, so it can be cached.
"""

from __future__ import annotations

import re
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
from generator.model.numbers import DECIMAL_FLOAT, DECIMAL_INT
from generator.model.verified import use_fast_path

_Base: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _TextDatesLoader(_Base):  # type: ignore[misc, valid-type]
    """SafeLoader that leaves timestamps, and numbers and booleans not written plainly, as the
    strings the user typed."""


_TextDatesLoader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}

_NULL = "tag:yaml.org,2002:null"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"


def _int(text: str) -> int | str:
    return int(text) if DECIMAL_INT.fullmatch(text) else text


def _float(text: str) -> float | str:
    return float(text) if DECIMAL_FLOAT.fullmatch(text) or DECIMAL_INT.fullmatch(text) else text


def _bool(text: str) -> bool | str:
    lowered = text.lower()
    return lowered == "true" if lowered in {"true", "false"} else text


_SCALARS = {_INT: _int, _FLOAT: _float, _BOOL: _bool}


def _construct(function: Any) -> Any:
    def construct(loader: SafeConstructor, node: ScalarNode) -> Any:
        return function(loader.construct_scalar(node))

    return construct


# Also for explicit ``!!int 0631`` or ``!!bool maybe`` (which SafeConstructor fails on).
for _tag, _function in _SCALARS.items():
    _TextDatesLoader.add_constructor(_tag, _construct(_function))

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
    except yaml.reader.ReaderError as exc:
        raise _bad_character(text, exc) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark is not None else None
        raise YamlSyntaxError(line, "yaml-syntax", problem=exc.problem or exc) from None
    except yaml.YAMLError as exc:
        raise YamlSyntaxError(None, "yaml-syntax", problem=exc) from None
    except ValueError:
        # No scalar is built by int() or float() but plain decimal any more; kept in case a
        # PyYAML version builds one differently.
        line, value = _unreadable_scalar(node)
        raise YamlSyntaxError(line, "yaml-unreadable-value", got=value) from None
    finally:
        loader.dispose()
    _record_positions(node, (), doc)
    return doc


def _bad_character(text: str, exc: yaml.reader.ReaderError) -> YamlSyntaxError:
    """The character the reader refused, with its line and column.

    PyYAML says only "position 33", counted in characters by the Python reader and in
    UTF-8 bytes by libyaml; the reader refuses the first such character it meets, so it is
    that character's first occurrence.
    """
    character = exc.character
    index = text.find(chr(character)) if isinstance(character, int) else -1
    if index < 0:
        return YamlSyntaxError(None, "yaml-syntax", problem=exc)
    line = text.count("\n", 0, index) + 1
    column = index - text.rfind("\n", 0, index)
    return YamlSyntaxError(line, "yaml-bad-character", char=f"U+{character:04X}", column=column)


# What a double-quoted escape (\x1b, \0, \N, \ud800) can write that no one can see or
# type. In a key, any control character; in a value, a lone surrogate, which no page could
# encode. A control character in a value is left to the field's own check, which names the
# field and the character's position, so that one run reports every field that has one.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
_SURROGATE = re.compile("[\ud800-\udfff]")


def _control_escape(node: ScalarNode, key: bool = False) -> YamlSyntaxError | None:
    found = (_CONTROL if key else _SURROGATE).search(node.value) if node.style == '"' else None
    if found is None:
        return None
    mark = node.start_mark
    return YamlSyntaxError(mark.line + 1, "yaml-control-escape",
                           char=f"U+{ord(found[0]):04X}", column=mark.column + 1)


def _record_positions(node: yaml.Node, path: Path, doc: YamlDocument) -> None:
    doc.lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.ScalarNode):
        problem = _control_escape(node)
        if problem is not None:
            raise problem
    elif isinstance(node, yaml.MappingNode):
        seen_raw: set[str] = set()
        seen: set[Any] = set()
        for key_node, value_node in node.value:
            raw = key_node.value
            if not isinstance(key_node, ScalarNode):  # pragma: no cover - refused when built
                raise YamlSyntaxError(key_node.start_mark.line + 1, "yaml-syntax",
                                      problem="a list or map as a key")
            problem = _control_escape(key_node, key=True)
            if problem is not None:
                raise problem
            key = _built(key_node)
            identity = _identity(key)
            if raw in seen_raw or identity in seen:
                doc.duplicate_keys.append(((*path, raw), key_node.start_mark.line + 1))
            seen_raw.add(raw)
            seen.add(identity)
            _record_positions(value_node, (*path, _path_key(key, raw)), doc)
            doc.lines[(*path, _path_key(key, raw))] = key_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _record_positions(item, (*path, index), doc)


def _built(node: yaml.Node) -> Any:
    """The key the constructor built from a key node (a scalar: other keys are refused)."""
    if node.tag == _NULL:
        return None
    scalar = _SCALARS.get(node.tag)
    return scalar(node.value) if scalar is not None else node.value


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


def _path_key(key: Any, raw: str) -> Any:
    """How a position names a mapping key: as pydantic's error locations do.

    A number key (annual_plan years) is the number; a quoted year (``'2025'``) the int
    pydantic makes of it; "²" and "０" are digits to str.isdigit but stay text, and so do
    digit strings too long for a year (int() of 5000 digits raises).
    """
    if type(key) is int or type(key) is float:
        return key
    if raw.isascii() and raw.isdigit() and len(raw) <= 20:
        return int(raw)
    return raw


_NUMBER_FIRST = frozenset("+-.0123456789")


def _identity(key: Any) -> Any:
    """What ``key`` is the same key as: the number YAML 1.1 or pydantic would read in it.

    ``2025``, ``'2025'``, ``0x7E9``, ``2_025``, ``+2025`` and ``2025.0`` are one annual_plan
    year: kept as different keys of the mapping (or merged by Python, 2025 == 2025.0), the
    model would keep one amount and drop the other without a word.
    """
    if not isinstance(key, str) or key[:1] not in _NUMBER_FIRST:
        return key
    for tag, regexp in _RESOLVERS.get(key[:1], ()):
        if regexp.match(key):
            if tag not in (_INT, _FLOAT):
                return key
            try:
                read = SafeConstructor.yaml_constructors[tag](_CONSTRUCTOR, ScalarNode(tag, key))
            except ValueError:  # 0x_, or more digits than int() takes
                return key
            return key if read != read else read  # NaN equals nothing, not even itself
    return key


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

# Implicit resolvers by first character, wildcard resolvers appended, as Resolver.resolve
# tries them. A plain scalar whose first character has none is a string.
_WILDCARD: list[tuple[str, Any]] = _TextDatesLoader.yaml_implicit_resolvers.get(None, [])
_RESOLVERS: dict[str, list[tuple[str, Any]]] = {
    first: resolvers + _WILDCARD
    for first, resolvers in _TextDatesLoader.yaml_implicit_resolvers.items()
    if first is not None
}
_CONSTRUCTOR = SafeConstructor()  # YAML 1.1's own reading of a key, for _identity


class _NotPlain(Exception):
    """The document needs the reference path."""


def _resolved(value: str) -> Any:
    """What the loader's constructors build from an untagged plain scalar; resolved tags
    other than these (merge ``<<``, value ``=``, ...) send the document to the reference
    path."""
    for tag, regexp in _RESOLVERS.get(value[:1], _WILDCARD):
        if regexp.match(value):
            if tag == _NULL:
                return None
            scalar = _SCALARS.get(tag)
            if scalar is None:
                raise _NotPlain
            return scalar(value)
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
            if event.style == '"' and _CONTROL.search(value):
                raise _NotPlain  # the reference path reports it
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
        seen_raw: set[str] = set()
        seen: set[Any] = set()
        while type(event := next_event()) is not MappingEndEvent:
            if type(event) is not ScalarEvent:
                raise _NotPlain  # a list or map as a key
            key = node(event, path, depth)
            raw: str = event.value
            line = event.start_mark.line + 1
            identity = _identity(key)
            if raw in seen_raw or identity in seen:
                duplicates.append(((*path, raw), line))
            seen_raw.add(raw)
            seen.add(identity)
            value_path = (*path, _path_key(key, raw))
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
        # The reference path decides, so an alias later in the file is refused as before.
        return None
    finally:
        parser.dispose()
    return doc
