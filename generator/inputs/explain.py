"""Turn pydantic's validation errors into Chinese messages that show both sides."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ValidationError

Loc = tuple[str | int, ...]


def _got(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "…'"


def explain(error: dict[str, Any]) -> str:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    value = error.get("input")
    if kind == "missing":
        return "缺少必填字段 (expected a value)"
    if kind == "extra_forbidden":
        return f"未知字段 (got {_got(value)}; 检查拼写, 允许的字段见数据填报说明)"
    if kind == "literal_error":
        return f"取值不在允许范围 (got {_got(value)}, expected one of {ctx.get('expected')})"
    if kind in {"greater_than_equal", "greater_than"}:
        return f"不能小于 {ctx.get('ge', ctx.get('gt'))} (got {_got(value)})"
    if kind in {"less_than_equal", "less_than"}:
        return f"不能大于 {ctx.get('le', ctx.get('lt'))} (got {_got(value)})"
    if kind in {"float_parsing", "float_type", "int_parsing", "int_type", "int_from_float"}:
        return f"应为数字 (got {_got(value)}, expected a number such as 1200 or 1.2亿元)"
    if kind == "finite_number":
        return f"应为有限数字 (got {_got(value)}, expected a number such as 1200)"
    if kind in {"bool_parsing", "bool_type"}:
        return f"应为是/否 (got {_got(value)}, expected true/false or 是/否)"
    if kind in {"string_type"}:
        return f"应为文字 (got {_got(value)}, expected text)"
    if kind == "string_too_long":
        return f"文字过长 (got {len(str(value))} characters, expected at most {ctx.get('max_length')})"
    if kind == "string_too_short":
        return f"文字过短 (got {_got(value)}, expected at least {ctx.get('min_length')} characters)"
    if kind == "too_short":
        return f"至少需要 {ctx.get('min_length')} 项 (got {ctx.get('actual_length', 0)})"
    if kind == "string_pattern_mismatch":
        return f"格式不对 (got {_got(value)}, expected pattern {ctx.get('pattern')})"
    if kind in {"list_type", "tuple_type"}:
        return f"应为列表 (got {_got(value)}, expected a list: - item)"
    if kind in {"dict_type", "model_type", "model_attributes_type"}:
        return f"应为键值结构 (got {_got(value)}, expected key: value pairs)"
    if kind == "value_error":
        return str(ctx.get("error", error["msg"]))
    return f"{error['msg']} (got {_got(value)})"


def field_path(loc: Loc) -> str:
    """``('funding', 0, 'amount')`` → ``funding[0].amount``."""
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def validation_errors(exc: ValidationError) -> list[tuple[Loc, str]]:
    """Each error's location (without pydantic's union/function markers) and message."""
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
