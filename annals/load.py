"""Load entry files: safe YAML, every scalar a string, a position for every value.

Entries arrive by pull request, so loading is deliberately narrow:

* only plain mappings, lists and text: any explicit tag (``!!python/object``,
  ``!!binary``, even ``!!int``) is refused, and aliases are refused so that a
  small file cannot expand into a huge one;
* no implicit typing: ``country: NO`` is the text "NO" and ``date: 2012-11-15``
  is the text "2012-11-15"; the schema decides what a value means;
* a key given twice is an error naming both lines.

Every value keeps the line and column it came from, so later stages can point
an editor at the exact place of a problem.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.events import AliasEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from annals.problems import Problem

ENTRY_TYPES = ("event", "person", "organization", "place", "source")
"""Entry types, each a folder under ``entries/``."""

Key = tuple[str | int, ...]
"""Where a value sits in a document: ``("participants", 0, "person")``."""

_PLAIN_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:map",
}
_NULLS = {"", "~", "null", "Null", "NULL"}


class _TextOnlyLoader(yaml.SafeLoader):
    """A SafeLoader that resolves every plain scalar to text and refuses aliases."""

    yaml_implicit_resolvers: dict = {}

    def compose_node(self, parent, index):  # noqa: D102 - PyYAML hook
        if self.check_event(AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(
                None, None, f"alias *{event.anchor} is not allowed", event.start_mark
            )
        return super().compose_node(parent, index)


_FastLoader = None
if getattr(yaml, "CSafeLoader", None) is not None:
    class _FastLoader(yaml.CSafeLoader):  # type: ignore[no-redef]
        """libyaml's parser with the same text-only resolution; about five times faster."""

        yaml_implicit_resolvers: dict = {}


def _compose(source: str) -> Node | None:
    """The node tree of one YAML document.

    libyaml parses when it is installed; anything unusual (an error, an alias)
    is parsed again by the pure-Python loader, whose messages and refusal of
    aliases are the ones editors see.
    """
    if _FastLoader is not None:
        try:
            node = _single_node(_FastLoader, source)
        except yaml.YAMLError:
            pass
        else:
            if not _shares_nodes(node):
                return node
    return _single_node(_TextOnlyLoader, source)


def _single_node(loader_class, source: str) -> Node | None:
    loader = loader_class(source)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


def _shares_nodes(root: Node | None) -> bool:
    """True if a node appears twice in the tree: what an alias does."""
    seen: set[int] = set()
    pending = [root] if root is not None else []
    while pending:
        node = pending.pop()
        if id(node) in seen:
            return True
        seen.add(id(node))
        if isinstance(node, SequenceNode):
            pending.extend(node.value)
        elif isinstance(node, MappingNode):
            pending.extend(item for pair in node.value for item in pair)
    return False


@dataclass(frozen=True)
class Located:
    """Where one value starts and ends in its file (0-based, as PyYAML gives them)."""

    start_index: int
    end_index: int
    line: int
    column: int


@dataclass
class Document:
    """One entry file: its plain data and where each value came from."""

    path: str
    entry_type: str
    stem: str
    source: str
    data: dict[str, Any]
    values: dict[Key, Located] = field(default_factory=dict)
    keys: dict[Key, Located] = field(default_factory=dict)
    refused: set[Key] = field(default_factory=set)
    """Values already reported by the loader (bad tags); later stages skip them."""

    def problem(self, key: Key, message: str, hint: str = "", offset: int | None = None,
                at_key: bool = False) -> Problem:
        """A problem at the value under ``key`` (or its key), optionally at a text offset."""
        line, column = self.locate(key, offset=offset, at_key=at_key)
        return Problem(self.path, line, column, message, hint)

    def locate(self, key: Key, offset: int | None = None, at_key: bool = False) -> tuple[int, int]:
        """1-based line and column of a value, its key, or a character inside a text value."""
        table = self.keys if at_key else self.values
        while key and key not in table:
            key = key[:-1]
        if key not in table:
            return 1, 1
        where = table[key]
        if offset is not None and not at_key:
            index = self._index_in_scalar(key, where, offset)
            if index is not None:
                return self._line_column(index)
        return where.line + 1, where.column + 1

    def _index_in_scalar(self, key: Key, where: Located, offset: int) -> int | None:
        """Find the file index of character ``offset`` of a text value.

        Block and folded scalars do not map one to one onto the file, so the
        text around the offset is searched for in the raw slice instead.
        """
        value = _lookup(self.data, key)
        if not isinstance(value, str) or offset > len(value):
            return None
        token = value[offset:offset + 16].split("\n")[0]
        if not token:
            return None
        raw = self.source[where.start_index:where.end_index]
        occurrence = value[:offset].count(token)
        index = -1
        for _ in range(occurrence + 1):
            index = raw.find(token, index + 1)
            if index < 0:
                return None
        return where.start_index + index

    def _line_column(self, index: int) -> tuple[int, int]:
        line = self.source.count("\n", 0, index)
        column = index - (self.source.rfind("\n", 0, index) + 1)
        return line + 1, column + 1


def _lookup(data: Any, key: Key) -> Any:
    for part in key:
        data = data[part]
    return data


