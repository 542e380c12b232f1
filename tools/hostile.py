"""Hostile values through the whole build: script payloads placed in every text field that
reaches a page, and unique markers in everything that must stay internal.

``python -m tools.hostile OUT [--browser]`` copies the sample ``data/``, places a payload in
each placement below (each payload calls ``__zd_pwn(N)`` in three ways: an ``onerror``
attribute, a ``<script>`` element, an ``onload`` attribute after a closing quote, plus a
``javascript:`` link), plants a unique marker in every internal field and in every field of
a project that must not be disclosed, builds both sites and reports:

* placements refused by ``check`` (a finding, so the value never reaches a page);
* placements whose payload appears as live markup in any built HTML page (static scan);
* with ``--browser``, placements whose payload ran in Chromium on any page of either site
  (every page is opened with ``__zd_pwn`` defined; the intranet from file://);
* markers found anywhere in the public site (pages, search index, sitemap, downloads and the
  text inside .xlsx/.docx).

``tests/test_payloads.py`` runs the same with the static scan and a few pages in Chromium.
"""

from __future__ import annotations

import argparse
import base64
import csv
import io
import itertools
import re
import shutil
import sys
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import TYPE_CHECKING, Any

import yaml

if TYPE_CHECKING:
    from playwright.sync_api import Browser

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
MARK = re.compile(r"ZDMK\d{5}")
PWN = re.compile(r"__zd_pwn\((\d+)\)")
# A tiny valid PNG (1×1), so a photo with a hostile caption passes the image checks.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)


def payload(n: int) -> str:
    """Markup that runs ``__zd_pwn(n)`` if it reaches a page unescaped (under 200 chars)."""
    return (f'<img src=x onerror=__zd_pwn({n})><script>__zd_pwn({n})</script>'
            f'"\'><svg onload=__zd_pwn({n})>[x](javascript:__zd_pwn({n}))')


class _NoAliases(yaml.SafeDumper):
    """Write a list used twice as two lists: data files refuse YAML aliases."""

    def ignore_aliases(self, data: Any) -> bool:
        return True


@dataclass
class Docs:
    """The sample's files as data, edited in memory, then written to a copy."""

    root: Path
    projects: dict[str, dict[str, Any]] = field(default_factory=dict)
    yaml_files: dict[str, Any] = field(default_factory=dict)  # site, units, targets, plans/x
    tables: dict[str, list[list[str]]] = field(default_factory=dict)  # problems, progress/x
    extra: dict[str, bytes] = field(default_factory=dict)  # photos, the map: copied as they are

    @classmethod
    def read(cls, root: Path) -> Docs:
        docs = cls(root)
        for path in sorted((root / "projects").glob("*.yaml")):
            docs.projects[path.stem] = yaml.safe_load(path.read_text("utf-8"))
        for name in ("site.yaml", "units.yaml", "targets.yaml"):
            docs.yaml_files[name] = yaml.safe_load((root / name).read_text("utf-8"))
        for path in sorted((root / "plans").glob("*.yaml")):
            docs.yaml_files[f"plans/{path.name}"] = yaml.safe_load(path.read_text("utf-8"))
        if (root / "supervision.yaml").is_file():
            docs.yaml_files["supervision.yaml"] = yaml.safe_load(
                (root / "supervision.yaml").read_text("utf-8"))
        for path in [root / "problems.csv", *sorted((root / "progress").glob("*.csv"))]:
            text = path.read_text("utf-8-sig")
            docs.tables[path.relative_to(root).as_posix()] = list(csv.reader(io.StringIO(text)))
        # Every other file (photos, the township map …) as it is, so the copy is whole.
        taken = {f"projects/{c}.yaml" for c in docs.projects} | set(docs.yaml_files) | set(
            docs.tables)
        for path in sorted(root.rglob("*")):
            rel = path.relative_to(root).as_posix()
            if path.is_file() and rel not in taken and rel != "README.md":
                docs.extra[rel] = path.read_bytes()
        return docs

    def write(self, out: Path) -> Path:
        if out.exists():
            shutil.rmtree(out)
        for sub in ("projects", "plans", "progress", "photos"):
            (out / sub).mkdir(parents=True, exist_ok=True)

        def dump(rel: str, value: Any) -> None:
            text = yaml.dump(value, Dumper=_NoAliases, allow_unicode=True, sort_keys=False)
            (out / rel).write_text(text, "utf-8")

        for code, project in self.projects.items():
            dump(f"projects/{code}.yaml", project)
        for rel, value in self.yaml_files.items():
            dump(rel, value)
        for rel, rows in self.tables.items():
            buffer = io.StringIO()
            csv.writer(buffer, lineterminator="\r\n").writerows(rows)
            (out / rel).write_text("\ufeff" + buffer.getvalue(), "utf-8")
        for rel, data in self.extra.items():
            (out / rel).parent.mkdir(parents=True, exist_ok=True)
            (out / rel).write_bytes(data)
        return out

    def public_project(self) -> str:
        """A project the sample discloses that reported in the last month and has tenders,
        contractors and funding notes, so every project placement reaches a page."""
        from generator.model.models import Project, SiteConfig
        from generator.rules.visibility import disclosure

        config = SiteConfig.model_validate(self.yaml_files["site.yaml"])
        last = self.tables[sorted(r for r in self.tables if r.startswith("progress/"))[-1]]
        reported = {row[0] for row in last[1:]}
        for code, data in self.projects.items():
            if (code in reported and data.get("tenders") and data.get("contractors")
                    and any("note" in f for f in data.get("funding", []))
                    and disclosure(Project.model_validate(data), config).public):
                return code
        raise RuntimeError("the sample has no public project with every field filled")

    def hidden_projects(self) -> list[str]:
        from generator.model.models import Project, SiteConfig
        from generator.rules.visibility import disclosure

        config = SiteConfig.model_validate(self.yaml_files["site.yaml"])
        return [c for c, d in self.projects.items()
                if not disclosure(Project.model_validate(d), config).public]


