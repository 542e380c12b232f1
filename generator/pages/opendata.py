"""开放数据 (public site only): downloads of the disclosed projects and their monthly records
as CSV, XLSX and JSON, the OC4IDS package, and a data dictionary page.

Everything comes from the public view (``ctx.ds`` on the public site), so the files can hold
nothing the public pages do not. The intranet site has no export page: its data is the
repository itself, and internal.zip is already the offline copy.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from generator.pages.context import Page, RenderContext
from generator.present import oc4ids, opendata

OPENDATA_INDEX = "opendata/index.md"
OC4IDS_PATH = "opendata/oc4ids.json"


@dataclass
class Output:
    pages: list[Page] = field(default_factory=list)
    files: dict[str, bytes] = field(default_factory=dict)


def dictionary(fields: tuple[opendata.Field, ...]) -> list[list[str]]:
    return [
        [f.name, f.title, f.meaning + ("（仅 JSON）" if f.json_only else ""), f.unit or "—"]
        for f in fields
    ]


def render(ctx: RenderContext) -> Output:
    out = Output()
    if ctx.internal:
        return out
    files, downloads = opendata.exports(
        ctx.ds, ctx.computed.table, {OC4IDS_PATH: lambda: oc4ids.package_bytes(ctx.ds)}
    )
    out.files.update(files)
    rows = [
        [d.title, d.kind, d.rows, ctx.anchor(OPENDATA_INDEX, d.path, d.path.split("/")[-1])]
        for d in downloads
    ]
    rows.append(
        [
            "OC4IDS 项目数据包",
            "JSON",
            len(ctx.ds.projects),
            ctx.anchor(OPENDATA_INDEX, OC4IDS_PATH, "oc4ids.json"),
        ]
    )
    out.pages.append(ctx.render(
        "opendata.md", OPENDATA_INDEX,
        title="开放数据",
        rows=rows,
        projects=dictionary(opendata.PROJECT_FIELDS),
        records=dictionary(opendata.RECORD_FIELDS),
        report_date=ctx.ds.config.report_date,
        oc4ids_version=oc4ids.VERSION,
    ))  # fmt: skip
    return out
