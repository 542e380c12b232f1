"""Names are listed by pinyin (a person's surname read as a surname), not by code point."""

from __future__ import annotations

import pandas as pd

from generator.figures.rankings import names
from generator.model.collation import pinyin_key


def test_names_sort_by_pinyin_not_code_point() -> None:
    people = ["杨晓东", "曾国强", "吴振华", "安娜", "张伟"]
    assert sorted(people) != sorted(people, key=pinyin_key)  # 曾 U+66FE before 杨 U+6768
    assert sorted(people, key=lambda n: pinyin_key(n, person=True)) == [
        "安娜", "吴振华", "杨晓东", "曾国强", "张伟"]


def test_a_surname_is_read_as_a_surname() -> None:
    assert pinyin_key("单立新", person=True)[0][0] == "shan4"
    assert pinyin_key("单立新")[0][0] == "dan1"  # a unit's name: the common reading


def test_equal_readings_keep_one_order_and_latin_sorts_too() -> None:
    assert sorted(["唐明", "汤明", "ABC公司"], key=pinyin_key) == ["ABC公司", "汤明", "唐明"]


def test_leader_lists_use_it() -> None:
    table = pd.DataFrame({"leader": ["杨晓东", "曾国强", None, "吴振华"]})
    assert names(table, "leader") == ["吴振华", "杨晓东", "曾国强"]