# ---------------------------------------------------------------- placements

Place = Callable[[Docs, str, str], None]  # (docs, public project code, value)


def _project_field(name: str) -> Place:
    def place(docs: Docs, code: str, value: str) -> None:
        docs.projects[code][name] = value
    return place


def _nested(*path: str | int) -> Place:
    def place(docs: Docs, code: str, value: str) -> None:
        target: Any = docs.projects[code]
        for part in path[:-1]:
            target = target[part]
        target[path[-1]] = value
    return place


def _variation(key: str) -> Place:
    """A field of the project's first 设计变更 (one is added when it has none)."""
    def place(docs: Docs, code: str, value: str) -> None:
        project = docs.projects[code]
        if not project.get("variations"):
            project["variations"] = [{
                "date": "2025-06-01", "contract": project["tenders"][0]["item"],
                "content": "增设检查井", "reason": "管线冲突", "scope": True}]
        project["variations"][0][key] = value
    return place


def _township(docs: Docs, code: str, value: str) -> None:
    docs.yaml_files["site.yaml"]["townships"].append({"code": "zdpwn", "name": value})
    docs.projects[code]["township"] = value


def _unit(docs: Docs, code: str, value: str) -> None:
    docs.yaml_files["units.yaml"].append({"code": "zdpwn", "name": value, "kind": "县直部门"})
    docs.projects[code]["department"] = value


def _alias(docs: Docs, code: str, value: str) -> None:
    units = docs.yaml_files["units.yaml"]
    department = docs.projects[code]["department"]
    unit = next(u for u in units if u["name"] == department or department in u.get("aliases", []))
    unit.setdefault("aliases", []).append(value)
    docs.projects[code]["department"] = value


def _approval(key: str) -> Place:
    def place(docs: Docs, code: str, value: str) -> None:
        approvals = docs.projects[code].setdefault("approvals", [])
        entry = {"kind": "其他", "name": "其他手续", "authority": "县发展改革局", "status": "办理中"}
        entry[key] = value
        approvals.append(entry)
    return place


def _withhold(docs: Docs, code: str, value: str) -> None:
    other = next(c for c in docs.projects if c != code)
    docs.projects[other]["public"] = False
    docs.projects[other]["withhold_reason"] = value


def _progress_text(docs: Docs, code: str, value: str) -> None:
    rel = sorted(r for r in docs.tables if r.startswith("progress/"))[-1]
    rows = docs.tables[rel]
    column = rows[0].index("形象进度")
    for row in rows[1:]:
        if row[0] == code:
            row[column] = value
            return
    raise RuntimeError(f"{code} has no record in {rel}")


