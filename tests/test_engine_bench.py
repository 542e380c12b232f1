"""The engine comparison (tools.engine_bench) gives zensical the site's own config, flattened
to what zensical accepts: the measurements in bench/README.md rest on it."""

from __future__ import annotations

from pathlib import Path

import yaml

from tools.engine_bench import flat_config, zensical_config

ROOT = Path(__file__).resolve().parent.parent


def _site_config(tmp_path: Path) -> Path:
    """A site config as generator.site.build writes it: INHERIT of the shared mkdocs.yml."""
    path = tmp_path / "mkdocs.yml"
    path.write_text(yaml.safe_dump({
        "INHERIT": str(ROOT / "mkdocs.yml"),
        "site_name": "示例县重点项目调度平台(内部)",
        "docs_dir": str(tmp_path / "docs"),
        "theme": {"custom_dir": "/overrides"},
        "plugins": [{"search": {"lang": "zh", "separator": "[\\s]+"}}, "offline"],
        "hooks": ["/hooks.py"],
    }, allow_unicode=True), "utf-8")
    return path


def test_flat_config_merges_the_inherited_file_as_mkdocs_does(tmp_path: Path) -> None:
    flat = flat_config(_site_config(tmp_path))
    assert "INHERIT" not in flat
    assert flat["site_name"] == "示例县重点项目调度平台(内部)"
    assert flat["theme"]["name"] == "material"  # from the shared file
    assert flat["theme"]["custom_dir"] == "/overrides"  # the site's own wins
    assert flat["plugins"] == [{"search": {"lang": "zh", "separator": "[\\s]+"}}, "offline"]
    assert flat["markdown_extensions"][0] == "attr_list"


def test_zensical_gets_only_options_it_knows(tmp_path: Path) -> None:
    flat = flat_config(_site_config(tmp_path))
    out = zensical_config(flat, exclude=("bulletins/",))
    assert "hooks" not in out
    assert out["plugins"] == {"search": {"enabled": True, "separator": "[\\s]+"},
                              "offline": {"enabled": True}}
    assert (out["docs_dir"], out["site_dir"]) == ("docs", "site")  # beside the config
    assert out["exclude_docs"] == "bulletins/\n"
    off = zensical_config(flat, search=False)
    assert off["plugins"]["search"] == {"enabled": False, "separator": "[\\s]+"}
    assert "exclude_docs" not in off
