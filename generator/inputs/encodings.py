"""Recognise the text encodings files arrive in, so a wrong one is named, never guessed.

Two judgements that both CSV and YAML need, as pure functions of the bytes:

- ``is_utf16``: Windows Notepad's "Unicode" and Excel's "Unicode 文本" save UTF-16, with a
  byte-order mark or without one. Without one, the ASCII characters every data file has
  (commas, digits, keys) show as a NUL byte beside each character, on one side only.
- ``garbled_gb``: Big5 (Traditional Chinese Windows) decodes as GB18030 almost always, into
  characters nobody writes: rare ideographs, private-use code points, kana and bopomofo.
  Real GBK text is nearly all GB2312 (6,763 ideographs cover 99.9 % of ordinary text) or,
  when written in traditional characters, Big5's 5,401 common ones; so a high share of
  other letters means the bytes are not GBK (Big5, Shift-JIS, or UTF-8 already garbled
  once). Only letters count: full-width punctuation and symbols (— · ㎡) are common in GBK
  files and outside GB2312 as Python maps it.
"""

from __future__ import annotations

import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
# Bytes looked at to judge UTF-16 without a BOM: plenty for a header row or a few keys.
_UTF16_SAMPLE = 4096
# A text is judged garbled when at least this many of its letters are uncommon ...
MIN_UNCOMMON = 3
# ... and they are at least this share of its letters. Real GBK files sit below 2 %
# (a rare character in a name), Big5 read as GBK near 50 %.
MAX_UNCOMMON_SHARE = 0.2
# Big5 text is judged Big5 when this share of its letters are Big5's common (level 1) set.
MIN_BIG5_COMMON_SHARE = 0.9


def is_utf16(raw: bytes) -> bool:
    """Whether ``raw`` is UTF-16 text: a UTF-16 BOM, or NULs on one side of ASCII characters.

    >>> is_utf16("code: XC-001\\n".encode("utf-16-le")), is_utf16(b"code: XC-001\\n")
    (True, False)
    """
    if raw.startswith(_UTF16_BOMS):
        return True
    sample = raw[:_UTF16_SAMPLE]
    sample = sample[: len(sample) // 2 * 2]
    if len(sample) < 4:
        return False
    half = len(sample) // 2
    for nul_side, codec in ((1, "utf-16-le"), (0, "utf-16-be")):
        nuls = sample[nul_side::2].count(0)
        others = sample[1 - nul_side :: 2].count(0)
        # A tenth of the characters ASCII is far below any data file; the other side may
        # have a few NULs too (U+4E00, U+5100 ... end in 00), never as many. A few NULs in a
        # short text are stray control characters, named as such, not UTF-16.
        if nuls >= 4 and nuls * 10 >= half and others * 4 <= nuls:
            try:
                raw[: len(raw) // 2 * 2].decode(codec)
            except UnicodeDecodeError:
                continue
            return True
    return False


@dataclass(frozen=True)
class Garbled:
    """Text that decoded but is not what was written: its first bad line, and a sample."""

    line: int
    sample: str
    big5: bool  # the bytes read as ordinary Traditional Chinese in Big5 (cp950)


def garbled_gb(raw: bytes, text: str | None) -> Garbled | None:
    """Judge GB18030 text (``text``, or None when ``raw`` did not decode as GB18030).

    Returns None when the text reads as ordinary Chinese (or has too few letters to say),
    else where it goes wrong and whether the bytes are Big5.
    """
    if text is not None:
        letters, uncommon = _count(text, _uncommon_gb)
        if uncommon < MIN_UNCOMMON or uncommon < MAX_UNCOMMON_SHARE * letters:
            return None
    big5 = _reads_as_big5(raw)
    if text is None:
        if not big5:
            return None
        text = raw.decode("cp950")
        check = _not_big5_common
    else:
        check = _uncommon_gb
    for number, line in enumerate(text.split("\n"), start=1):
        if any(check(ch) for ch in line):  # stops at the first: a line may be megabytes
            return Garbled(number, line.strip()[:40], big5)
    return Garbled(1, "", big5)  # pragma: no cover - a count above means a line has one


def _count(text: str, uncommon: Callable[[str], bool]) -> tuple[int, int]:
    """Letters (non-ASCII, not punctuation or symbols) and how many of them are uncommon."""
    letters = bad = 0
    for ch, count in Counter(text).items():  # each distinct character judged once
        if not ch.isascii() and _is_letter(ch):
            letters += count
            bad += count if uncommon(ch) else 0
    return letters, bad


@lru_cache(maxsize=8192)
def _is_letter(ch: str) -> bool:
    """Letters, and private-use code points (GB18030 maps unassigned GBK bytes there)."""
    category = unicodedata.category(ch)
    return category[0] == "L" or category == "Co"


@lru_cache(maxsize=8192)
def _uncommon_gb(ch: str) -> bool:
    """Not a letter ordinary Chinese text has: not Han, or neither common simplified (GB2312)
    nor common traditional (Big5 level 1; GBK has those too, and they are written)."""
    if ch.isascii() or not _is_letter(ch):
        return False
    if unicodedata.category(ch) == "Co":
        return True
    if not ("\u4e00" <= ch <= "\u9fff"):
        return True  # kana, bopomofo, Cyrillic: in GB2312, but not in a county's tables
    try:
        ch.encode("gb2312")
    except UnicodeEncodeError:
        return _not_big5_common(ch)
    return False


@lru_cache(maxsize=8192)
def _not_big5_common(ch: str) -> bool:
    """A letter outside Big5 level 1, the 5,401 common Traditional Chinese characters."""
    if ch.isascii() or not _is_letter(ch):
        return False
    try:
        lead = ch.encode("cp950")[0]
    except UnicodeEncodeError:
        return True
    return not 0xA4 <= lead <= 0xC6


def _reads_as_big5(raw: bytes) -> bool:
    try:
        text = raw.decode("cp950")
    except UnicodeDecodeError:
        return False
    letters, uncommon = _count(text, _not_big5_common)
    return letters > 0 and uncommon <= (1 - MIN_BIG5_COMMON_SHARE) * letters
