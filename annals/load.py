"""Load entry files: safe YAML, every scalar a string, a position for every value.

Entries arrive by pull request from strangers, so loading is deliberately narrow
and every input is bounded:

* only regular files named ``<type>/<id>.yml`` inside the entries folder: a
  symbolic link (to a file or a folder) is refused, so nothing outside the
  folder is ever read; editor backup and swap files are skipped;
* at most ``max_file_bytes`` per file (checked before reading) and at most
  ``max_depth`` levels of nested lists and mappings (checked while the event
  stream is read, before anything deeper is built; the composer keeps its own
  stack instead of recursing, so no input can exhaust Python's or C's stack);
* no control characters, lone surrogates or bidirectional overrides, whether
  typed or written as escapes: they can hide text from a reviewer; no carriage
  return but at the end of a line (Markdown would read it as a line break where
  the checks see none);
* only plain mappings, lists and text: any explicit tag (``!!python/object``,
  ``!!binary``, even ``!!int``) is refused, and aliases are refused so that a
  small file cannot expand into a huge one;
* no implicit typing: ``country: NO`` is the text "NO" and ``date: 2012-11-15``
  is the text "2012-11-15"; the schema decides what a value means;
* a key given twice is an error naming both lines.

Every value keeps the line and column it came from, so later stages can point
an editor at the exact place of a problem; every failure is a :class:`Problem`,
never a traceback.
"""

from __future__ import annotations

import bisect
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterator, Sequence

import yaml
from yaml.events import (AliasEvent, CollectionStartEvent, MappingStartEvent, ScalarEvent,
                         SequenceStartEvent, StreamEndEvent)
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.scanner import Scanner

from annals.problems import Problem
from annals.yaml_messages import explain

ENTRY_TYPES = ("event", "person", "organization", "place", "source")
"""Entry types, each a folder under ``entries/``."""

DEFAULT_MAX_FILE_BYTES = 256 * 1024
"""Largest entry file read, in bytes: an entry is a summary and references, not a document."""

DEFAULT_MAX_DEPTH = 32
"""Deepest nesting of mappings and lists in an entry; the entry itself is level 1."""

Key = tuple[str | int, ...]
"""Where a value sits in a document: ``("participants", 0, "person")``."""

_STR, _SEQ, _MAP = "tag:yaml.org,2002:str", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"
_PLAIN_TAGS = {_STR, _SEQ, _MAP}
_NULLS = {"", "~", "null", "Null", "NULL"}

_REFUSED_CHARACTER = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"  # control characters (Cc) but tab, line feed, carriage return
    "\ud800-\udfff"                           # lone surrogates (only escapes can make them)
    "\u202a-\u202e\u2066-\u2069"              # bidirectional embeddings, overrides and isolates
    "\u2028\u2029]")                          # line and paragraph separators: YAML counts them as line breaks
"""Characters refused anywhere in an entry file, typed or written as an escape."""

_REFUSED_IN_VALUE = re.compile(_REFUSED_CHARACTER.pattern + "|\r")
"""What no value (as opposed to a key) may hold: the characters above, and a carriage return (only an escape
can put one there).

Markdown reads a carriage return as a line break, the checks of entry text
read only line feeds; refusing it keeps the two in agreement.
"""

_REFUSED_IN_FILE = re.compile(_REFUSED_CHARACTER.pattern + "|\r(?!\n)")
"""What may not be typed into a file: the characters above, and a carriage return that ends no line.

YAML counts a lone carriage return as a line break while positions here count
line feeds; refusing it keeps every line number true. (Escaped, as ``\\r``, it is text.)
"""

MAX_CHARACTER_PROBLEMS = 20
"""Refused characters reported per file; the rest are counted in one more problem."""

_BACKUP_SUFFIXES = (".swp", ".swo", ".swx")


# --- Parsing: an event stream, composed without recursion --------------------

_FAST_PARSER = getattr(yaml, "CBaseLoader", None)
"""libyaml's parser when PyYAML was built with it: about five times faster."""
_SLOW_PARSER = yaml.BaseLoader
"""PyYAML's own parser: its messages are the ones editors see."""


class _Refusal(Exception):
    """The composer stopped on purpose (an alias, too deep a nesting) at ``mark``."""

    def __init__(self, mark, message: str, hint: str):
        super().__init__(message)
        self.mark, self.message, self.hint = mark, message, hint


