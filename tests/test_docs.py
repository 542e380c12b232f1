"""Documentation stays in step with the code: the guide names every field, the published
JSON Schema is what the models generate, and the README shows the two commands."""

from __future__ import annotations

from pathlib import Path

import pytest
from pydantic import BaseModel

from generator.inputs.schema import schema_documents
from generator.model import models

ROOT = Path(__file__).resolve().parent.parent
GUIDE = (ROOT / "content" / "internal" / "data-guide.md").read_text("utf-8")

DOCUMENTED_MODELS = [
    models.SiteConfig, models.LightRule, models.Township, models.Project, models.Funding,
    models.Approval, models.FiveClear, models.Tender, models.Variation, models.Contractors,
    models.FinalAccounts, models.Photo, models.Location,
    models.Dates, models.MonthlyRecord, models.Problem, models.Target, models.TargetScope,
    models.TargetBase, models.TargetBaseline, models.TargetReport,
    models.Plan, models.PlanPeriod, models.PlanGoal, models.Section, models.Task, models.TaskNote,
    models.Unit, models.SupervisionCase,
]


def _fields() -> list[tuple[str, str]]:
    return [(m.__name__, name) for m in DOCUMENTED_MODELS for name in m.model_fields]


@pytest.mark.parametrize(("model", "name"), _fields())
def test_guide_documents_every_field(model: str, name: str) -> None:
    assert f"`{name}`" in GUIDE, f"{model}.{name} is not in content/internal/data-guide.md"


def test_every_model_in_models_is_documented() -> None:
    defined = {
        obj for obj in vars(models).values()
        if isinstance(obj, type) and issubclass(obj, BaseModel) and obj.__module__ == models.__name__
        and obj is not models.Strict
    }
    assert defined == set(DOCUMENTED_MODELS)


def test_published_schema_matches_the_models() -> None:
    for name, text in schema_documents().items():
        published = (ROOT / "schema" / name).read_text("utf-8")
        assert published == text, f"schema/{name} is stale: run 'make schema'"


def test_readme_gives_the_two_commands() -> None:
    readme = (ROOT / "README.md").read_text("utf-8")
    assert "make site" in readme and "make test" in readme
