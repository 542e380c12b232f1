"""Search terms (``present.search``): what a page is found by beyond its opening lines."""

from __future__ import annotations

from generator.model.models import Unit
from generator.model.units import UnitRegister
from generator.present import search
from generator.site import mkdocs_hooks

REGISTER = UnitRegister([Unit(code="fgj", name="县发展改革局", aliases=["县发改局", "发展改革局"])])


def test_names_are_indexed_without_their_place_too() -> None:
    assert search.variants("示例市裕丰建设工程有限公司") == [
        "示例市裕丰建设工程有限公司", "裕丰建设工程有限公司"]
    assert search.variants("县发改局") == ["县发改局", "发改局"]
    assert search.variants("城关镇人民政府") == ["城关镇人民政府"]
    assert search.variants("县局") == ["县局"]  # nothing left worth a word
    assert search.variants(None) == []
    assert search.place_variants("城关镇") == ["城关镇", "城关"]
    assert search.place_variants("东城街道") == ["东城街道", "东城"]
    assert search.place_variants("示例县经济开发区") == ["示例县经济开发区"]


def test_a_unit_is_found_under_every_name_the_register_gives_it() -> None:
    names = search.unit_names("县发改局", REGISTER)
    assert names[:2] == ["县发改局", "发改局"]
    assert {"县发展改革局", "发展改革局"} <= set(names)
    assert search.unit_names("不在名录的单位", REGISTER) == ["不在名录的单位"]
    assert "发改局" in search.unit_terms(REGISTER.units[0]).split()


def test_the_hooks_read_the_key_the_pages_write() -> None:
    assert mkdocs_hooks.SEARCH_META == search.SEARCH_META