def _compose(source: str, max_depth: int = DEFAULT_MAX_DEPTH) -> Node | None:
    """The node tree of one YAML document, never deeper than ``max_depth``.

    libyaml parses when it is installed; after any error the pure-Python
    parser reads the text again, so that editors see its messages (and so
    that what libyaml refuses but PyYAML reads is checked the same way).
    """
    fast_error = None
    if _FAST_PARSER is not None:
        try:
            return _compose_events(_FAST_PARSER, source, max_depth)
        except yaml.YAMLError as error:
            fast_error = error
    try:
        return _compose_events(_SLOW_PARSER, source, max_depth)
    except (ValueError, OverflowError) as error:  # PyYAML's chr() on an escape such as "\UFFFFFFFF"
        if fast_error is not None:
            raise fast_error from None
        raise yaml.YAMLError(f"invalid escape code ({error})") from None


def _compose_events(parser_class, source: str, max_depth: int) -> Node | None:
    """Compose the single document of ``source`` from ``parser_class``'s event stream."""
    parser = parser_class(source)
    try:
        parser.get_event()  # stream start
        if parser.check_event(StreamEndEvent):
            return None
        root = _compose_document(parser, max_depth)
        if not parser.check_event(StreamEndEvent):
            raise yaml.composer.ComposerError("expected a single document in the stream", root.start_mark,
                                              "but found another document", parser.peek_event().start_mark)
        return root
    finally:
        parser.dispose()


def _compose_document(parser, max_depth: int) -> Node:
    """One document's nodes, built from its events with an explicit stack instead of recursion."""
    parser.get_event()  # document start
    stack: list[list] = []  # [collection node, key waiting for its value]
    while True:
        event = parser.get_event()
        if isinstance(event, ScalarEvent):
            node: Node = ScalarNode(_tag(event.tag, _STR), event.value, event.start_mark, event.end_mark,
                                    style=event.style)
        elif isinstance(event, CollectionStartEvent):
            stack.append([_open_collection(event, len(stack), max_depth), None])
            continue
        elif isinstance(event, AliasEvent):
            raise _Refusal(event.start_mark, f"alias *{event.anchor} is not allowed",
                           "write the value out instead of using anchors and aliases")
        else:  # the end of a sequence or mapping
            node = stack.pop()[0]
            node.end_mark = event.end_mark
        if not stack:
            parser.get_event()  # document end
            return node
        _attach(stack[-1], node)


def _open_collection(event, depth: int, max_depth: int) -> Node:
    if depth >= max_depth:
        raise _Refusal(event.start_mark, f"lists and mappings are nested more than {max_depth} levels deep",
                       "an entry needs only a few levels: flatten the structure")
    if isinstance(event, SequenceStartEvent):
        return SequenceNode(_tag(event.tag, _SEQ), [], event.start_mark, None, flow_style=event.flow_style)
    assert isinstance(event, MappingStartEvent)
    return MappingNode(_tag(event.tag, _MAP), [], event.start_mark, None, flow_style=event.flow_style)


def _tag(given: str | None, default: str) -> str:
    """No implicit typing: an untagged (or ``!``) node is text, a list or a mapping."""
    return default if given is None or given == "!" else given


def _attach(frame: list, node: Node) -> None:
    parent = frame[0]
    if isinstance(parent, SequenceNode):
        parent.value.append(node)
    elif frame[1] is None:
        frame[1] = node
    else:
        parent.value.append((frame[1], node))
        frame[1] = None


# --- Documents ---------------------------------------------------------------

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
    """Values already reported by the loader (bad tags, refused characters); later stages skip them."""
    _offsets: dict[Key, Sequence[int]] = field(default_factory=dict, repr=False, compare=False)
    _line_starts: list[int] = field(default_factory=list, repr=False, compare=False)

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

    def _line_column(self, index: int) -> tuple[int, int]:
        """1-based line and column of a file index, by bisecting the (cached) starts of lines."""
        if not self._line_starts:
            self._line_starts = [0] + [m.end() for m in re.finditer("\n", self.source)]
        line = bisect.bisect_right(self._line_starts, index)
        return line, index - self._line_starts[line - 1] + 1

    def _index_in_scalar(self, key: Key, where: Located, offset: int) -> int | None:
        """The file index of character ``offset`` of a text value (one alignment per value, cached)."""
        value = _lookup(self.data, key)
        if not isinstance(value, str) or not 0 <= offset <= len(value):
            return None
        if key not in self._offsets:
            self._offsets[key] = _align(value, self.source[where.start_index:where.end_index])
        return where.start_index + self._offsets[key][offset]


