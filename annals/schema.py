"""The entry schema described for tools and people: JSON Schema files and the field reference.

Both come from the pydantic models in ``model``, so neither can drift from
what ``annals check`` enforces.
"""

from __future__ import annotations

import json
import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel

from annals import model
from annals.model import EVENT_KINDS, MODELS, RELATIONS, SLUG_PATTERN, STATUSES, RefTo, part_model

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def json_schema(entry_type: str) -> dict:
    """The JSON Schema of one entry type, as editors' tools read it.

    An optional field may be left empty in YAML (``place:``), which a
    JSON Schema sees as null; Annals reads it as "not given", so null is allowed.
    """
    schema = MODELS[entry_type].model_json_schema(by_alias=True, mode="validation")
    schema = {"$schema": SCHEMA_DIALECT, **schema}
    for node in [schema, *schema.get("$defs", {}).values()]:
        _allow_empty_optional_fields(node)
    return schema


def _allow_empty_optional_fields(node: dict) -> None:
    required = set(node.get("required", []))
    for name, prop in node.get("properties", {}).items():
        if name not in required and not _allows_null(prop):
            node["properties"][name] = {"anyOf": [_without_meta(prop), {"type": "null"}], **_meta(prop)}


def _allows_null(prop: dict) -> bool:
    return prop.get("type") == "null" or any(p.get("type") == "null" for p in prop.get("anyOf", []))


_META_KEYS = ("title", "description", "default")


def _meta(prop: dict) -> dict:
    return {k: prop[k] for k in _META_KEYS if k in prop}


def _without_meta(prop: dict) -> dict:
    return {k: v for k, v in prop.items() if k not in _META_KEYS}


def schema_text(entry_type: str) -> str:
    """The JSON Schema file's exact text: sorted keys, two-space indent, final newline."""
    return json.dumps(json_schema(entry_type), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def schema_files() -> dict[str, str]:
    """File name -> text of every schema file under ``schemas/``."""
    return {f"{entry_type}.schema.json": schema_text(entry_type) for entry_type in MODELS}


def write_schemas(folder: Path) -> list[Path]:
    """Write every schema file into ``folder``; return the paths written."""
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in schema_files().items():
        (folder / name).write_text(text, encoding="utf-8")
        written.append(folder / name)
    return written


def stale_schemas(folder: Path) -> list[str]:
    """Schema files in ``folder`` that are missing or differ from the code."""
    return [name for name, text in schema_files().items()
            if not (folder / name).is_file() or (folder / name).read_text(encoding="utf-8") != text]


# --- The field reference ----------------------------------------------------

@dataclass(frozen=True)
class FieldInfo:
    """One field of an entry type, for the reference page and for scaffolding."""

    name: str
    kind: str
    required: bool
    description: str
    allowed: tuple[str, ...] = ()
    parts: tuple["FieldInfo", ...] = ()


def fields(model: type[BaseModel]) -> list[FieldInfo]:
    """The fields of a model (or of a nested part), in declaration order."""
    return [_field(info.alias or name, info) for name, info in model.model_fields.items()]


def _field(name: str, info) -> FieldInfo:
    annotation = info.annotation
    part = part_model(annotation)
    return FieldInfo(
        name=name,
        kind=_kind(annotation, info.metadata),
        required=info.is_required(),
        description=info.description or _inner_description(annotation) or "",
        allowed=_allowed(annotation),
        parts=tuple(fields(part)) if part is not None else (),
    )


def _kind(annotation: Any, metadata: list) -> str:
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    origin = typing.get_origin(annotation)
    if origin is list:
        return f"list of {_kind(args[0], [])}"
    if origin is Literal:
        return "one of the allowed values"
    if origin is typing.Union or (origin is not None and type(None) in typing.get_args(annotation)):
        return _kind(args[0], metadata) if len(args) == 1 else "value"
    if origin is typing.Annotated:
        return _kind(typing.get_args(annotation)[0], list(annotation.__metadata__))
    for marker in metadata:
        if isinstance(marker, RefTo):
            return f"{marker.entry_type} id"
        named = _VALIDATED_KINDS.get(getattr(marker, "func", None))
        if named:
            return named
        if getattr(marker, "pattern", None) == SLUG_PATTERN:
            return "id"
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return "mapping"
    return {str: "text", float: "number"}.get(annotation, getattr(annotation, "__name__", "value"))


_VALIDATED_KINDS = {
    model._check_markdown: "Markdown", model._check_edtf: "EDTF date", model._check_single_date: "EDTF date",
    model._check_url: "URL",
    model._check_country: "country code", model._check_plain: "text", model._check_quote: "text",
}


def _allowed(annotation: Any) -> tuple[str, ...]:
    if typing.get_origin(annotation) is Literal:
        return tuple(typing.get_args(annotation))
    for arg in typing.get_args(annotation):
        found = _allowed(arg)
        if found:
            return found
    return ()


def _inner_description(annotation: Any) -> str | None:
    if typing.get_origin(annotation) is typing.Annotated:
        for marker in annotation.__metadata__:
            if getattr(marker, "description", None):
                return marker.description
    for arg in typing.get_args(annotation):
        found = _inner_description(arg)
        if found:
            return found
    return None


VALUE_MEANINGS: dict[str, dict[str, str]] = {"status": STATUSES, "kind": EVENT_KINDS,
                                             "relation": {k: f"{a} / {b}" for k, (a, b) in RELATIONS.items()}}
"""What each allowed value of a field means, where the schema says."""
