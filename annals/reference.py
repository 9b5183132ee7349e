"""The entry reference page: every field of every entry type, written from the schema."""

from __future__ import annotations

import jinja2

from annals.entry_types import ENTRY_TYPES
from annals.fields import fields
from annals.model import MODELS
from annals.render import Md, OutputFile
from annals.render.markup import tidy
from annals.scaffold import one_sentence, scaffold_text
from annals.schema import VALUE_MEANINGS

REFERENCE = "reference/entries.md"


def reference_page(environment: jinja2.Environment) -> OutputFile:
    """Every field of every entry type, from the schema."""
    types = [{"name": name, "title": ENTRY_TYPES[name].title, "doc": one_sentence(model.__doc__ or ""),
              "fields": fields(model),
              "example": Md(scaffold_text(name, "new-id", "Name or title", f"../../schemas/{name}.schema.json").strip())}
             for name, model in MODELS.items()]
    values = [{"field": field, "rows": [{"value": v, "meaning": meaning} for v, meaning in table.items()]}
              for field, table in VALUE_MEANINGS.items()]
    content = environment.get_template("reference.md.j2").render(page={"types": types, "value_tables": values})
    return OutputFile(REFERENCE, tidy(content))