def _lookup(data: Any, key: Key) -> Any:
    for part in key:
        data = data[part]
    return data


def _line_column(source: str, index: int) -> tuple[int, int]:
    """1-based line and column of ``source[index]``, lines ending at ``\\n`` as editors count them."""
    line = source.count("\n", 0, index)
    column = index - (source.rfind("\n", 0, index) + 1)
    return line + 1, column + 1


def _align(value: str, raw: str) -> Sequence[int]:
    """For each offset of a scalar's value (and its end), the index in ``raw``, its text in the file.

    Quotes, indentation, folded line breaks and escapes make the two differ;
    value characters are matched in order, a folded line break standing for a
    space and an escape for the character it makes. Linear in the length.
    """
    if value and (start := raw.find(value)) >= 0:
        return range(start, start + len(value) + 1)
    escapes = raw.startswith('"')
    table, j = [], 0
    for char in value:
        j = _match(char, raw, j, escapes)
        table.append(min(j, max(len(raw) - 1, 0)))
        j += _width(raw, j, escapes) if j < len(raw) else 0
    table.append(min(j, len(raw)))
    return table


def _match(char: str, raw: str, j: int, escapes: bool) -> int:
    """The first index from ``j`` where ``raw`` spells ``char``; ``len(raw)`` if nowhere."""
    while j < len(raw):
        if escapes and raw[j] == "\\":
            if _unescape(raw, j) == char:
                return j
            j += _width(raw, j, escapes)
            continue
        if raw[j] == char or (raw[j] in "\r\n" and char in " \n"):
            return j
        j += 1
    return j


def _unescape(raw: str, j: int) -> str | None:
    """The character the escape at ``raw[j]`` (a backslash) stands for, if any."""
    code = raw[j + 1:j + 2]
    if code in Scanner.ESCAPE_REPLACEMENTS:
        return Scanner.ESCAPE_REPLACEMENTS[code]
    digits = raw[j + 2:j + 2 + Scanner.ESCAPE_CODES.get(code, 0)]
    if code in Scanner.ESCAPE_CODES and len(digits) == Scanner.ESCAPE_CODES[code]:
        try:
            return chr(int(digits, 16))
        except ValueError:
            return None
    return None


def _width(raw: str, j: int, escapes: bool) -> int:
    """How many characters of ``raw`` the character at ``j`` takes (an escape takes several)."""
    if escapes and raw[j] == "\\" and j + 1 < len(raw):
        return 2 + Scanner.ESCAPE_CODES.get(raw[j + 1], 0)
    return 1


# --- Finding entry files -----------------------------------------------------

@dataclass
class Loaded:
    """What loading an entries folder gives: documents, problems, and every id a file claims."""

    documents: list[Document] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    claimed: set[tuple[str, str]] = field(default_factory=set)
    """``(type, id)`` of every entry file found, parsed or not: a broken file still holds its id,
    so references to it are not reported as unknown on top of its own problem."""


def load_entries(root: Path, display_root: Path | None = None, *,
                 max_file_bytes: int = DEFAULT_MAX_FILE_BYTES,
                 max_depth: int = DEFAULT_MAX_DEPTH) -> tuple[list[Document], list[Problem]]:
    """Load every entry file under ``root`` (``root/<type>/<id>.yml``): the documents that parsed and every problem.

    See :func:`load_folder`, which also says which ids the files claim.
    """
    loaded = load_folder(root, display_root, max_file_bytes=max_file_bytes, max_depth=max_depth)
    return loaded.documents, loaded.problems


def load_folder(root: Path, display_root: Path | None = None, *,
                max_file_bytes: int = DEFAULT_MAX_FILE_BYTES, max_depth: int = DEFAULT_MAX_DEPTH) -> Loaded:
    """Load every entry file under ``root`` (``root/<type>/<id>.yml``).

    Returns the documents that parsed, every problem found (so that one run
    reports all of them) and the ids every file claims. Paths in problems are
    relative to ``display_root`` (default: the current directory when ``root``
    is inside it). Files larger than ``max_file_bytes`` and nesting deeper than
    ``max_depth`` are refused.
    """
    loaded = Loaded()
    if not root.is_dir():
        loaded.problems.append(Problem(str(root), 1, 1, "the entries folder does not exist",
                                       "create it, or point Annals at the right folder"))
        return loaded
    for path, shown in _entry_files(root, loaded.problems, display_root):
        loaded.claimed.add((path.parent.name, path.stem))
        document = load_document(path, shown, loaded.problems, max_file_bytes=max_file_bytes, max_depth=max_depth)
        if document is not None:
            loaded.documents.append(document)
    return loaded


