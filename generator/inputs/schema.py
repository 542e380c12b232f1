"""JSON Schema of every data file, generated from the models (``make schema``)."""

from __future__ import annotations

import json
from pathlib import Path

from pydantic import BaseModel, TypeAdapter

from generator.model.models import (
    MonthlyRecord,
    Plan,
    Problem,
    Project,
    SiteConfig,
    SupervisionCase,
    Target,
    Unit,
)

SCHEMAS: dict[str, object] = {
    "site.schema.json": SiteConfig,
    "project.schema.json": Project,
    "plan.schema.json": Plan,
    "targets.schema.json": list[Target],
    "units.schema.json": list[Unit],
    "progress-row.schema.json": MonthlyRecord,
    "problem-row.schema.json": Problem,
    "supervision.schema.json": list[SupervisionCase],
}


def schema_documents() -> dict[str, str]:
    out = {}
    for name, model in SCHEMAS.items():
        if isinstance(model, type) and issubclass(model, BaseModel):
            schema = model.model_json_schema()
        else:
            schema = TypeAdapter(model).json_schema()
        schema = {"$schema": "https://json-schema.org/draft/2020-12/schema", **schema}
        out[name] = json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
    return out


def write_schemas(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in schema_documents().items():
        path = folder / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