def load_entries(root: Path, display_root: Path | None = None) -> tuple[list[Document], list[Problem]]:
    """Load every entry file under ``root`` (``root/<type>/<id>.yml``).

    Returns the documents that parsed and every problem found, so that one run
    reports all of them. Paths in problems are relative to ``display_root``
    (default: the current directory when ``root`` is inside it).
    """
    documents: list[Document] = []
    problems: list[Problem] = []
    if not root.is_dir():
        return [], [Problem(str(root), 1, 1, "the entries folder does not exist",
                            "create it, or point Annals at the right folder")]
    for path in _entry_files(root, problems, display_root):
        document = load_document(path, _display(path, display_root), problems)
        if document is not None:
            documents.append(document)
    return documents, problems


def _entry_files(root: Path, problems: list[Problem], display_root: Path | None) -> list[Path]:
    files = []
    for path in sorted(root.rglob("*")):
        if path.is_dir() or path.name.startswith("."):
            continue
        relative = path.relative_to(root)
        shown = _display(path, display_root)
        if len(relative.parts) != 2 or relative.parts[0] not in ENTRY_TYPES:
            problems.append(Problem(shown, 1, 1, "not in a folder for an entry type",
                                    f"move it to entries/<type>/ with type one of: {', '.join(ENTRY_TYPES)}"))
        elif path.suffix != ".yml":
            problems.append(Problem(shown, 1, 1, f"entry files end in .yml, not {path.suffix or 'nothing'}",
                                    f"rename it to {path.stem}.yml"))
        else:
            files.append(path)
    return files


def _display(path: Path, display_root: Path | None) -> str:
    base = display_root if display_root is not None else Path.cwd()
    try:
        return path.resolve().relative_to(base.resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def load_document(path: Path, shown: str, problems: list[Problem]) -> Document | None:
    """Load one entry file; on failure add problems and return ``None``."""
    try:
        source = path.read_bytes().decode("utf-8")
    except UnicodeDecodeError as error:
        problems.append(Problem(shown, 1, error.start + 1, "the file is not UTF-8 text",
                                "save it with UTF-8 encoding"))
        return None
    return parse_document(source, shown, path.parent.name, path.stem, problems)


def parse_document(source: str, shown: str, entry_type: str, stem: str,
                   problems: list[Problem]) -> Document | None:
    """Parse YAML text into a :class:`Document`; on failure add problems and return ``None``."""
    try:
        node = _compose(source)
    except yaml.MarkedYAMLError as error:
        problems.append(_yaml_problem(shown, error))
        return None
    document = Document(shown, entry_type, stem, source, {})
    if node is None:
        problems.append(Problem(shown, 1, 1, "the file is empty",
                                f"start it with `id: {stem}`, or run `annals new {entry_type}`"))
        return None
    if not isinstance(node, MappingNode):
        problems.append(_node_problem(shown, node, "an entry must be a mapping of fields",
                                      "write one `field: value` per line"))
        return None
    document.data = _build(node, (), document, problems)
    return document


def _yaml_problem(shown: str, error: yaml.MarkedYAMLError) -> Problem:
    mark = error.problem_mark or error.context_mark
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    message = error.problem or "invalid YAML"
    if message.startswith("alias"):
        hint = "write the value out instead of using anchors and aliases"
    elif "expected a single document" in (error.context or ""):
        message, hint = "the file holds more than one YAML document", "keep one entry per file; remove the extra ---"
    else:
        hint = "check indentation, colons and quotes near here"
    return Problem(shown, line, column, message, hint)


def _node_problem(shown: str, node: Node, message: str, hint: str) -> Problem:
    return Problem(shown, node.start_mark.line + 1, node.start_mark.column + 1, message, hint)


def _located(node: Node) -> Located:
    start, end = node.start_mark, node.end_mark
    return Located(start.index, end.index, start.line, start.column)


def _build(node: Node, key: Key, document: Document, problems: list[Problem]) -> Any:
    document.values[key] = _located(node)
    if node.tag not in _PLAIN_TAGS:
        tag = node.tag.replace("tag:yaml.org,2002:", "!!")
        problems.append(_node_problem(document.path, node, f"the tag {tag} is not allowed",
                                      "remove the tag: entries hold only text, lists and mappings"))
        document.refused.add(key)
        return None
    if isinstance(node, ScalarNode):
        if node.style in (None, "") and node.value in _NULLS:  # plain: None in PyYAML, "" in libyaml
            return None
        return node.value
    if isinstance(node, SequenceNode):
        return [_build(item, key + (i,), document, problems) for i, item in enumerate(node.value)]
    return _build_mapping(node, key, document, problems)


def _build_mapping(node: MappingNode, key: Key, document: Document, problems: list[Problem]) -> dict:
    result: dict[str, Any] = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, ScalarNode) or key_node.tag not in _PLAIN_TAGS:
            problems.append(_node_problem(document.path, key_node, "a field name must be plain text",
                                          "write `name: value`"))
            continue
        name = key_node.value
        child = key + (name,)
        if name in result:
            first = document.keys[child]
            problems.append(_node_problem(
                document.path, key_node,
                f"duplicate field '{name}' (first given on line {first.line + 1})",
                f"keep one '{name}' and delete the other"))
            continue
        document.keys[child] = _located(key_node)
        result[name] = _build(value_node, child, document, problems)
    return result
