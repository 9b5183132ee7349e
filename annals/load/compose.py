"""YAML text to a node tree: an event stream composed without recursion, never too deep, no aliases."""

from __future__ import annotations

import yaml
from yaml.events import (AliasEvent, CollectionStartEvent, MappingStartEvent, ScalarEvent,
                         SequenceStartEvent, StreamEndEvent)
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from annals.load.characters import describe
from annals.load.document import line_column
from annals.load.messages import explain
from annals.problems import Problem

from annals.settings import DEFAULT_MAX_DEPTH
"""Deepest nesting of mappings and lists in an entry; the entry itself is level 1."""

STR, SEQ, MAP = "tag:yaml.org,2002:str", "tag:yaml.org,2002:seq", "tag:yaml.org,2002:map"

_FAST_PARSER = getattr(yaml, "CBaseLoader", None)
"""libyaml's parser when PyYAML was built with it: about five times faster."""
_SLOW_PARSER = yaml.BaseLoader
"""PyYAML's own parser: its messages are the ones editors see."""


class Refusal(Exception):
    """The composer stopped on purpose (an alias, too deep a nesting) at ``mark``."""

    def __init__(self, mark, message: str, hint: str):
        super().__init__(message)
        self.mark, self.message, self.hint = mark, message, hint


def compose(source: str, max_depth: int = DEFAULT_MAX_DEPTH) -> Node | None:
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
            # types-PyYAML: an event's marks may be the C parser's Mark, a node's only yaml.error.Mark.
            node: Node = ScalarNode(_tag(event.tag, STR), event.value, event.start_mark, event.end_mark,  # type: ignore[arg-type]
                                    style=event.style)
        elif isinstance(event, CollectionStartEvent):
            stack.append([_open_collection(event, len(stack), max_depth), None])
            continue
        elif isinstance(event, AliasEvent):
            raise Refusal(event.start_mark, f"alias *{event.anchor} is not allowed",
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
        raise Refusal(event.start_mark, f"lists and mappings are nested more than {max_depth} levels deep",
                       "an entry needs only a few levels: flatten the structure")
    if isinstance(event, SequenceStartEvent):
        return SequenceNode(_tag(event.tag, SEQ), [], event.start_mark, None,  # type: ignore[arg-type]  # as above
                            flow_style=event.flow_style)
    assert isinstance(event, MappingStartEvent)
    return MappingNode(_tag(event.tag, MAP), [], event.start_mark, None,  # type: ignore[arg-type]  # as above
                       flow_style=event.flow_style)


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


def yaml_problem(shown: str, source: str, error: yaml.YAMLError) -> Problem:
    """Any YAML error as a located problem with a hint."""
    if isinstance(error, yaml.reader.ReaderError):
        line, column = line_column(source, min(error.position, len(source)))
        if isinstance(error.character, int):
            return Problem(shown, line, column, *describe(chr(error.character)))
        return Problem(shown, line, column, "the file cannot be read as text", "save it with UTF-8 encoding")
    if not isinstance(error, yaml.MarkedYAMLError):
        return Problem(shown, 1, 1, str(error) or "invalid YAML", "check indentation, colons and quotes")
    mark = error.problem_mark or error.context_mark
    line, column = mark_position(source, mark) if mark else (1, 1)
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


def mark_position(source: str, mark) -> tuple[int, int]:
    """1-based line and column of a parser's mark, from its character index.

    Counted here rather than taken from the mark: at the end of a file without
    a final line break libyaml reports a line that does not exist.
    """
    return line_column(source, min(mark.index, len(source)))