def _problem(column_name: str) -> Place:
    def place(docs: Docs, code: str, value: str) -> None:
        rows = docs.tables["problems.csv"]
        header = rows[0]
        row = list(rows[1])
        row[header.index("问题编号")] = "WT-PWN-0001" if "描述" in column_name else "WT-PWN-0002"
        row[header.index("项目编号")] = code
        if column_name == "责任单位":
            docs.yaml_files["units.yaml"].append({"code": "zdpwnunit", "name": value})
        row[header.index(column_name)] = value
        rows.append(row)
    return place


def _target(docs: Docs, code: str, value: str) -> None:
    docs.yaml_files["targets.yaml"][0]["title"] = value


def _plan(*path: str | int) -> Place:
    def place(docs: Docs, code: str, value: str) -> None:
        rel = sorted(r for r in docs.yaml_files if r.startswith("plans/"))[0]
        target: Any = docs.yaml_files[rel]
        for part in path[:-1]:
            target = target[part]
        target[path[-1]] = value
    return place


def _task_note(docs: Docs, code: str, value: str) -> None:
    rel = sorted(r for r in docs.yaml_files if r.startswith("plans/"))[0]
    task = docs.yaml_files[rel]["sections"][0]["tasks"][0]
    task.setdefault("notes", []).append({"date": "2025-09-01", "text": value})


def _photo(docs: Docs, code: str, value: str) -> None:
    docs.extra["photos/pwn/site.png"] = PNG
    docs.projects[code].setdefault("photos", []).append(
        {"file": "photos/pwn/site.png", "caption": value, "date": "2025-09-01"})


def _case(key: str) -> Place:
    def place(docs: Docs, code: str, value: str) -> None:
        docs.yaml_files["supervision.yaml"][0][key] = value
    return place


def _site(key: str) -> Place:
    def place(docs: Docs, code: str, value: str) -> None:
        docs.yaml_files["site.yaml"][key] = "示例县" + value if key == "region" else value
    return place


PLACEMENTS: dict[str, Place] = {
    "project.name": _project_field("name"),
    "project.owner": _project_field("owner"),
    "project.township": _township,
    "project.department (unit name)": _unit,
    "project.department (unit alias)": _alias,
    "project.leader": _project_field("leader"),
    "project.task_force": _project_field("task_force"),
    "project.scale": _project_field("scale"),
    "project.rationale": _project_field("rationale"),
    "project.progress": _project_field("progress"),
    "project.notes": _project_field("notes"),
    "project.funding[0].note": _nested("funding", 0, "note"),
    "project.approvals[].name": _approval("name"),
    "project.approvals[].authority": _approval("authority"),
    "project.approvals[].document": _approval("document"),
    "project.five_clear.funding_plan": _nested("five_clear", "funding_plan"),
    "project.tenders[0].item": _nested("tenders", 0, "item"),
    "project.tenders[0].winner": _nested("tenders", 0, "winner"),
    "project.contractors.designer": _nested("contractors", "designer"),
    "project.contractors.builder": _nested("contractors", "builder"),
    "project.variations[0].content": _variation("content"),
    "project.variations[0].reason": _variation("reason"),
    "project.variations[0].approved_by": _variation("approved_by"),
    "project.photos[].caption": _photo,
    "project.withhold_reason": _withhold,
    "progress.形象进度": _progress_text,
    "problems.问题描述": _problem("问题描述"),
    "problems.责任单位": _problem("责任单位"),
    "targets[0].title": _target,
    "plan.title": _plan("title"),
    "plan.issuer": _plan("issuer"),
    "plan.summary": _plan("summary"),
    "plan.doc_number": _plan("doc_number"),
    "plan.source": _plan("source"),
    "plan.sections[0].title": _plan("sections", 0, "title"),
    "plan.task.text": _plan("sections", 0, "tasks", 0, "text"),
    "plan.task.number": _plan("sections", 0, "tasks", 0, "number"),
    "plan.task.notes[].text": _task_note,
    "supervision[0].reason": _case("reason"),
    "supervision[0].listed_by": _case("listed_by"),
    "site.title": _site("title"),
    "site.region": _site("region"),
}


# ---------------------------------------------------------------- markers

INTERNAL_PROJECT_KEYS = ("leader", "task_force", "notes")
HIDDEN_PROJECT_KEYS = ("name", "owner", "scale", "rationale", "progress", "leader",
                       "task_force", "notes")


