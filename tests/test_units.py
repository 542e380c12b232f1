"""One name per unit: names normalised before lookup, "did you mean" for unknown names,
groups (统称) and their members, and the register's name on every page and export."""

from __future__ import annotations

import csv
import difflib
import html
import io
import json
import re
import shutil
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
from docx import Document

from generator.figures.tasks import assess_plans, by_unit
from generator.model.dataset import Dataset
from generator.model.models import Approval, FinalAccounts, Plan, Problem, Unit
from generator.model.units import UnitRegister, name_key
from generator.rules.check import check
from generator.rules.unitnames import canonical_units
from generator.rules.validate import did_you_mean
from generator.rules.visibility import view
from generator.site.render import SiteContent, render_site

DATA = Path(__file__).resolve().parent.parent / "data"

REGISTER = UnitRegister([
    Unit(code="fgj", name="县发展改革局", aliases=["县发改局", "县发改委"]),
    Unit(code="czj", name="县财政局"),
    Unit(code="wgl", name="县文化广电和旅游局", aliases=["县文广旅局"]),
    Unit(code="sthj", name="县生态环境局", aliases=["忻城生态环境局"]),
    Unit(code="rmyh", name="人民银行示例县支行", kind="金融机构"),
    Unit(code="cg", name="城关镇人民政府", kind="乡镇"),
    Unit(code="hk", name="河口镇人民政府", kind="乡镇"),
    Unit(code="xz", name="各乡（镇）人民政府", aliases=["各乡镇人民政府"], kind="乡镇",
         member_kinds=["乡镇"]),
    Unit(code="bm", name="县直各有关部门", member_kinds=["县直部门"]),
    Unit(code="lx", name="各重大项目联系单位", kind="其他",
         members=["县发改局", "人民银行示例县支行", "各乡镇人民政府", "不存在的单位"]),
])


# --- normalisation ------------------------------------------------------------------------


@pytest.mark.parametrize("written", [
    "各乡（镇）人民政府", "各乡(镇)人民政府", "各乡〔镇〕人民政府", "各乡【镇】人民政府",
    "各乡 (镇) 人民政府", "各乡（镇）\u3000人民政府", "各乡镇人民政府",
])
def test_brackets_and_spaces_do_not_make_another_unit(written: str) -> None:
    unit = REGISTER.resolve(written)
    assert unit is not None and unit.code == "xz", written


def test_full_width_letters_and_digits_are_plain() -> None:
    register = UnitRegister([Unit(code="g5", name="5G基站建设专班")])
    assert register.resolve("５Ｇ基站建设专班").code == "g5"  # type: ignore[union-attr]
    assert name_key("ＡＢ－１") == name_key("AB-1") == "AB-1"


def test_county_prefix_where_the_register_writes_it() -> None:
    # Seed 004 writes "县经贸局、发展改革局、重大办": 县 once for the whole list.
    assert REGISTER.resolve("发展改革局").code == "fgj"  # type: ignore[union-attr]
    assert REGISTER.resolve("发改局").code == "fgj"  # via the alias 县发改局  # type: ignore[union-attr]
    assert REGISTER.resolve("财政局").code == "czj"  # type: ignore[union-attr]
    # The register does not write 人民银行 with 县 before it: no guess.
    assert REGISTER.resolve("县人民银行示例县支行") is None
    assert REGISTER.resolve("城关镇") is None  # a township is not its government


def test_a_name_is_resolved_once_however_often_asked() -> None:
    register = UnitRegister(list(REGISTER.given))
    first = register.resolve("县 发改局")
    assert first is register.resolve("县 发改局") is register.resolve("县发改局")


def test_spellings_that_normalise_alike_clash_in_the_register() -> None:
    register = UnitRegister([
        Unit(code="a", name="各乡（镇）人民政府"),
        Unit(code="b", name="县财政局", aliases=["各乡(镇)人民政府"]),
    ])
    clash, = register.duplicates()
    assert (clash.first.code, clash.second.code, clash.alias) == ("a", "b", 0)


# --- did you mean ---------------------------------------------------------------------------


