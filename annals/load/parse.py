"""One entry file's text to a :class:`Document`: every scalar a string, every value located."""

from __future__ import annotations

from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from annals.load.characters import REFUSED_CHARACTER, REFUSED_IN_VALUE, refused_characters, scalar_characters
from annals.load.compose import DEFAULT_MAX_DEPTH, MAP, SEQ, STR, Refusal, compose, mark_position, yaml_problem
from annals.load.document import Document, Key, Located
from annals.load.fast import UNCLEAN, build_clean
from annals.problems import Problem

PLAIN_TAGS = {STR, SEQ, MAP}
NULLS = {"", "~", "null", "Null", "NULL"}


def parse_document(source: str, shown: str, entry_type: str, stem: str, problems: list[Problem], *,
                   max_depth: int = DEFAULT_MAX_DEPTH) -> Document | None:
    """Parse YAML text into a :class:`Document`; on failure add problems and return ``None``."""
    refused = refused_characters(source, shown)
    if refused:
        problems += refused
        return None
    document = Document(shown, entry_type, stem, source, {})
    data = build_clean(source, max_depth, document)
    if data is not UNCLEAN:
        document.data = data
        return document
    return _parse_carefully(source, shown, entry_type, stem, problems, max_depth)


def _parse_carefully(source: str, shown: str, entry_type: str, stem: str, problems: list[Problem],
                     max_depth: int) -> Document | None:
    """Compose the node tree, then build from it: every problem found and worded (see ``annals.load.fast``)."""
    try:
        node = compose(source, max_depth)
    except Refusal as refusal:
        problems.append(Problem(shown, *mark_position(source, refusal.mark), refusal.message, refusal.hint))
        return None
    except yaml.YAMLError as error:
        problems.append(yaml_problem(shown, source, error))
        return None
    except (RecursionError, MemoryError):
        problems.append(_exhausted(shown))
        return None
    if node is None:
        problems.append(Problem(shown, 1, 1, "the file is empty",
                                f"start it with `id: {stem}`, or run `annals new {entry_type}`"))
        return None
    if not isinstance(node, MappingNode):
        problems.append(Problem(shown, *mark_position(source, node.start_mark),
                                "an entry must be a mapping of fields", "write one `field: value` per line"))
        return None
    document = Document(shown, entry_type, stem, source, {})
    try:
        document.data = _build(node, (), document, problems)
    except (RecursionError, MemoryError):
        problems.append(_exhausted(shown))
        return None
    return document


def _exhausted(shown: str) -> Problem:
    return Problem(shown, 1, 1, "the file is too deeply nested or too large to read",
                   "an entry needs only a few levels of lists and mappings and a few pages of text")


def _node_problem(document: Document, node: Node, message: str, hint: str) -> Problem:
    index = min(node.start_mark.index, len(document.source))
    return Problem(document.path, *document.position(index), message, hint)


def _located(node: Node, document: Document) -> Located:
    mark, size = node.start_mark, len(document.source)
    if mark.index < size:  # the parser's own line and column (0-based), true inside the text
        return Located(mark.index, min(node.end_mark.index, size), mark.line, mark.column)
    line, column = document.position(size)  # at the very end libyaml may name a line that does not exist
    return Located(size, size, line - 1, column - 1)


def _build(node: Node, key: Key, document: Document, problems: list[Problem]) -> Any:
    document.values[key] = _located(node, document)
    if node.tag not in PLAIN_TAGS:
        tag = node.tag.replace("tag:yaml.org,2002:", "!!")
        problems.append(_node_problem(document, node, f"the tag {tag} is not allowed",
                                      "remove the tag: entries hold only text, lists and mappings"))
        document.refused.add(key)
        return None
    if isinstance(node, ScalarNode):
        return _build_scalar(node, key, document, problems)
    if isinstance(node, SequenceNode):
        return [_build(item, key + (i,), document, problems) for i, item in enumerate(node.value)]
    assert isinstance(node, MappingNode)
    return _build_mapping(node, key, document, problems)


def _build_scalar(node: ScalarNode, key: Key, document: Document, problems: list[Problem]) -> str | None:
    if node.style in (None, "") and node.value in NULLS:  # plain: None in PyYAML, "" in libyaml
        return None
    refused = scalar_characters(node, document)
    if refused:  # reported; what is left is only there to keep follow-on problems (a missing field) away
        problems += refused
        document.refused.add(key)
        return REFUSED_IN_VALUE.sub("", node.value)
    return node.value


def _build_mapping(node: MappingNode, key: Key, document: Document, problems: list[Problem]) -> dict:
    result: dict[str, Any] = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, ScalarNode) or key_node.tag not in PLAIN_TAGS:
            problems.append(_node_problem(document, key_node, "a field name must be plain text",
                                          "write `name: value`"))
            continue
        refused = scalar_characters(key_node, document, REFUSED_CHARACTER)
        name = REFUSED_CHARACTER.sub("", key_node.value) if refused else key_node.value
        child = key + (name,)
        if refused:  # reported; the field is read without them, and skipped by later stages
            problems += refused
            document.refused.add(child)
        if name in result:
            first = document.keys[child]
            problems.append(_node_problem(
                document, key_node,
                f"duplicate field '{name}' (first given on line {first.line + 1})",
                f"keep one '{name}' and delete the other"))
            continue
        document.keys[child] = _located(key_node, document)
        result[name] = _build(value_node, child, document, problems)
    return result
