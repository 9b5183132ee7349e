"""`annals new`: a new entry file with every field present and explained."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

from pydantic import TypeAdapter, ValidationError

from annals.fields import FieldInfo, fields
from annals.markdown import slugify
from annals.model import MODELS, Entry
from annals.schema import VALUE_MEANINGS
from annals.values import Slug

COMMENT_COLUMN = 28

MAX_DERIVED_ID = 80
"""The longest id ``annals new`` makes from a label (cut at a hyphen): a file name stays far below 255 bytes."""

_SLUG = TypeAdapter(Slug)


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
    if entry_id is not None and not is_id(entry_id):
        raise ScaffoldError(f"{json.dumps(entry_id, ensure_ascii=False)} is not a valid id: use lowercase letters, "
                            f"digits and single hyphens, e.g. '{derived_id(entry_id) or 'new-entry'}'")
    entry_id = entry_id or derived_id(label)
    if not entry_id:
        raise ScaffoldError(f"cannot make an id from {json.dumps(label, ensure_ascii=False)} (give one with --id)")
    path = entries / entry_type / f"{entry_id}.yml"
    if path.exists():
        raise ScaffoldError(f"{path} already exists; edit it, or choose another id with --id")
    schema = Path(os.path.relpath(schemas / f"{entry_type}.schema.json", path.parent)).as_posix()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("x", encoding="utf-8") as file:  # "x": fails rather than overwrite
            file.write(scaffold_text(entry_type, entry_id, label, schema, values))
    except OSError as error:
        raise ScaffoldError(f"cannot write {path}: {error.strerror} (choose a shorter id with --id)") from None
    return path


def is_id(text: str) -> bool:
    """Whether ``text`` is an id by the rule ``annals check`` applies (``annals.values.Slug``)."""
    try:
        _SLUG.validate_python(text)
    except ValidationError:
        return False
    return True


def derived_id(label: str) -> str:
    """An id made from a label, at most :data:`MAX_DERIVED_ID` characters, cut at a hyphen where it can be."""
    slug = slugify(label)
    if len(slug) <= MAX_DERIVED_ID:
        return slug
    cut = slug[:MAX_DERIVED_ID + 1].rsplit("-", 1)[0] if "-" in slug[:MAX_DERIVED_ID + 1] else ""
    return cut or slug[:MAX_DERIVED_ID]


def scaffold_text(entry_type: str, entry_id: str, label: str, schema: str,
                  values: dict[str, str] | None = None) -> str:
    """The text of a new entry: a schema line, a short guide, then one line per field."""
    model = MODELS[entry_type]
    lines = [
        f"# yaml-language-server: $schema={schema}",
        f"# {_header(entry_type)}",
        "# Fill in what the sources say and leave the rest empty; never guess. Then run `annals check`.",
    ]
    named = {} if entry_type == "source" else {"title": label, "name": label}
    filled = {"id": entry_id, **named, **{k: v for k, v in (values or {}).items() if v}}
    for info in _editing_order(model):
        value = filled.get(info.name, "")
        lines += _field_lines(info, value)
    return "\n".join(lines) + "\n"


NOT_SCAFFOLDED = {"former_ids"}
"""Fields a new entry never has: ``annals mv`` writes them."""


def one_sentence(doc: str) -> str:
    """A docstring's first paragraph as one sentence on one line, ending in one full stop (empty stays empty).

    Trailing ", ..." and empty parentheses are dropped, so no header or reference line shows ", ." or "()".
    """
    text = " ".join(doc.strip().split("\n\n")[0].split())
    text = re.sub(r"\s*\(\s*\)", "", text)
    text = re.sub(r"[\s,;:.…]+$", "", text)
    return f"{text}." if text else ""


NEW_EXAMPLES: dict[str, str] = {
    "event": 'annals new event "Japanese and North Korean officials meet in Ulaanbaatar"',
    "person": 'annals new person "Kim Yong-il"',
    "organization": 'annals new organization "Korean Central News Agency" --id kcna',
    "place": 'annals new place "Hanoi"',
    "source": 'annals new source "Head Post 2024 Japan North Korea meeting" \\\n'
              '      --url https://head-post.com/japan-north-korea-held-meeting-in-may-s-korean-newspaper \\\n'
              '      --publisher "Head Post" --title "Japan, North Korea held meeting in May – S Korean newspaper"',
    "tag": "annals new tag abductions",
}
"""The example ``annals new TYPE --help`` ends with, for each type."""


def new_help(entry_type: str) -> tuple[str, str]:
    """What ``annals new TYPE --help`` explains: the type and the fields its file asks for, then an example."""
    model = MODELS[entry_type]
    rows = [f"  {info.name.ljust(COMMENT_COLUMN - 3)} {_comment(info)}" for info in _editing_order(model)]
    description = "\n".join([f"Writes entries/{entry_type}/<id>.yml. {_header(entry_type)}", "",
                             "The file asks for these fields, each explained in a comment beside it:", *rows])
    example = NEW_EXAMPLES.get(entry_type, f'annals new {entry_type} "Name or title"')
    return description, f"Example:\n  {example}"


def _header(entry_type: str) -> str:
    """What an entry type is, as the first line of its new file says: ``Person: a person.``"""
    return f"{entry_type.capitalize()}: {_lower_first(one_sentence(MODELS[entry_type].__doc__ or ''))}"


def _editing_order(model: type[Entry]) -> list[FieldInfo]:
    """The id, then the fields of this type, then the fields every entry has (but :data:`NOT_SCAFFOLDED`)."""
    common = set(Entry.model_fields)
    all_fields = [f for f in fields(model) if f.name not in NOT_SCAFFOLDED]
    return [f for f in all_fields if f.name == "id"] + [f for f in all_fields if f.name not in common] + \
        [f for f in all_fields if f.name in common and f.name != "id"]


def _field_lines(info: FieldInfo, value: str) -> list[str]:
    first = f"{info.name}: {_quoted(value)}".rstrip() if value else f"{info.name}:"
    lines = [_with_comment(first, _comment(info))]
    if info.nested:
        prefix = "#   - " if info.kind.startswith("list") else "#   "
        for index, nested in enumerate(info.nested):
            lead = prefix if index == 0 else "#     " if info.kind.startswith("list") else "#   "
            lines.append(_with_comment(f"{lead}{nested.name}:", _comment(nested)))
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
    """A YAML scalar that loads back as the very string written: always double-quoted.

    Plain YAML misreads too much to guess (``null``, ``~``, ``yes``, ``1e3``, ``: ``, ``#``); a JSON string
    is a YAML double-quoted scalar.
    """
    return json.dumps(value, ensure_ascii=False)
