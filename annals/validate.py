"""Validation: each document checked against its type's model, every failure a located Problem.

Pydantic's errors are translated into an editor's words here, with the line
and column of the value (or key) they are about and a hint to fix it.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError

from annals.fields import nested_model
from annals.markdown import is_slug
from annals.load import Document, Key
from annals.markdown import SLUG_PATTERN, slugify
from annals.model import MODELS
from annals.problems import Problem
from annals.values import LANGUAGE_PATTERN, SCRIPT_LANGUAGE_PATTERN


@dataclass(frozen=True)
class Valid:
    """A validated entry and the document it came from."""

    entry_type: str
    entry: Any
    """The :class:`~annals.model.Entry` model ``entry_type`` names (``MODELS``). Any: code reads the
    fields of the type it picked by ``entry_type``, a string mypy cannot narrow the model by."""
    document: Document

    @property
    def key(self) -> tuple[str, str]:
        """``(type, id)``: unique across the site."""
        return self.entry_type, self.entry.id


def validate(documents: list[Document]) -> tuple[list[Valid], list[Problem]]:
    """Validate documents against their type's model; return entries and every problem."""
    entries, problems = [], []
    for document in documents:
        model = MODELS[document.entry_type]
        found = _id_problems(document)
        try:
            entry = model.model_validate(document.data)
        except ValidationError as error:
            found += _problems_from(error, model, document)
        else:
            if not found and not document.refused:
                entries.append(Valid(document.entry_type, entry, document))
        problems += found
    return entries, problems


def _id_problems(document: Document) -> list[Problem]:
    given = document.data.get("id")
    if isinstance(given, str) and given != document.stem:
        hint = f"write `id: {document.stem}`, or rename the file to {given}.yml"
        if is_slug(given):  # renamed by hand: `annals mv` finishes it, references included
            hint = f"write `id: {document.stem}`, or rename the file to {given}.yml; if you renamed the file, " \
                   f"run `annals mv {document.entry_type}/{given} {document.stem}` to update every reference too"
        return [document.problem(("id",), f"the id '{given}' does not match the file name", hint)]
    return []


def _problems_from(error: ValidationError, model: type[BaseModel], document: Document) -> list[Problem]:
    problems = []
    for detail in error.errors(include_url=False):
        loc = tuple(detail["loc"])
        if any(loc[:i] in document.refused for i in range(len(loc) + 1)):
            continue
        problems += _translate(detail, loc, model, document)
    return problems


def _translate(detail: Mapping[str, Any], loc: Key, model: type[BaseModel], document: Document) -> list[Problem]:
    kind, ctx, given = detail["type"], detail.get("ctx", {}), detail.get("input")
    name = next((str(part) for part in reversed(loc) if isinstance(part, str)), "entry")  # a field, not a list index
    if kind == "annals":
        return [document.problem(loc, message, hint, offset=offset) for offset, message, hint in ctx["issues"]]
    if kind == "missing":
        if loc in document.keys:
            return [document.problem(loc, f"'{name}' is empty", f"write a value after `{name}:`", at_key=True)]
        return [document.problem(loc[:-1], f"missing field '{name}'", f"add `{name}: ...`")]
    if kind == "extra_forbidden":
        allowed = _field_names(_model_at(model, loc[:-1]))
        return [document.problem(loc, f"unknown field '{name}'", _did_you_mean(name, allowed, "fields"),
                                 at_key=True)]
    if kind == "literal_error":
        allowed = re.findall(r"'([^']*)'", ctx.get("expected", ""))
        what = f"cannot be listed under `{name}:`" if isinstance(loc[-1], int) else f"is not an allowed {name}"
        return [document.problem(loc, f"'{given}' {what}", _did_you_mean(str(given), allowed, "values"))]
    if kind == "string_pattern_mismatch":
        return [document.problem(loc, *_pattern_message(given, ctx["pattern"], name))]
    return [document.problem(loc, *_generic_message(kind, given, detail["msg"], name))]


def _pattern_message(given: Any, pattern: str, name: str) -> tuple[str, str]:
    if pattern == SLUG_PATTERN:
        suggestion = slugify(str(given))
        return f"'{given}' is not a valid id", \
            f"ids use lowercase letters, digits and single hyphens, e.g. '{suggestion}'"
    if pattern in (LANGUAGE_PATTERN, SCRIPT_LANGUAGE_PATTERN):
        return f"'{given}' is not a language tag of the expected form", \
            "write language and script, e.g. ko-Hang, ja-Jpan, mn-Cyrl" if pattern == SCRIPT_LANGUAGE_PATTERN \
            else "write a BCP 47 tag, e.g. en, ko, ja, mn"
    return f"'{given}' is not a valid {name}", f"it must match {pattern}"


def _generic_message(kind: str, given: Any, message: str, name: str) -> tuple[str, str]:
    shown = {dict: "a mapping", list: "a list", type(None): "nothing"}.get(type(given), "text")
    if kind == "list_type":
        return f"'{name}' must be a list, not {shown}", "write each item on its own line, starting with '- '"
    if kind in ("string_type", "string_too_short"):
        return f"'{name}' must be text, not {shown}", "write a value after the colon"
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return f"'{name}' must be a mapping of fields, not {shown}", "write `field: value` pairs, indented"
    if kind in ("float_parsing", "float_type"):
        return f"'{given}' is not a number", "write a decimal number such as 47.92"
    if kind == "too_short":
        return f"'{name}' needs at least {_min_items(message)} items", "add the missing items"
    if kind in ("greater_than_equal", "less_than_equal"):
        return f"{given} is out of range for '{name}'", message
    if kind in ("bool_parsing", "bool_type"):
        return f"'{name}' must be true or false, not {shown if not isinstance(given, str) else repr(given)}", \
            "write `true` or `false`"
    # A kind not named above still says how to find out what the field takes.
    return message, f"see what '{name}' holds in the entry reference (About > Entry reference)"


def _min_items(message: str) -> str:
    """The minimum length named in pydantic's too_short message."""
    found = re.search(r"at least (\d+)", message)
    return found.group(1) if found else "more"


def _did_you_mean(given: str, allowed: list[str], what: str) -> str:
    close = difflib.get_close_matches(given, allowed, n=1)
    if close:
        return f"did you mean '{close[0]}'?"
    return f"allowed {what}: {', '.join(allowed)}"


def _field_names(model: type[BaseModel] | None) -> list[str]:
    if model is None:
        return []
    return [info.alias or name for name, info in model.model_fields.items()]


def _model_at(model: type[BaseModel], loc: Key) -> type[BaseModel] | None:
    """The model class that describes the mapping at ``loc``."""
    current: Any = model
    for step in loc:
        if isinstance(step, int):
            continue
        fields = {info.alias or name: info for name, info in current.model_fields.items()}
        if step not in fields:
            return None
        current = nested_model(fields[step].annotation)
        if current is None:
            return None
    return current
