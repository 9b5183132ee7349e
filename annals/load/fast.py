"""The common case read in one pass: libyaml's events straight to data and positions.

Most entry files are clean: plain text, lists and mappings, no tag, no alias,
no key given twice, no refused character, not too deep. For those this builds
exactly what composing a node tree and walking it (``annals.load.parse``)
builds, in one pass and without the tree. At the first thing that is not
clean it gives up and returns :data:`UNCLEAN`, and the careful path reads the
file again and words the problem; so every message stays the careful path's.
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.events import (MappingEndEvent, MappingStartEvent, ScalarEvent, SequenceEndEvent, SequenceStartEvent,
                         StreamEndEvent)

from annals.load.characters import REFUSED_CHARACTER, REFUSED_IN_VALUE
from annals.load.document import Document, Located

UNCLEAN = object()
"""What :func:`build_clean` returns when the file needs the careful path."""

_PARSER = getattr(yaml, "CBaseLoader", None)
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_PLAIN = (None, "!")
_DEEPEST = 64
"""Deeper than this (a limit set far above the default of 32) is left to the careful path, which
refuses what Python could not recurse through later."""


class _Unclean(Exception):
    pass


def build_clean(source: str, max_depth: int, document: Document) -> Any:
    """The data of a clean entry file, its positions recorded in ``document``; or :data:`UNCLEAN`."""
    if _PARSER is None:
        return UNCLEAN
    parser = _PARSER(source)
    try:
        parser.get_event()  # stream start
        if parser.check_event(StreamEndEvent):
            return UNCLEAN  # empty: the careful path says so
        parser.get_event()  # document start
        data = _build(parser, source, max_depth, document)
        parser.get_event()  # document end
        return data if parser.check_event(StreamEndEvent) else UNCLEAN
    except (yaml.YAMLError, _Unclean):
        return UNCLEAN
    finally:
        parser.dispose()


def _build(parser, source: str, max_depth: int, document: Document) -> dict:
    size = len(source)
    values, keys = document.values, document.keys
    # Each frame: [container, its key path, the mapping key waiting for its value, start mark]
    stack: list[list] = []
    while True:
        event = parser.get_event()
        kind = type(event)
        if kind is ScalarEvent:
            if event.tag not in _PLAIN:
                raise _Unclean
            frame = stack[-1] if stack else None
            if frame is None:
                raise _Unclean  # the entry is not a mapping
            container = frame[0]
            value = event.value
            if container.__class__ is dict and frame[2] is None:  # a field name
                if (event.style == '"' and REFUSED_CHARACTER.search(value)) or value in container:
                    raise _Unclean
                keys[frame[1] + (value,)] = _located(event.start_mark, event.end_mark, size, document)
                frame[2] = value
                continue
            if event.style == '"' and REFUSED_IN_VALUE.search(value):
                raise _Unclean
            key = _child_key(frame)
            values[key] = _located(event.start_mark, event.end_mark, size, document)
            _attach(frame, None if event.style in (None, "") and value in _NULLS else value)
        elif kind is MappingStartEvent or kind is SequenceStartEvent:
            if event.tag not in _PLAIN or len(stack) >= min(max_depth, _DEEPEST):
                raise _Unclean
            if not stack:
                if kind is not MappingStartEvent:
                    raise _Unclean
                key = ()
            else:
                if stack[-1][0].__class__ is dict and stack[-1][2] is None:
                    raise _Unclean  # a list or mapping as a field name
                key = _child_key(stack[-1])
            values[key] = None  # type: ignore[assignment]  # a place kept in order; the position is known at the end
            stack.append([{} if kind is MappingStartEvent else [], key, None, event.start_mark])
        elif kind is MappingEndEvent or kind is SequenceEndEvent:
            container, key, _, start = stack.pop()
            values[key] = _located(start, event.end_mark, size, document)
            if not stack:
                return container
            _attach(stack[-1], container)
        else:  # an alias, or anything unexpected
            raise _Unclean


def _child_key(frame: list) -> tuple:
    container = frame[0]
    return frame[1] + ((frame[2],) if container.__class__ is dict else (len(container),))


def _attach(frame: list, value: Any) -> None:
    container = frame[0]
    if container.__class__ is dict:
        container[frame[2]] = value
        frame[2] = None
    else:
        container.append(value)


def _located(start, end, size: int, document: Document) -> Located:
    if start.index < size:
        return Located(start.index, min(end.index, size), start.line, start.column)
    line, column = document.position(size)
    return Located(size, size, line - 1, column - 1)
