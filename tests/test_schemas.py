"""The JSON Schemas shipped for editors: generated from the model, they accept the sample and reject mistakes."""
import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator, FormatChecker

from conftest import CONTENT, ROOT
from generator.load import read_meeting, read_yaml
from generator.model import json_schemas

SHIPPED = ROOT / "schemas"


def validator(kind: str) -> Draft202012Validator:
    schema = json.loads((SHIPPED / f"{kind}.schema.json").read_text())
    Draft202012Validator.check_schema(schema)
    return Draft202012Validator(schema, format_checker=FormatChecker())


def sample_documents():
    """(kind, label, data) for every record, meeting, item block and table in the sample archive."""
    for kind, pattern in [("authority", "*/authority.yaml"), ("body", "*/bodies/*.yaml"),
                          ("person", "*/people/*.yaml"), ("issue", "issues/*.yaml")]:
        for path in sorted(CONTENT.glob(pattern)):
            yield kind, str(path.relative_to(CONTENT)), read_yaml(path.read_text(), path)
    for path in sorted(CONTENT.glob("*/meetings/**/*.md")):
        meeting = read_meeting(path)
        label = str(path.relative_to(CONTENT))
        yield "meeting", label, meeting.facts
        for item in meeting.items:
            if item.facts is not None:
                yield "item", f"{label}:{item.where.line}", item.facts
            for table in item.tables:
                yield "table", f"{label}:{table.where.line}", table.data


def meaning(schema):
    """What a schema says (properties, required fields, enums, types), not how pydantic spells it,
    which changes between pydantic releases."""
    if isinstance(schema, dict):
        return {k: meaning(v) for k, v in schema.items()
                if k in ("properties", "required", "enum", "const", "type", "items", "anyOf", "$ref", "$defs",
                         "additionalProperties", "minimum", "maximum") or k.startswith(("#", "/"))
                or not k.startswith(("$", "title", "description", "pattern", "format", "default", "examples"))}
    if isinstance(schema, list):
        return [meaning(v) for v in schema]
    return schema


def test_shipped_schemas_say_what_the_model_says():
    generated = json_schemas()
    assert sorted(p.name.removesuffix(".schema.json") for p in SHIPPED.glob("*.schema.json")) == sorted(generated)
    for kind, schema in generated.items():
        shipped = json.loads((SHIPPED / f"{kind}.schema.json").read_text())
        assert meaning(shipped) == meaning(schema), f"schemas/{kind}.schema.json is stale: run 'minutebook schemas'"


def test_vscode_maps_each_yaml_record_to_its_schema():
    settings = json.loads((ROOT / ".vscode" / "settings.json").read_text())["yaml.schemas"]
    for schema, glob in settings.items():
        assert (ROOT / schema).is_file()
        assert list(ROOT.glob(glob)), f"{glob} matches no file"


def test_schemas_accept_every_file_of_the_sample_archive():
    seen = {}
    for kind, label, data in sample_documents():
        errors = [e.message for e in validator(kind).iter_errors(data)]
        assert errors == [], f"{label}: {errors}"
        seen[kind] = seen.get(kind, 0) + 1
    assert seen["meeting"] == 5 and seen["item"] >= 9 and seen["table"] == 2 and seen["person"] >= 17


@pytest.mark.parametrize("kind, data, complaint", [
    ("person", {"kind": "mayor", "family_name": "Murray"}, "'mayor' is not one of"),
    ("person", {"kind": "councillor"}, "'family_name' is a required property"),
    ("person", {"kind": "officer", "family_name": "Daly", "roles": [{"title": "AD", "form": "2009-01-01"}]},
     "Additional properties are not allowed ('form' was unexpected)"),
    ("meeting", {"body": "executive", "date": "2009-11-23", "status": "hld"}, "'hld' is not one of"),
    ("meeting", {"body": "Executive", "date": "2009-11-23", "status": "held"}, "does not match"),
    ("meeting", {"body": "executive", "date": "23/11/2009", "status": "held"}, "is not valid under any"),
    ("item", {"decisions": [{"verb": "DECIDED"}]}, "'DECIDED' is not one of"),
    ("item", {"exempt": {"paragraph": 9, "reason": "x"}}, "9 is greater than the maximum of 7"),
    ("table", {"caption": "x", "columns": ["a"], "rows": [{"subtotal": ["x", 1]}]}, "is not valid under any"),
    ("body", {"name": "Cabinet", "kind": "cabinet"}, "'cabinet' is not one of"),
])
def test_schemas_reject_what_check_rejects(kind, data, complaint):
    def flatten(errors):
        for error in errors:
            yield error.message
            yield from flatten(error.context)
    messages = list(flatten(validator(kind).iter_errors(data)))
    assert any(complaint in m for m in messages), messages