def _entry_files(root: Path, problems: list[Problem], display_root: Path | None) -> list[tuple[Path, str]]:
    """Every entry file under ``root`` with its displayed path; a problem for every other file.

    The folder is walked without following links: a link to a file or a folder
    is refused, so no file outside ``root`` is ever read, and no path needs
    resolving (the root is resolved once, for display).
    """
    prefix = _display_prefix(root, display_root)
    files = []
    for parts, entry in sorted(_walk(root), key=lambda found: found[0]):
        shown = "/".join((prefix, *parts)) if prefix != "." else "/".join(parts)
        problem = _file_problem(parts, entry, shown)
        if problem is not None:
            problems.append(problem)
        elif not is_editor_file(entry.name):
            files.append((root.joinpath(*parts), shown))
    return files


def _walk(root: Path) -> Iterator[tuple[tuple[str, ...], os.DirEntry]]:
    """Everything below ``root`` that is not a real folder, as (path parts, entry); links not followed."""
    pending: list[tuple[str, ...]] = [()]
    while pending:
        parts = pending.pop()
        with os.scandir(root.joinpath(*parts)) as entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    pending.append(parts + (entry.name,))
                else:
                    yield parts + (entry.name,), entry


def is_editor_file(name: str) -> bool:
    """Hidden files and editors' backup, lock and swap files (``x.yml~``, ``.#x.yml``, ``#x.yml#``,
    ``*.swp``, Vim's ``4913``): skipped without a word, and no reason for ``serve`` to rebuild."""
    return name.startswith(".") or name.endswith("~") or name.endswith(_BACKUP_SUFFIXES) \
        or (len(name) > 1 and name.startswith("#") and name.endswith("#")) or name == "4913"


def _file_problem(parts: tuple[str, ...], entry: os.DirEntry, shown: str) -> Problem | None:
    """Why a file found under the entries folder is not an entry file, or ``None``."""
    if is_editor_file(entry.name):
        return None
    if entry.is_symlink():
        what = "folder" if entry.is_dir() else "entry file"
        return Problem(shown, 1, 1, f"the {what} is a symbolic link",
                       f"replace the link with the {what} itself: entries are read only from real files "
                       "inside the entries folder")
    if not entry.is_file(follow_symlinks=False):
        return Problem(shown, 1, 1, "not a regular file", "entries are ordinary text files")
    if len(parts) != 2 or parts[0] not in ENTRY_TYPES:
        return Problem(shown, 1, 1, "not in a folder for an entry type",
                       f"move it to entries/<type>/ with type one of: {', '.join(ENTRY_TYPES)}")
    suffix = Path(entry.name).suffix
    if suffix != ".yml":
        return Problem(shown, 1, 1, f"entry files end in .yml, not {suffix or 'nothing'}",
                       f"rename it to {Path(entry.name).stem}.yml")
    return None


def _display_prefix(root: Path, display_root: Path | None) -> str:
    """How ``root`` is shown in problems: relative to ``display_root`` (or the current directory)."""
    base = display_root if display_root is not None else Path.cwd()
    try:
        return root.resolve().relative_to(base.resolve()).as_posix()
    except ValueError:
        return root.as_posix()


# --- One file ----------------------------------------------------------------

def load_document(path: Path, shown: str, problems: list[Problem], *,
                  max_file_bytes: int = DEFAULT_MAX_FILE_BYTES,
                  max_depth: int = DEFAULT_MAX_DEPTH) -> Document | None:
    """Load one entry file; on failure add problems and return ``None``.

    The size is checked before anything is read, and never more than
    ``max_file_bytes`` (plus one) bytes are read, even if the file grows.
    """
    data, problem = _read_bounded(path, shown, max_file_bytes)
    if problem is not None:
        problems.append(problem)
        return None
    try:
        source = data.decode("utf-8-sig")  # a byte order mark is not text: positions start after it
    except UnicodeDecodeError as error:
        readable = error.object[:error.start].decode("utf-8")  # after the byte order mark, if any
        problems.append(Problem(shown, *_line_column(readable, len(readable)),
                                "the file is not UTF-8 text", "save it with UTF-8 encoding"))
        return None
    return parse_document(source, shown, path.parent.name, path.stem, problems, max_depth=max_depth)


