"""The order in which Chinese names are listed: by pinyin, as a reader looks them up.

Sorting by code point puts 吴 (U+5434) before 张 (U+5F20) but also 杨 (U+6768) after 曾
(U+66FE) — an order no reader can follow. Lists of leaders, task forces and units are
sorted by their pinyin (pypinyin's dictionary, tone numbers to separate 汤 tāng from 唐
táng), then by the name itself, so equal readings keep one stable order. A person's
surname is read as a surname: 单 Shàn, 曾 Zēng, 解 Xiè — pypinyin reads the common word.
"""

from __future__ import annotations

import functools

# Surnames whose reading differs from the character's common one (pypinyin's default).
SURNAMES = {
    "单": "shan4", "曾": "zeng1", "解": "xie4", "仇": "qiu2", "区": "ou1", "查": "zha1",
    "朴": "piao2", "盖": "ge3", "尉": "yu4", "缪": "miao4", "覃": "qin2", "翟": "zhai2",
    "句": "gou1", "种": "chong2", "黑": "he4", "员": "yun4", "乐": "yue4", "召": "shao4",
    "华": "hua4", "纪": "ji3", "任": "ren2", "秘": "bi4", "繁": "po2",
}


@functools.cache
def pinyin_key(name: str, person: bool = False) -> tuple[tuple[str, ...], str]:
    """Sort key: the name's pinyin syllables (a person's surname read as one), then the
    name. Characters without a reading (Latin letters, digits) sort as themselves."""
    # Imported here: its dictionary takes about a second to load, which ``check`` (no
    # lists to sort) should not pay.
    from pypinyin import Style, lazy_pinyin

    syllables = lazy_pinyin(name, style=Style.TONE3, neutral_tone_with_five=True,
                            errors=lambda chars: list(chars))
    if person and name and name[0] in SURNAMES and syllables:
        syllables[0] = SURNAMES[name[0]]
    return tuple(s.lower() for s in syllables), name