def plant_markers(docs: Docs) -> list[str]:
    """Unique markers in every internal field and every field of undisclosed projects."""
    counter = itertools.count(1)
    planted: list[str] = []

    def mark() -> str:
        value = f"ZDMK{next(counter):05d}"
        planted.append(value)
        return value

    for project in docs.projects.values():
        for key in INTERNAL_PROJECT_KEYS:
            project[key] = mark()
    for code in docs.hidden_projects():
        project = docs.projects[code]
        for key in HIDDEN_PROJECT_KEYS:
            project[key] = mark()
        for tender in project.get("tenders", []):
            tender["winner"] = mark()
        for approval in project.get("approvals", []):
            approval["authority"] = mark()
        for variation in project.get("variations", []):
            variation["content"] = mark()
            variation["reason"] = mark()
    rows = docs.tables["problems.csv"]
    column = rows[0].index("问题描述")
    for row in rows[1:]:
        row[column] = mark()
    hidden = set(docs.hidden_projects())
    for rel, rows in docs.tables.items():
        if rel.startswith("progress/"):
            column = rows[0].index("形象进度")
            for row in rows[1:]:
                if row[0] in hidden:
                    row[column] = mark()
    for case in docs.yaml_files.get("supervision.yaml", []):  # 挂牌督办 is intranet only
        case["reason"] = mark()
        if case.get("resolution"):
            case["resolution"] = mark()
    docs.yaml_files["targets.yaml"].append({
        "id": "zd-internal-target", "title": mark(), "metric": "project_count", "value": 1,
        "deadline": "2025-12-31", "internal": True, "headline": True})
    rel = sorted(r for r in docs.yaml_files if r.startswith("plans/"))[0]
    first = docs.yaml_files[rel]["sections"][0]
    first["tasks"].append({"number": "内部1", "text": mark(), "lead": first["tasks"][0]["lead"],
                           "deadline": "2025-12", "internal": True})
    first["tasks"][0].setdefault("notes", []).append(
        {"date": "2025-10-01", "text": mark(), "internal": True})
    return planted


# ---------------------------------------------------------------- scanning

def site_texts(site: Path) -> Iterator[tuple[str, str]]:
    """(path, text) of every file of a built site, office files and zips opened."""
    for path in sorted(site.rglob("*")):
        if not path.is_file():
            continue
        rel = path.relative_to(site).as_posix()
        data = path.read_bytes()
        if path.suffix in (".xlsx", ".docx", ".zip"):
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                for name in archive.namelist():
                    yield f"{rel}!{name}", archive.read(name).decode("utf-8", "replace")
        else:
            yield rel, data.decode("utf-8", "replace")