def _read_bounded(path: Path, shown: str, max_file_bytes: int) -> tuple[bytes, Problem | None]:
    """The bytes of a regular file of at most ``max_file_bytes``, or the problem that stops reading it."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        descriptor = os.open(path, flags)
    except OSError as error:
        return b"", Problem(shown, 1, 1, f"the file cannot be opened ({error.strerror})",
                            "entries are ordinary text files, not links")
    with os.fdopen(descriptor, "rb") as file:
        status = os.fstat(file.fileno())
        if not stat.S_ISREG(status.st_mode):
            return b"", Problem(shown, 1, 1, "not a regular file", "entries are ordinary text files")
        if status.st_size > max_file_bytes:
            return b"", _too_large(shown, f"{status.st_size:,} bytes", max_file_bytes)
        data = file.read(max_file_bytes + 1)
    if len(data) > max_file_bytes:  # it grew after fstat
        return b"", _too_large(shown, f"more than {max_file_bytes:,} bytes", max_file_bytes)
    return data, None


def _too_large(shown: str, size: str, max_file_bytes: int) -> Problem:
    return Problem(shown, 1, 1, f"the file has {size}; an entry file may have at most {max_file_bytes:,}",
                   "an entry holds a summary and references, not whole documents: shorten it")


def parse_document(source: str, shown: str, entry_type: str, stem: str, problems: list[Problem], *,
                   max_depth: int = DEFAULT_MAX_DEPTH) -> Document | None:
    """Parse YAML text into a :class:`Document`; on failure add problems and return ``None``."""
    refused = _refused_characters(source, shown)
    if refused:
        problems += refused
        return None
    try:
        node = _compose(source, max_depth)
    except _Refusal as refusal:
        problems.append(Problem(shown, *_mark_position(source, refusal.mark), refusal.message, refusal.hint))
        return None
    except yaml.YAMLError as error:
        problems.append(_yaml_problem(shown, source, error))
        return None
    except (RecursionError, MemoryError):
        problems.append(_exhausted(shown))
        return None
    if node is None:
        problems.append(Problem(shown, 1, 1, "the file is empty",
                                f"start it with `id: {stem}`, or run `annals new {entry_type}`"))
        return None
    if not isinstance(node, MappingNode):
        problems.append(Problem(shown, *_mark_position(source, node.start_mark),
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


# --- Refused characters ------------------------------------------------------

def _refused_characters(source: str, shown: str) -> list[Problem]:
    """A problem at every refused character typed into the file (up to a limit)."""
    found = [(m.start(), m.group()) for m in _REFUSED_IN_FILE.finditer(source)]
    return _character_problems(shown, source, found)


def _character_problems(shown: str, source: str, found: list[tuple[int, str]]) -> list[Problem]:
    """Problems for refused characters at file indexes; past the limit, one problem counts the rest."""
    problems = []
    for index, char in found[:MAX_CHARACTER_PROBLEMS]:
        line, column = _line_column(source, index)
        problems.append(Problem(shown, line, column, *_describe(char)))
    if len(found) > MAX_CHARACTER_PROBLEMS:
        line, column = _line_column(source, found[MAX_CHARACTER_PROBLEMS][0])
        rest = len(found) - MAX_CHARACTER_PROBLEMS
        problems.append(Problem(shown, line, column, f"{rest} more refused character{'s' if rest != 1 else ''} "
                                "from here on", "delete them all, then run `annals check` again"))
    return problems


def _describe(char: str) -> tuple[str, str]:
    """Message and hint for one refused character."""
    code = f"U+{ord(char):04X}"
    if "\ud800" <= char <= "\udfff":
        return (f"the lone surrogate {code} is not allowed",
                "a surrogate is half of a character and cannot be saved as UTF-8: type the whole character, "
                "or escape it as \\U and 8 hex digits")
    if char in "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069":
        return (f"the invisible bidirectional control {code} is not allowed",
                "delete it: it makes text display in a different order from what it says")
    if char == "\r":
        return ("a carriage return is not allowed here",
                "end lines with a line feed: LF or CRLF line endings in the file, \\n in double quotes")
    if char in "\u2028\u2029":
        return (f"the invisible line separator {code} is not allowed",
                "use an ordinary line break; YAML and editors count lines differently around it")
    if _REFUSED_CHARACTER.match(char):
        return (f"the control character {code} is not allowed",
                "delete it: entry text holds printable characters, tabs and line breaks only")
    return f"the character {code} is not allowed", "delete it: it is not a printable character"


def _scalar_characters(node: ScalarNode, document: Document, refused: re.Pattern = _REFUSED_IN_VALUE) -> list[Problem]:
    """Refused characters in a scalar: written as escapes, since typed ones stopped parsing.

    Only double quotes have escapes, so other scalars are not searched again.
    Keys are checked with ``_REFUSED_CHARACTER``: a carriage return matters
    only in text that Markdown reads.
    """
    if node.style != '"':
        return []
    value = node.value
    offsets = [m.start() for m in refused.finditer(value)]
    if not offsets:
        return []
    start, end = node.start_mark.index, node.end_mark.index
    table = _align(value, document.source[start:end])
    found = [(start + table[offset], value[offset]) for offset in offsets]
    return _character_problems(document.path, document.source, found)


# --- YAML errors -------------------------------------------------------------

def _yaml_problem(shown: str, source: str, error: yaml.YAMLError) -> Problem:
    """Any YAML error as a located problem with a hint."""
    if isinstance(error, yaml.reader.ReaderError):
        line, column = _line_column(source, min(error.position, len(source)))
        if isinstance(error.character, int):
            return Problem(shown, line, column, *_describe(chr(error.character)))
        return Problem(shown, line, column, "the file cannot be read as text", "save it with UTF-8 encoding")
    if not isinstance(error, yaml.MarkedYAMLError):
        return Problem(shown, 1, 1, str(error) or "invalid YAML", "check indentation, colons and quotes")
    mark = error.problem_mark or error.context_mark
    line, column = _mark_position(source, mark) if mark else (1, 1)
    message = error.problem or "invalid YAML"
    explained = explain(source, message, line, column)
    if explained is not None:
        return Problem(shown, *explained)
    if "expected a single document" in (error.context or ""):
        message, hint = "the file holds more than one YAML document", "keep one entry per file; remove the extra ---"
    elif "escape" in message:
        hint = "in double quotes a backslash starts an escape: write \\\\ for a backslash, or use single quotes"
    else:
        hint = "check indentation, colons and quotes near here"
    return Problem(shown, line, column, message, hint)


def _mark_position(source: str, mark) -> tuple[int, int]:
    """1-based line and column of a parser's mark, from its character index.

    Counted here rather than taken from the mark: at the end of a file without
    a final line break libyaml reports a line that does not exist.
    """
    return _line_column(source, min(mark.index, len(source)))


def _node_problem(document: Document, node: Node, message: str, hint: str) -> Problem:
    index = min(node.start_mark.index, len(document.source))
    return Problem(document.path, *document._line_column(index), message, hint)


# --- Plain data --------------------------------------------------------------

def _located(node: Node, document: Document) -> Located:
    start = min(node.start_mark.index, len(document.source))
    line, column = document._line_column(start)
    return Located(start, min(node.end_mark.index, len(document.source)), line - 1, column - 1)


def _build(node: Node, key: Key, document: Document, problems: list[Problem]) -> Any:
    document.values[key] = _located(node, document)
    if node.tag not in _PLAIN_TAGS:
        tag = node.tag.replace("tag:yaml.org,2002:", "!!")
        problems.append(_node_problem(document, node, f"the tag {tag} is not allowed",
                                      "remove the tag: entries hold only text, lists and mappings"))
        document.refused.add(key)
        return None
    if isinstance(node, ScalarNode):
        return _build_scalar(node, key, document, problems)
    if isinstance(node, SequenceNode):
        return [_build(item, key + (i,), document, problems) for i, item in enumerate(node.value)]
    return _build_mapping(node, key, document, problems)


def _build_scalar(node: ScalarNode, key: Key, document: Document, problems: list[Problem]) -> str | None:
    if node.style in (None, "") and node.value in _NULLS:  # plain: None in PyYAML, "" in libyaml
        return None
    refused = _scalar_characters(node, document)
    if refused:  # reported; what is left is only there to keep follow-on problems (a missing field) away
        problems += refused
        document.refused.add(key)
        return _REFUSED_IN_VALUE.sub("", node.value)
    return node.value


def _build_mapping(node: MappingNode, key: Key, document: Document, problems: list[Problem]) -> dict:
    result: dict[str, Any] = {}
    for key_node, value_node in node.value:
        if not isinstance(key_node, ScalarNode) or key_node.tag not in _PLAIN_TAGS:
            problems.append(_node_problem(document, key_node, "a field name must be plain text",
                                          "write `name: value`"))
            continue
        refused = _scalar_characters(key_node, document, _REFUSED_CHARACTER)
        name = _REFUSED_CHARACTER.sub("", key_node.value) if refused else key_node.value
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
