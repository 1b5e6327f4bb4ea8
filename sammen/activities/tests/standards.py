"""Validators for what the catalogue emits: HSDS 3.0 (JSON Schema) and OpenActive (model definitions).

The OpenActive models are not JSON Schemas: each lists required fields and field types. This checks both,
recursively through nested models, and refuses properties the model does not list (OpenActive requires
extensions to be prefixed, and we use none).
"""

from __future__ import annotations

import datetime
import json
import re
from functools import cache
from pathlib import Path
from typing import Any

from jsonschema import Draft202012Validator, FormatChecker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

DATA = Path(__file__).parent / "data" / "standards"
HSDS = DATA / "hsds-3.0"
OPENACTIVE = DATA / "openactive-2.x"


@cache
def _hsds_registry() -> Registry:
    resources = []
    for path in HSDS.glob("*.json"):
        schema = json.loads(path.read_text())
        resources.append((path.name, Resource.from_contents(schema, default_specification=DRAFT202012)))
    return Registry().with_resources(resources)


def hsds_errors(instance: Any, schema_name: str) -> list[str]:
    schema = json.loads((HSDS / schema_name).read_text())
    validator = Draft202012Validator(schema, registry=_hsds_registry(), format_checker=FormatChecker())
    return [f"{'/'.join(str(p) for p in e.absolute_path)}: {e.message}" for e in validator.iter_errors(instance)]


@cache
def _model(name: str) -> dict[str, Any]:
    path = OPENACTIVE / "models" / f"{name}.json"
    if not path.exists():
        path = OPENACTIVE / "rpde" / f"{name}.json"
    return json.loads(path.read_text())


def _inherited(name: str) -> dict[str, Any]:
    """A model with the fields and inSpec lists of the models it extends."""
    model = _model(name)
    parent = model.get("subClassOf")
    # Parents outside the OpenActive models (schema.org's MediaObject) add nothing to check.
    if not parent or not (OPENACTIVE / "models" / f"{parent.lstrip('#')}.json").exists():
        return model
    base = _inherited(parent.lstrip("#"))
    return {
        **model,
        "fields": {**base.get("fields", {}), **model.get("fields", {})},
        "inSpec": list({*base.get("inSpec", []), *model.get("inSpec", [])}),
    }


DURATION = re.compile(r"^P(?!$)(\d+Y)?(\d+M)?(\d+W)?(\d+D)?(T(?=\d)(\d+H)?(\d+M)?(\d+(\.\d+)?S)?)?$")
SUBTYPES = {
    "Event": {"Event", "SessionSeries", "ScheduledSession", "EventSeries"},
    "Schedule": {"Schedule", "PartialSchedule"},
}


def _is_url(value: Any) -> bool:
    return isinstance(value, str) and value.startswith(("http://", "https://"))


def _check_type(value: Any, type_uri: str) -> bool:
    kind = type_uri.rsplit("/", 1)[-1].split("#")[-1]
    if type_uri.startswith("ArrayOf#"):
        return isinstance(value, list) and all(_check_type(v, type_uri[len("ArrayOf#") :]) for v in value)
    if kind == "Text":
        return isinstance(value, str)
    if kind == "Integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if kind == "Number":
        return isinstance(value, (int, float)) and not isinstance(value, bool)
    if kind == "Boolean":
        return isinstance(value, bool)
    if kind in ("URL", "url"):
        return _is_url(value)
    if kind == "DateTime":
        try:
            parsed = datetime.datetime.fromisoformat(value)
        except (TypeError, ValueError):
            return False
        return parsed.tzinfo is not None
    if kind == "Date":
        try:
            datetime.date.fromisoformat(value)
        except (TypeError, ValueError):
            return False
        return len(value) == 10
    if kind == "Time":
        return isinstance(value, str) and re.fullmatch(r"\d{2}:\d{2}", value) is not None
    if kind == "Duration":
        return isinstance(value, str) and DURATION.match(value) is not None
    if kind in ("DayOfWeek", "EventStatusType", "EventAttendanceModeEnumeration", "GenderRestrictionType"):
        return _is_url(value)
    return True


def openactive_errors(data: Any, model_name: str, path: str = "") -> list[str]:
    errors: list[str] = []
    if not isinstance(data, dict):
        return [f"{path or model_name}: expected an object"]
    declared = data.get("@type", model_name)
    allowed = SUBTYPES.get(model_name, {model_name})
    if declared not in allowed:
        errors.append(f"{path}@type: {declared} is not a {model_name}")
        return errors
    model = _inherited(declared)
    for field in model.get("requiredFields") or []:
        key = {"type": "@type", "id": "@id"}.get(field, field)
        if key not in data:
            errors.append(f"{path}{key}: required by {declared}")
    for option in model.get("requiredOptions") or []:
        if not any(o in data for o in option["options"]):
            errors.append(f"{path}: one of {option['options']} is required by {declared}")
    in_spec = set(model.get("inSpec") or [])
    fields = model.get("fields", {})
    for key, value in data.items():
        if key in ("@context", "@type", "@id"):
            continue
        if in_spec and key not in in_spec:
            errors.append(f"{path}{key}: not in the {declared} model")
            continue
        spec = fields.get(key)
        if spec is None:
            continue
        if "requiredContent" in spec and value != spec["requiredContent"]:
            errors.append(f"{path}{key}: must be {spec['requiredContent']}")
        types = [t for t in [spec.get("requiredType"), *spec.get("alternativeTypes", [])] if t]
        models = [m for m in [spec.get("model"), *spec.get("alternativeModels", [])] if m]
        if types and any(_check_type(value, t) for t in types):
            continue
        model_ok = False
        for m in models:
            if m.startswith("ArrayOf#"):
                if isinstance(value, list):
                    sub = [
                        e
                        for i, item in enumerate(value)
                        for e in openactive_errors(item, m[len("ArrayOf#") :], f"{path}{key}[{i}].")
                    ]
                    if not sub:
                        model_ok = True
                        break
                    errors.extend(sub)
                    model_ok = True
                    break
            elif isinstance(value, dict):
                sub = openactive_errors(value, m.lstrip("#"), f"{path}{key}.")
                errors.extend(sub)
                model_ok = True
                break
            elif _is_url(value):
                # A JSON-LD reference to the @id of an object published elsewhere in the feed.
                model_ok = True
                break
        if not model_ok and (types or models):
            errors.append(f"{path}{key}: {value!r} is not {types or models}")
    return errors


def rpde_errors(page: dict[str, Any]) -> list[str]:
    errors = [f"page.{f}: required" for f in _model("FeedPage")["requiredFields"] if f not in page]
    if not _is_url(page.get("next")):
        errors.append("page.next: must be an absolute URL")
    item_model = _model("FeedItem")
    for i, item in enumerate(page.get("items", [])):
        errors.extend(f"items[{i}].{f}: required" for f in item_model["requiredFields"] if f not in item)
        if item.get("state") not in ("updated", "deleted"):
            errors.append(f"items[{i}].state: must be updated or deleted")
        if not isinstance(item.get("modified"), int):
            errors.append(f"items[{i}].modified: must be an integer")
        if item.get("state") == "deleted" and "data" in item:
            errors.append(f"items[{i}].data: must not be present when deleted")
        if item.get("state") == "updated":
            kind = item.get("kind")
            errors.extend(openactive_errors(item.get("data"), kind, f"items[{i}].data."))
    return errors