class _Live(HTMLParser):
    """Payloads that stand as markup: an event attribute, a script or a javascript: link
    that calls ``__zd_pwn``. Text and attribute values that merely hold it are inert."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: set[int] = set()
        self._script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._script = tag == "script"
        for name, value in attrs:
            value = value or ""
            live = name.startswith("on") or (
                name in ("href", "src", "action", "formaction", "xlink:href")
                and value.strip().lower().startswith("javascript:"))
            if live:
                self.found.update(int(n) for n in PWN.findall(value))

    handle_startendtag = handle_starttag

    def handle_endtag(self, tag: str) -> None:
        self._script = False

    def handle_data(self, data: str) -> None:
        if self._script:
            self.found.update(int(n) for n in PWN.findall(data))


def live_payloads(site: Path) -> dict[int, list[str]]:
    """Placement ids whose payload stands as markup (not text) in a built HTML page."""
    found: dict[int, list[str]] = {}
    for path in sorted(site.rglob("*.html")):
        text = path.read_text("utf-8", "replace")
        if "__zd_pwn" not in text:
            continue
        parser = _Live()
        parser.feed(text)
        for n in parser.found:
            found.setdefault(n, []).append(path.relative_to(site).as_posix())
    return found


# ---------------------------------------------------------------- the audit

@dataclass
class Audit:
    site: Path  # the built sites: public/ and internal/
    placements: dict[int, str]
    refused: dict[int, list[str]]  # placement → the findings that refused it
    live: dict[int, list[str]]  # placement → pages where it stands as markup
    executed: dict[int, list[str]] = field(default_factory=dict)  # placement → pages
    pages_opened: int = 0
    markers: list[str] = field(default_factory=list)
    leaked: dict[str, list[str]] = field(default_factory=dict)  # marker → public files

    def lines(self) -> list[str]:
        return [
            f"payload placements: {len(self.placements)}",
            f"  refused by check (a finding): {len(self.refused)}"
            + (f" ({', '.join(self.placements[n] for n in sorted(self.refused))})"
               if self.refused else ""),
            f"  standing as markup in a page: {len(self.live)}",
            f"  executed in Chromium: {len(self.executed)} (pages opened: {self.pages_opened})",
            f"internal markers planted: {len(self.markers)}",
            f"  found on the public site: {len(self.leaked)}",
        ]


def prepare(out: Path) -> tuple[Docs, dict[int, str], list[str], str]:
    docs = Docs.read(DATA)
    code = docs.public_project()
    markers = plant_markers(docs)
    placements = {n: name for n, name in enumerate(PLACEMENTS, start=1)}
    for n, name in placements.items():
        PLACEMENTS[name](docs, code, payload(n))
    return docs, placements, markers, code


def run(out: Path, browser: bool = False, pages: list[str] | None = None) -> Audit:
    from generator.model.findings import DataErrors
    from generator.site.build import build_sites

    docs, placements, markers, _ = prepare(out)
    refused: dict[int, list[str]] = {}
    data = docs.write(out / "data")
    while True:
        try:
            build_sites(data, out / "site", progress=lambda _: None)
            break
        except DataErrors as exc:
            # A finding whose text or line is about a placement refuses that placement;
            # take it out and build the rest.
            newly = {n for n in placements if n not in refused
                     for f in exc.errors if f"__zd_pwn({n})" in str(f)}
            if not newly:
                raise
            for n in newly:
                refused[n] = [str(f) for f in exc.errors if f"__zd_pwn({n})" in str(f)]
            docs = Docs.read(DATA)
            code = docs.public_project()
            plant_markers(docs)
            for n, name in placements.items():
                if n not in refused:
                    PLACEMENTS[name](docs, code, payload(n))
            data = docs.write(out / "data")
    site = out / "site"
    audit = Audit(site, placements, refused, {})
    for part in ("public", "internal"):
        for n, where in live_payloads(site / part).items():
            audit.live.setdefault(n, []).extend(f"{part}/{w}" for w in where)
    audit.markers = markers
    for rel, text in site_texts(site / "public"):
        for marker in set(MARK.findall(text)):
            audit.leaked.setdefault(marker, []).append(rel)
    if browser:
        audit.executed, audit.pages_opened = execute(site, pages)
    return audit


INIT = "window.__zd_hits = []; window.__zd_pwn = n => window.__zd_hits.push(n);"


def execute(site: Path, only: list[str] | None = None,
            browser: Browser | None = None) -> tuple[dict[int, list[str]], int]:
    """Open pages of both sites in Chromium; return the placements that ran, and where.

    Pass ``browser`` to reuse one already running: Playwright's sync API cannot be started a
    second time in a process where it runs (the browser tests keep one for the session).
    """
    if browser is not None:
        return _execute(browser, site, only)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        own = p.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        try:
            return _execute(own, site, only)
        finally:
            own.close()


ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


def _execute(browser: Browser, site: Path,
             only: list[str] | None) -> tuple[dict[int, list[str]], int]:
    ran: dict[int, list[str]] = {}
    opened = 0
    context = browser.new_context()
    try:
        context.add_init_script(INIT)
        context.route("**/*", lambda route: route.continue_()
                      if route.request.url.startswith("file://") else route.abort())
        page = context.new_page()
        for part in ("public", "internal"):
            root = site / part
            paths = sorted(root.rglob("*.html")) if only is None else [
                root / rel for rel in only if (root / rel).is_file()]
            for path in paths:
                page.goto(path.as_uri())
                page.wait_for_timeout(30)
                opened += 1
                for n in page.evaluate("window.__zd_hits || []"):
                    ran.setdefault(int(n), []).append(f"{part}/{path.relative_to(root)}")
    finally:
        context.close()
    return ran, opened


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.hostile", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("out", type=Path, help="a scratch directory (replaced)")
    parser.add_argument("--browser", action="store_true", help="open every page in Chromium")
    args = parser.parse_args(argv)
    audit = run(args.out, browser=args.browser)
    for line in audit.lines():
        print(line)
    for n, where in sorted(audit.live.items()):
        print(f"  live {audit.placements[n]}: {where[:3]}")
    for n, where in sorted(audit.executed.items()):
        print(f"  ran {audit.placements[n]}: {where[:3]}")
    for marker, where in sorted(audit.leaked.items()):
        print(f"  leaked {marker}: {where[:3]}")
    return 1 if audit.live or audit.executed or audit.leaked else 0


if __name__ == "__main__":
    sys.exit(main())
