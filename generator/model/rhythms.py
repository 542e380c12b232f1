"""How often a recurring task must report: 每日, 每周, 每月, 每季度, 每半年, 每年, or one of
them with a number of times, as plans write it (每月1—2次, 每周2次).

A task may have several rhythms (seed 004 三(三)4: 每日调度、每周报告、每月调度). Each
rhythm's cycle is the calendar day, ISO week, month, quarter, half-year or year; a cycle is
covered when it holds at least ``low`` progress notes. ``high`` (the 2 of 1—2次) is what
the document allows at most and is shown, not checked.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from generator.model.codes import CodedError
from generator.model.vocab import TASK_RHYTHMS

_PERIODS = {"日": "每日", "天": "每日", "周": "每周", "星期": "每周", "月": "每月",
            "季度": "每季度", "季": "每季度", "半年": "每半年", "年": "每年"}
_DIGITS = {"一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8,
           "九": 9, "十": 10}
_NUMBER = r"(\d{1,2}|[一二两三四五六七八九十])"
_PATTERN = re.compile(
    rf"^每(?P<period>日|天|星期|周|月|季度|季|半年|年)"
    rf"(?:(?:调度|报告|报送|召开)?(?P<low>{_NUMBER})(?:\s*[—–\-~～至到]\s*(?P<high>{_NUMBER}))?次)?$"
)
# What the JSON Schema says a rhythm looks like (the parser is the authority).
SCHEMA_PATTERN = r"^每(日|天|星期|周|月|季度|季|半年|年).*$"
EXAMPLES = ["每月", "每周", "每日", "每月1—2次"]
SEPARATORS = re.compile(r"[、，,；;/]+")


@dataclass(frozen=True, order=True)
class Rhythm:
    base: str  # 每日 … 每年, one of vocab.TASK_RHYTHMS
    low: int = 1  # notes each cycle needs
    high: int | None = None  # the most the document asks for, when it gives a range

    @property
    def text(self) -> str:
        """The rhythm as data keeps it: 每月, 每周2次, 每月1—2次."""
        if self.high is not None:
            return f"{self.base}{self.low}—{self.high}次"
        return self.base if self.low == 1 else f"{self.base}{self.low}次"


def _number(text: str) -> int:
    return int(text) if text.isdigit() else _DIGITS[text]


def parse_rhythm(text: str) -> Rhythm:
    """``每月1-2次`` → Rhythm("每月", 1, 2); CodedError("unknown-rhythm") otherwise."""
    written = "".join(str(text).split())
    match = _PATTERN.match(written)
    if match is None:
        raise CodedError("unknown-rhythm", got=text, allowed="、".join(TASK_RHYTHMS))
    base = _PERIODS[match["period"]]
    low = _number(match["low"]) if match["low"] else 1
    high = _number(match["high"]) if match["high"] else None
    if low < 1 or (high is not None and high < low):
        raise CodedError("unknown-rhythm", got=text, allowed="、".join(TASK_RHYTHMS))
    if high == low:
        high = None
    return Rhythm(base, low, high)


def rhythm_list(value: Any) -> Any:
    """A task's rhythms as data may write them: one (每月), several in one text
    (每日、每周、每月) or a list; each kept in its plain form (每月1-2次 → 每月1—2次)."""
    if value is None:
        return []
    items = SEPARATORS.split(value.strip()) if isinstance(value, str) else value
    if not isinstance(items, list):
        return value  # pydantic reports the wrong type
    out: list[Any] = []
    for item in items:
        if isinstance(item, str):
            if not item.strip():
                continue
            text = parse_rhythm(item).text
            if text not in out:
                out.append(text)
        else:
            out.append(item)
    return out
