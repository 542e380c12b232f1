"""The render memo: a page comes back from the last build only when what it was rendered
from is the same, in any process."""

from __future__ import annotations

import datetime
import os
import subprocess
import sys
from pathlib import Path

from generator.model.dates import PartialDate
from generator.model.models import SiteConfig
from generator.pages.memo import RenderMemo, code_digest, fingerprint

ROOT = Path(__file__).resolve().parents[1]


def _config() -> SiteConfig:
    return SiteConfig.model_validate({"region": "示例县", "title": "示例县重点项目", "report_date": "2025-10",
                                        "townships": [{"code": "cgz", "name": "城关镇"}]})


def test_fingerprint_follows_every_value() -> None:
    base = {"rows": [("a", 1.5, datetime.date(2025, 1, 2))], "title": "项目"}
    assert fingerprint(base) == fingerprint({"rows": [("a", 1.5, datetime.date(2025, 1, 2))],
                                            "title": "项目"})
    assert fingerprint(base) != fingerprint({**base, "title": "项目 "})
    assert fingerprint(base) != fingerprint({"rows": [("a", 1.25, datetime.date(2025, 1, 2))],
                                            "title": "项目"})
    assert fingerprint(base, b"code 1") != fingerprint(base, b"code 2")
    config = _config()
    changed = config.model_copy(update={"region": "示例市"})
    assert fingerprint(config) != fingerprint(changed)
    assert fingerprint(PartialDate.parse("2025-03")) != fingerprint(PartialDate.parse("2025-04"))


def test_equal_values_agree_whether_or_not_they_are_one_object() -> None:
    """A cache that keeps an object hands out one object where, once it has let it go, it
    makes two equal ones: the page is the same, so must be the key."""
    shared = "".join(["县发展", "改革局"])
    apart = ["".join(["县发展", "改革局"]), "".join(["县发展", "改革局"])]
    assert apart[0] is not apart[1]
    assert fingerprint([shared, shared]) == fingerprint(apart)
    cyclic: list[object] = []
    cyclic.append(cyclic)
    memo = RenderMemo(Path("/nonexistent/memo.json"), Path("/nonexistent"), b"")
    assert memo.key(cyclic) is None  # not recalled, rendered


def test_processes_with_other_hash_seeds_agree() -> None:
    """pydantic keeps the fields set in a set, whose order follows the hash seed: the
    fingerprint reads models field by field, so a rebuild in a new process still finds
    its pages."""
    script = ("from tests.test_memo import _config; from generator.pages.memo import fingerprint;"
              "print(fingerprint((_config(), {'甲': [_config()]})))")
    seen = set()
    for seed in ("1", "2", "3"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        out = subprocess.run([sys.executable, "-c", script], cwd=ROOT, env=env,
                             capture_output=True, text=True, check=True)
        seen.add(out.stdout.strip())
    assert len(seen) == 1


def test_a_page_is_recalled_only_with_the_same_key_and_after_a_finished_build(
    tmp_path: Path,
) -> None:
    docs = tmp_path / "docs"
    (docs / "p").mkdir(parents=True)
    (docs / "p" / "index.md").write_text("上次的页面", "utf-8")
    record = tmp_path / "memo.json"
    first = RenderMemo(record, docs, b"salt")
    key = first.key(("project.md", "p/index.md", {"name": "甲"}))
    assert first.recall("p/index.md", key) is None  # nothing recorded yet
    first.save()
    second = RenderMemo(record, docs, b"salt")
    assert not record.exists()  # taken away until this build finishes
    assert second.recall("p/index.md", key) == "上次的页面"
    other = second.key(("project.md", "p/index.md", {"name": "乙"}))
    assert second.recall("p/index.md", other) is None
    assert (second.hits, second.misses) == (1, 1)
    # A build that stops before save() leaves no record: the next one renders everything.
    third = RenderMemo(record, docs, b"salt")
    assert third.recall("p/index.md", key) is None
    # Another salt (the code or the templates changed) recalls nothing.
    second.save()
    assert RenderMemo(record, docs, b"other").recall("p/index.md", key) is None


def test_a_value_that_does_not_pickle_is_rendered_every_time(tmp_path: Path) -> None:
    memo = RenderMemo(tmp_path / "memo.json", tmp_path, b"")
    assert memo.key({"f": lambda: 1}) is None
    assert memo.recall("x.md", None) is None


def test_code_digest_follows_file_contents(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text("x = 1", "utf-8")
    before = code_digest([tmp_path], ["jinja2 3.1.6"])
    assert before == code_digest([tmp_path], ["jinja2 3.1.6"])
    assert before != code_digest([tmp_path], ["jinja2 3.1.7"])
    (tmp_path / "a.py").write_text("x = 2", "utf-8")
    assert before != code_digest([tmp_path], ["jinja2 3.1.6"])
