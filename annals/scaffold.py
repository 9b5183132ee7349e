"""`annals new`: a new entry file with every field present and explained."""

from __future__ import annotations

import json
import os
from pathlib import Path

from annals.markdown import is_slug
from annals.markdown import slugify
from annals.model import MODELS, Entry
from annals.fields import FieldInfo, fields
from annals.schema import VALUE_MEANINGS

COMMENT_COLUMN = 28


class ScaffoldError(Exception):
    """The entry could not be created; the message says why and what to do."""


def new_entry(entry_type: str, label: str, entries: Path, schemas: Path, entry_id: str | None = None,
              values: dict[str, str] | None = None) -> Path:
    """Write ``entries/<type>/<id>.yml`` for a new entry; never overwrite a file.

    ``values`` fills in fields (a source's ``url``, ``publisher``, ...). A source's
    title is filled in only from ``values``: the label names the file, and a
    headline that could not be verified must stay empty.
    """
    if entry_type not in MODELS:
        raise ScaffoldError(f"unknown entry type '{entry_type}' (use one of: {', '.join(MODELS)})")
    if entry_id is not None and not is_slug(entry_id):
        raise ScaffoldError(f"'{entry_id}' is not a valid id: use lowercase letters, digits and single hyphens, "
                            f"e.g. '{slugify(entry_id) or 'new-entry'}'")
    entry_id = entry_id or slugify(label)
    if not entry_id:
        raise ScaffoldError(f"cannot make an id from '{label}' (give one with --id)")
    path = entries / entry_type / f"{entry_id}.yml"
    if path.exists():
        raise ScaffoldError(f"{path} already exists; edit it, or choose another id with --id")
    path.parent.mkdir(parents=True, exist_ok=True)
    schema = Path(os.path.relpath(schemas / f"{entry_type}.schema.json", path.parent)).as_posix()
    with path.open("x", encoding="utf-8") as file:  # "x": fails rather than overwrite
        file.write(scaffold_text(entry_type, entry_id, label, schema, values))
    return path


def scaffold_text(entry_type: str, entry_id: str, label: str, schema: str,
                  values: dict[str, str] | None = None) -> str:
    """The text of a new entry: a schema line, a short guide, then one line per field."""
    model = MODELS[entry_type]
    lines = [
        f"# yaml-language-server: $schema={schema}",
        f"# {entry_type.capitalize()}: {_lower_first(model.__doc__.strip().rstrip('.'))}.",
        "# Fill in what the sources say and leave the rest empty; never guess. Then run `annals check`.",
    ]
    named = {} if entry_type == "source" else {"title": label, "name": label}
    filled = {"id": entry_id, **named, **{k: v for k, v in (values or {}).items() if v}}
    for info in _editing_order(model):
        value = filled.get(info.name, "")
        lines += _field_lines(info, value)
    return "\n".join(lines) + "\n"


def _editing_order(model: type[Entry]) -> list[FieldInfo]:
    """The id, then the fields of this type, then the fields every entry has."""
    common = set(Entry.model_fields)
    all_fields = fields(model)
    return [f for f in all_fields if f.name == "id"] + [f for f in all_fields if f.name not in common] + \
        [f for f in all_fields if f.name in common and f.name != "id"]


def _field_lines(info: FieldInfo, value: str) -> list[str]:
    first = f"{info.name}: {_quoted(value)}".rstrip() if value else f"{info.name}:"
    lines = [_with_comment(first, _comment(info))]
    if info.parts:
        prefix = "#   - " if info.kind.startswith("list") else "#   "
        for index, part in enumerate(info.parts):
            lead = prefix if index == 0 else "#     " if info.kind.startswith("list") else "#   "
            lines.append(_with_comment(f"{lead}{part.name}:", _comment(part)))
    return lines


def _comment(info: FieldInfo) -> str:
    text = info.description or info.kind
    if info.allowed:
        meanings = VALUE_MEANINGS.get(info.name)
        text += "; one of: " + ", ".join(info.allowed) if not meanings else "; one of: " + ", ".join(meanings)
    elif info.kind not in ("text", "mapping", "list of mapping", "id") and info.kind not in text \
            and "id of" not in text:
        text += f" ({info.kind})"
    if info.required:
        text += " (required)"
    return text


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def _with_comment(code: str, comment: str) -> str:
    return f"{code.ljust(COMMENT_COLUMN - 1)} # {comment}"


def _quoted(value: str) -> str:
    """A YAML scalar for a name or title: quoted only when plain YAML would misread it."""
    if any(c in value for c in ':#"\'[]{},&*!|>%@`') or value[:1] in "-?" or value != value.strip() \
            or any(not c.isprintable() for c in value):
        return json.dumps(value, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar
    return value
