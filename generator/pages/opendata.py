"""开放数据 (public site only): downloads of the disclosed projects and their monthly records
as CSV, XLSX and JSON, the OC4IDS package, and a data dictionary page.

Everything comes from the public view (``ctx.ds`` on the public site), so the files can hold
nothing the public pages do not. The intranet site has no export page: its data is the
repository itself, and internal.zip is already the offline copy.
"""

from __future__ import annotations

from collections.abc import Iterator

from generator.pages.context import File, Output, RenderContext
from generator.present import oc4ids, opendata

OC4IDS_FILE = "opendata/oc4ids.json"


def dictionary(fields: tuple[opendata.Field, ...]) -> list[list[str]]:
    return [
        [f.name, f.title, f.meaning + ("（仅 JSON）" if f.json_only else ""), f.unit or "—"]
        for f in fields
    ]


def view(ctx: RenderContext) -> Iterator[Output]:
    here = ctx.address("opendata")
    files, downloads = opendata.exports(
        ctx.ds, ctx.computed.table, {OC4IDS_FILE: lambda: oc4ids.package_bytes(ctx.ds)}
    )
    for path, data in files.items():
        yield File(path, data)
    rows = [
        [d.title, d.kind, d.rows, ctx.anchor(here, d.path, d.path.split("/")[-1])]
        for d in downloads
    ]
    rows.append(
        ["OC4IDS 项目数据包", "JSON", len(ctx.ds.projects), ctx.anchor(here, OC4IDS_FILE, "oc4ids.json")]
    )
    yield ctx.page("opendata", dict(
        title="开放数据",
        rows=rows,
        projects=dictionary(opendata.PROJECT_FIELDS),
        records=dictionary(opendata.RECORD_FIELDS),
        report_date=ctx.ds.config.report_date,
        oc4ids_version=oc4ids.VERSION,
        oc4ids_prefix=ctx.ds.config.oc4ids_prefix,
    ))  # fmt: skip