@pytest.mark.parametrize(("written", "nearest"), [
    ("县文旅局", "wgl"),  # near the alias 县文广旅局
    ("忻城县生态环境局", "sthj"),
    ("县发展和改革局", "fgj"),
    ("人民银行示例支行", "rmyh"),
])
def test_unknown_names_get_the_nearest_register_names(written: str, nearest: str) -> None:
    assert REGISTER.resolve(written) is None
    found = REGISTER.suggest(written)
    assert found and found[0][0].code == nearest, found
    assert len(found) <= 3


def test_a_repeated_unknown_name_is_compared_with_the_register_once(monkeypatch) -> None:
    """Ten thousand problem rows with one misspelt unit cost one search, not ten thousand."""
    register = UnitRegister(list(REGISTER.given))
    compared: list[str] = []
    real = difflib.SequenceMatcher

    def counting(*args, **kwargs):  # type: ignore[no-untyped-def]
        compared.append(args[1])
        return real(*args, **kwargs)

    monkeypatch.setattr(difflib, "SequenceMatcher", counting)
    first = register.suggest("县文旅局")
    searched = len(compared)
    assert searched and register.suggest("县 文旅局") == first  # the same name, spaced
    assert len(compared) == searched


def test_did_you_mean_names_the_full_name_and_the_spelling_it_matched() -> None:
    assert did_you_mean(REGISTER, "县文旅局") == "是否为: 县文化广电和旅游局 (又称 县文广旅局)?"
    assert did_you_mean(REGISTER, "县住房和城乡建设局").startswith("名录中没有相近的名称")


def test_check_offers_the_nearest_name(minimal_data: Path) -> None:
    (minimal_data / "units.yaml").write_text(
        "- {code: slj, name: 示例县水利局}\n- {code: nyj, name: 县农业农村局}\n",
        encoding="utf-8")
    _, findings = check(minimal_data)
    unknown = [f for f in findings if f.code == "unknown-unit"]
    assert [str(f) for f in unknown] == [
        "data/projects/XC-002.yaml:8: department: 不是已登记的单位 (got '示例县农业农村局'; "
        "是否为: 县农业农村局?) [unknown-unit]"]


# --- groups ---------------------------------------------------------------------------------


def test_group_members_by_kind_and_by_name() -> None:
    towns = REGISTER.members(REGISTER.get("xz"))  # type: ignore[arg-type]
    assert [u.code for u in towns] == ["cg", "hk"]  # groups are never members
    departments = REGISTER.members(REGISTER.get("bm"))  # type: ignore[arg-type]
    assert [u.code for u in departments] == ["fgj", "czj", "wgl", "sthj"]
    liaison = REGISTER.members(REGISTER.get("lx"))  # type: ignore[arg-type]
    assert [u.code for u in liaison] == ["fgj", "rmyh"]  # no group, no unknown name
    assert REGISTER.members(REGISTER.get("czj")) == ()  # type: ignore[arg-type]
    assert [g.code for g in REGISTER.groups_of(REGISTER.get("fgj"))] == ["bm", "lx"]  # type: ignore[arg-type]


def _plan(*tasks: dict[str, object]) -> Plan:
    return Plan.model_validate({
        "id": "p", "title": "方案", "issuer": "县政府办", "date": "2025-01-01",
        "sections": [{"number": "一", "title": "任务", "tasks": [
            {"number": str(i), "text": f"任务{i}", "deadline": "2025-12-31", **t}
            for i, t in enumerate(tasks, start=1)]}],
    })


def test_a_group_task_is_each_members_task_once_marked_as_such() -> None:
    plan = _plan(
        {"lead": ["县财政局"], "support": ["各乡(镇)人民政府"]},  # 1: towns support via group
        {"lead": ["各乡镇人民政府"], "support": ["城关镇人民政府"]},  # 2: 城关镇 leads via group
        {"lead": ["城关镇人民政府"], "support": ["各乡镇人民政府"]},  # 3: named lead wins
        {"lead": ["县直各有关部门"], "support": ["县财政局"]},  # 4: lead via group beats named support
    )
    work = by_unit(assess_plans([plan], date(2025, 10, 31), REGISTER), REGISTER)
    cg, hk, czj = work["cg"], work["hk"], work["czj"]
    numbers = lambda states: [s.task.number for s in states]  # noqa: E731
    assert numbers(cg.lead) == ["2", "3"] and numbers(cg.support) == ["1"]
    assert numbers(hk.lead) == ["2"] and numbers(hk.support) == ["1", "3"]
    assert {s.task.number: cg.through(s).code for s in cg.lead + cg.support  # type: ignore[union-attr]
            if cg.through(s)} == {"1": "xz", "2": "xz"}
    assert cg.through_groups == 2 and hk.through_groups == 3
    assert numbers(czj.lead) == ["1", "4"] and czj.support == []
    assert czj.through(czj.lead[1]).code == "bm"  # type: ignore[union-attr]
    assert numbers(work["xz"].lead) == ["2"] and numbers(work["xz"].support) == ["1", "3"]
    assert "bm" in work and all(s.task.number == "4" for s in work["bm"].lead)


