"""Turn pydantic's validation errors into catalogued codes and the values of their messages.

Pydantic has many error kinds; they fall into a few codes by what the user has to do
(a missing field, an unknown field, a wrong type, a value outside the allowed ones ...).
Rules of the models raise ``CodedError`` and keep their own code.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ValidationError

from generator.model.codes import CodedError
from generator.model.vocab import PLACEHOLDER

Loc = tuple[str | int, ...]
Explained = tuple[str, dict[str, Any]]  # a code and the values of its message


class Shown:
    """A value as quoted in a message: its repr, cut to 60 characters."""

    def __init__(self, value: Any) -> None:
        self.value = value

    def __repr__(self) -> str:
        text = repr(self.value)
        if len(text) <= 60:
            return text
        # A quoted text keeps its closing quote; a long number or list gets none.
        return text[:57] + "…" + (text[0] if text[0] in "'\"" else "")


# Error kinds that mean "a value of the wrong type", by the code that says which type.
_TYPE_CODES = {
    **dict.fromkeys(("float_parsing", "float_type", "int_parsing", "int_type", "int_from_float"),
                    "not-a-number"),
    "finite_number": "not-finite",
    **dict.fromkeys(("bool_parsing", "bool_type"), "not-yes-no"),
    "string_type": "not-text",
    **dict.fromkeys(("list_type", "tuple_type"), "not-a-list"),
    **dict.fromkeys(("dict_type", "model_type", "model_attributes_type"), "not-a-mapping"),
}


def explain(error: dict[str, Any]) -> Explained:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    value = error.get("input")
    got = Shown(value)
    if isinstance(value, str) and value.strip() == PLACEHOLDER:
        return "placeholder-value", {}  # written by the ledger import: fill in the value
    if kind == "missing":
        return "missing-field", {}
    if kind == "extra_forbidden":
        return "unknown-field", {"got": got}
    if kind == "literal_error":
        return "not-allowed-value", {"got": got, "allowed": ctx.get("expected")}
    if kind in {"greater_than_equal", "greater_than"}:
        return "below-minimum", {"limit": ctx.get("ge", ctx.get("gt")), "got": got}
    if kind in {"less_than_equal", "less_than"}:
        return "above-maximum", {"limit": ctx.get("le", ctx.get("lt")), "got": got}
    if kind in _TYPE_CODES:
        return _TYPE_CODES[kind], {"got": got}
    if kind == "string_too_long":
        return "text-too-long", {"length": len(str(value)), "limit": ctx.get("max_length")}
    if kind == "string_too_short":
        return "text-too-short", {"got": got, "limit": ctx.get("min_length")}
    if kind == "too_short":
        return "too-few-items", {"limit": ctx.get("min_length"),
                                 "count": ctx.get("actual_length", 0)}
    if kind == "string_pattern_mismatch":
        return "bad-format", {"got": got, "pattern": ctx.get("pattern")}
    cause = ctx.get("error")
    if kind == "value_error" and isinstance(cause, CodedError):
        # A rule quotes the value as typed: a 5000-digit number stays one line all the same.
        values = dict(cause.values)
        if "got" in values:
            values["got"] = Shown(values["got"])
        return cause.code, values
    # A kind no model produces today (or a rule that raised a plain ValueError).
    detail = str(cause) if kind == "value_error" and cause is not None else error["msg"]
    return "bad-value", {"detail": detail, "got": got}


def field_path(loc: Loc) -> str:
    """``('funding', 0, 'amount')`` → ``funding[0].amount``."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def validation_errors(exc: ValidationError) -> list[tuple[Loc, Explained]]:
    """Each error's location (without pydantic's union/function markers), code and values."""
    out = []
    for error in exc.errors(include_url=False):
        loc = tuple(p for p in error["loc"] if not (isinstance(p, str) and "[" in p))
        out.append((loc, explain(error)))
    return out


def model_title(model: type[BaseModel], loc: Loc) -> str | None:
    """The Chinese title of the field at ``loc``, for messages."""
    current: Any = model
    title = None
    for part in loc:
        if isinstance(part, int) or not (isinstance(current, type) and issubclass(current, BaseModel)):
            continue
        info = current.model_fields.get(part)
        if info is None:
            return title
        title = info.title
        annotation = info.annotation
        args = getattr(annotation, "__args__", ())
        current = next(
            (a for a in (annotation, *args) if isinstance(a, type) and issubclass(a, BaseModel)),
            None,
        )
    return title
