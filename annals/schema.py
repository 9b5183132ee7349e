"""The entry schema described for tools and people: JSON Schema files and the field reference.

Both come from the pydantic models in ``model``, so neither can drift from
what ``annals check`` enforces.
"""

from __future__ import annotations

import json
from pathlib import Path

from annals.model import MODELS
from annals.vocabulary import EVENT_KINDS, RELATIONS, STATUSES, status_rule

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


VALUE_MEANINGS: dict[str, dict[str, str]] = {"status": {s: f"{meaning}; given when {status_rule(s)}"
                                                        for s, meaning in STATUSES.items()},
                                             "kind": EVENT_KINDS,
                                             "relation": {k: f"{a} / {b}" for k, (a, b) in RELATIONS.items()}}
"""What each allowed value of a field means, where the schema says."""


# --- Editor settings ----------------------------------------------------------

EDITOR_SETTINGS = Path(".vscode") / "settings.json"
"""VS Code's settings, beside the schemas folder: its YAML extension maps entry folders to schemas."""


def editor_schema_map(schemas: Path) -> dict[str, list[str]]:
    """``yaml.schemas``: each entry folder's files checked against its type's schema."""
    return {f"{schemas.as_posix()}/{name}.schema.json": [f"entries/{name}/*.yml"] for name in MODELS}


def write_editor_settings(root: Path, schemas: Path) -> Path:
    """Set ``yaml.schemas`` in ``root/.vscode/settings.json``, keeping every other setting there."""
    path = root / EDITOR_SETTINGS
    settings = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}
    settings["yaml.schemas"] = editor_schema_map(schemas)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(settings, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path