def test_without_a_register_nothing_expands() -> None:
    plan = _plan({"lead": ["各乡镇人民政府"]})
    work = by_unit(assess_plans([plan], date(2025, 10, 31), UnitRegister([])))
    assert list(work) == ["?各乡镇人民政府"]


# --- the register's name in the data the sites are built from -------------------------------


def test_the_view_writes_every_unit_as_the_register_names_it(minimal_data: Path) -> None:
    ds, findings = check(minimal_data)
    assert ds is not None, findings
    approval = Approval(kind="立项/可研批复", authority="发改局", status="办理中")
    project = ds.projects["XC-001"].model_copy(update={
        "department": "县发改局", "owner": "县 财政局", "approvals": [approval, approval],
        "final_accounts": FinalAccounts(date="2025-01-10", amount=100, approved_by="财政局"),
    })
    problem = Problem.model_validate({
        "id": "W1", "project": "XC-001", "raised": "2025-03-01", "kind": "资金",
        "description": "缺口", "unit": "县发改委", "level": "县", "status": "待协调"})
    plan = _plan({"lead": ["县发改局", "县发展改革局"], "support": ["县发改委", "财政局", "未登记"]})
    raw = Dataset(root=ds.root, config=ds.config, projects={"XC-001": project},
                  project_files=ds.project_files, problems=[problem], plans=[plan],
                  units=list(REGISTER.given))
    shown = canonical_units(raw)
    assert shown.projects["XC-001"].department == "县发展改革局"
    assert shown.projects["XC-001"].owner == "县财政局"
    assert [a.authority for a in shown.projects["XC-001"].approvals] == ["县发展改革局"] * 2
    assert shown.projects["XC-001"].final_accounts.approved_by == "县财政局"  # type: ignore[union-attr]
    assert shown.problems[0].unit == "县发展改革局"
    task = shown.plans[0].sections[0].tasks[0]
    assert task.lead == ["县发展改革局"] and task.support == ["县财政局", "未登记"]
    assert raw.projects["XC-001"].department == "县发改局"  # the data itself is untouched
    assert view(raw, "internal").projects["XC-001"].department == "县发展改革局"
    assert canonical_units(shown) is shown  # nothing left to change: no copy


# --- no unit under two names anywhere on the sample sites -----------------------------------


