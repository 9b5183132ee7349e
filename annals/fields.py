"""Walking the models' fields: references, Markdown texts, nested mappings, and descriptions for people.

Every walker over the models' type annotations lives here, so that link,
lint, validate, the JSON Schema and the scaffold read fields the same way.
"""

from __future__ import annotations

import functools
import re
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass
from typing import Annotated, Any, Literal, Union

from pydantic import BaseModel

from annals.load import Key
from annals.markdown import SLUG_PATTERN
from annals.model import MODELS
from annals.values import Kind, RefTo


def nested_model(annotation: Any) -> type[BaseModel] | None:
    """The model inside a field's type (``Quote | None``, ``list[Role]``), if there is one."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation
    for arg in typing.get_args(annotation):
        found = nested_model(arg)
        if found is not None:
            return found
    return None


# --- Walking references -----------------------------------------------------

def references(entry: BaseModel) -> list[tuple[Key, str, str]]:
    """Every typed reference in an entry as ``(key, target type, id)``, in field order."""
    found: list[tuple[Key, str, str]] = []
    _collect(entry, (), _ref_target, found)
    return found


def text_fields(entry: BaseModel) -> list[tuple[Key, str]]:
    """Every text in an entry, plain or Markdown, nested mappings' and lists' too, as ``(key, text)`` in field order."""
    found: list[tuple[Key, str, str]] = []
    _collect(entry, (), _text_kind, found)
    return [(key, text) for key, _, text in found if text]


def _collect(value: BaseModel, key: Key, leaf: Callable[[Any, list], str | None], found: list) -> None:
    """Every value whose field ``leaf`` names (a reference's target type, a kind of text), as ``(key, name, value)``."""
    for name, key_name, kind, target in _plan(type(value), leaf):
        field_value = getattr(value, name)
        if field_value is None:
            continue
        if kind == "leaf":
            found.append((key + (key_name,), target, field_value))
        elif kind == "leaves":
            found += [(key + (key_name, index), target, item) for index, item in enumerate(field_value)]
        elif kind == "nested":
            _collect(field_value, key + (key_name,), leaf, found)
        else:  # nested list
            for index, item in enumerate(field_value):
                _collect(item, key + (key_name, index), leaf, found)


@functools.cache
def _plan(model: type[BaseModel], leaf: Callable[[Any, list], str | None]) -> tuple[tuple[str, str, str, str | None], ...]:
    """Where a model's leaves are (its references, or its texts), read from its annotations once per model:
    ``(attribute, key, "leaf" | "leaves" | "nested" | "nested list", what leaf names)`` for each field that may hold
    one."""
    plan: list[tuple[str, str, str, str | None]] = []
    for name, info in model.model_fields.items():
        key_name = info.alias or name
        target = leaf(info.annotation, info.metadata)
        item = _list_item(info.annotation)
        if target is not None:
            plan.append((name, key_name, "leaf", target))
        elif item is not info.annotation and leaf(item, []) is not None:
            plan.append((name, key_name, "leaves", leaf(item, [])))
        elif item is not info.annotation and nested_model(item) is not None:
            plan.append((name, key_name, "nested list", None))
        elif nested_model(info.annotation) is not None:
            plan.append((name, key_name, "nested", None))
    return tuple(plan)


def _text_kind(annotation: Any, metadata: list) -> str | None:
    """``text`` or ``Markdown`` for a field that holds a text, else None."""
    for marker in list(metadata) + _annotated_metadata(annotation):
        if isinstance(marker, Kind) and marker.name in ("text", "Markdown"):
            return marker.name
    return None


def _ref_target(annotation: Any, metadata: list) -> str | None:
    for marker in list(metadata) + _annotated_metadata(annotation):
        if isinstance(marker, RefTo):
            return marker.entry_type
    return None


def _annotated_metadata(annotation: Any) -> list:
    if typing.get_origin(annotation) is Annotated:
        return list(annotation.__metadata__)
    if typing.get_origin(annotation) in (Union, types.UnionType):
        return [m for arg in typing.get_args(annotation) for m in _annotated_metadata(arg)]
    return []


def _list_item(annotation: Any) -> Any:
    if typing.get_origin(annotation) in (Union, types.UnionType):
        for arg in typing.get_args(annotation):
            if typing.get_origin(arg) is list:
                return typing.get_args(arg)[0]
    if typing.get_origin(annotation) is list:
        return typing.get_args(annotation)[0]
    return annotation


def raw_references(entry_type: str, data: Any) -> list[tuple[Key, str, str]]:
    """The references in an entry's raw data, as :func:`references` finds them in a valid entry.

    For an entry that failed validation: its other problems must not hide an
    unknown person or source in the same file. Values of the wrong shape are skipped.
    """
    found: list[tuple[Key, str, str]] = []
    _collect_raw(data, MODELS[entry_type], (), found)
    return found


def _collect_raw(data: Any, model: type[BaseModel], key: Key, found: list) -> None:
    if not isinstance(data, dict):
        return
    for name, info in model.model_fields.items():
        field_name = info.alias or name
        if field_name in data:
            _collect_raw_value(data[field_name], info.annotation, info.metadata, key + (field_name,), found)


def _collect_raw_value(value: Any, annotation: Any, metadata: list, key: Key, found: list) -> None:
    target = _ref_target(annotation, metadata)
    if target is not None:
        if isinstance(value, str) and re.fullmatch(SLUG_PATTERN, value):
            found.append((key, target, value))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            _collect_raw_value(item, _list_item(annotation), [], key + (index,), found)
    elif isinstance(value, dict) and (model := nested_model(annotation)) is not None:
        _collect_raw(value, model, key, found)


def raw_markdown(entry_type: str, data: Any) -> list[tuple[Key, str]]:
    """Every Markdown text in an entry's raw data, as ``(key, text)``."""
    if not isinstance(data, dict):
        return []
    model = MODELS[entry_type]
    return [((name,), data[name]) for name, info in model.model_fields.items()
            if info.annotation is str and _is_markdown(info) and isinstance(data.get(name), str)]


def markdown_fields(entry: BaseModel) -> list[tuple[Key, str]]:
    """Every Markdown text in an entry as ``(key, text)``."""
    return [((name,), getattr(entry, name)) for name, info in type(entry).model_fields.items()
            if info.annotation is str and _is_markdown(info) and getattr(entry, name)]


def _is_markdown(info) -> bool:
    return any(isinstance(m, Kind) and m.name == "Markdown" for m in info.metadata)


# --- The field reference ----------------------------------------------------

@dataclass(frozen=True)
class FieldInfo:
    """One field of an entry type, for the reference page and for scaffolding."""

    name: str
    kind: str
    required: bool
    description: str
    allowed: tuple[str, ...] = ()
    nested: tuple[FieldInfo, ...] = ()


def fields(model: type[BaseModel]) -> list[FieldInfo]:
    """The fields of a model (or of a nested mapping), in declaration order."""
    return [_field(info.alias or name, info) for name, info in model.model_fields.items()]


def _field(name: str, info) -> FieldInfo:
    annotation = info.annotation
    nested = nested_model(annotation)
    return FieldInfo(
        name=name,
        kind=_kind(annotation, info.metadata),
        required=info.is_required(),
        description=info.description or _inner_description(annotation) or "",
        allowed=_allowed(annotation),
        nested=tuple(fields(nested)) if nested is not None else (),
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
        if isinstance(marker, Kind):
            return marker.name
        if getattr(marker, "pattern", None) == SLUG_PATTERN:
            return "id"
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return "mapping"
    return {str: "text", float: "number"}.get(annotation, getattr(annotation, "__name__", "value"))


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