class _Tables(HTMLParser):
    """Every table of a page as header texts and rows of cell texts (links' text kept)."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: list[tuple[list[str], list[list[str]]]] = []
        self._cell: list[str] | None = None
        self._row: list[str] | None = None
        self._in_head = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "table":
            self.tables.append(([], []))
        elif tag == "thead":
            self._in_head = True
        elif tag == "tr":
            self._row = []
        elif tag in ("td", "th"):
            self._cell = []
        elif tag == "br" and self._cell is not None:
            self._cell.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag == "thead":
            self._in_head = False
        elif tag in ("td", "th") and self._cell is not None and self._row is not None:
            self._row.append("".join(self._cell).strip())
            self._cell = None
        elif tag == "tr" and self._row is not None and self.tables:
            headers, rows = self.tables[-1]
            if self._in_head:
                headers.extend(self._row)
            else:
                rows.append(self._row)
            self._row = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def unit_cells(text: str, columns: set[str]) -> list[str]:
    """The first line of every cell under one of ``columns`` (a name, before any note)."""
    parser = _Tables()
    parser.feed(html.unescape(text))
    out = []
    for headers, rows in parser.tables:
        for i, header in enumerate(headers):
            if header in columns:
                out += [row[i].split("\n")[0] for row in rows if i < len(row)]
    return out


@pytest.fixture(scope="module")
def sample() -> tuple[Dataset, dict[str, SiteContent]]:
    ds, findings = check(DATA)
    assert ds is not None, findings
    return ds, {audience: render_site(ds, audience) for audience in ("public", "internal")}


def test_the_sample_writes_units_in_several_spellings(sample) -> None:
    ds, _ = sample
    register = UnitRegister(ds.units)
    written = {p.department for p in ds.projects.values()}
    assert len(written) > len({register.resolve(n).code for n in written})  # type: ignore[union-attr]


def test_every_unit_shown_is_a_register_name(sample) -> None:
    """Rankings, the lagging list, bulletins (page and Word), project pages and the open-data
    downloads show each unit by the register's full name: never an alias."""
    ds, sites = sample
    names = {u.name for u in ds.units}
    aliases = {a for u in ds.units for a in u.aliases} - names
    seen: dict[str, set[str]] = {}

    def shown(where: str, values: list[str]) -> None:
        for value in values:
            for name in value.split("、"):
                if name and name != "—":
                    seen.setdefault(name, set()).add(where)

    internal = sites["internal"].pages
    ranking = internal["rankings/index.md"].split("## 责任单位", 1)[1].split("\n## ", 1)[0]
    shown("rankings", unit_cells(ranking, {"名称"}))
    for site in sites.values():
        for path, text in site.pages.items():
            if path.startswith(("lagging/", "bulletins/", "projects/", "units/", "plans/",
                                "disclosure/", "leaders/", "taskforces/")):
                shown(path, unit_cells(text, {"责任单位", "牵头单位", "单位", "统称"}))
            if path.startswith("projects/"):
                shown(path, re.findall(r'<th scope="row">(?:责任单位|业主单位)</th><td>([^<]*)</td>',
                                       html.unescape(text)))
        for path, file in site.files.items():
            data = file.data if file.data is not None else Path(file.source).read_bytes()  # type: ignore[arg-type]
            if path.endswith(".csv"):
                rows = list(csv.DictReader(io.StringIO(data.decode("utf-8-sig"))))
                keys = ("department", "owner", "final_accounts_approved_by")
                shown(path, [r[k] for r in rows for k in keys if k in r])
            elif path.endswith("oc4ids.json"):
                shown(path, [party["name"] for project in json.loads(data)["projects"]
                             for party in project.get("parties", [])])
            elif path.endswith(".json"):
                shown(path, [row.get(k) or "" for row in json.loads(data)["rows"]
                             for k in ("department", "owner")])
            elif path.endswith(".docx"):
                for table in Document(io.BytesIO(data)).tables:
                    header = [c.text for c in table.rows[0].cells]
                    if "责任单位" in header:
                        i = header.index("责任单位")
                        shown(path, [row.cells[i].text for row in table.rows[1:]])
    assert "rankings" in {w for ws in seen.values() for w in ws}
    assert any(".docx" in w for ws in seen.values() for w in ws), "no bulletin table read"
    assert any(w.endswith(".csv") for ws in seen.values() for w in ws), "no export read"
    as_alias = {name: sorted(where)[:3] for name, where in seen.items() if name in aliases}
    assert not as_alias, as_alias
    departments = {p.department for p in view(ds, "internal").projects.values()}
    assert departments <= names
    ranked = unit_cells(ranking, {"名称"})
    assert len(ranked) == len(set(ranked)) == len(departments)  # one row per unit


def test_an_unknown_reporting_unit_of_a_target_gets_the_nearest_names(tmp_path: Path) -> None:
    shutil.copytree(DATA, tmp_path / "data")
    targets = tmp_path / "data" / "targets.yaml"
    text = targets.read_text(encoding="utf-8")
    targets.write_text(text.replace("reported_by: 县财政局", "reported_by: 县财务局", 1),
                       encoding="utf-8")
    _, findings = check(tmp_path / "data")
    (unknown,) = [f for f in findings if f.code == "unknown-unit"]
    assert unknown.field == "reported_by" and "是否为: 县财政局" in str(unknown), str(unknown)
