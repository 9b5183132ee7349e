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

from annals.load.compose import DEFAULT_MAX_DEPTH
from annals.load.document import Document, Key, Located
from annals.load.files import (DEFAULT_MAX_FILE_BYTES, Loaded, LoadedFile, entry_files, is_editor_file, load_document,
                                load_entries, load_folder)
from annals.load.parse import parse_document

__all__ = ["DEFAULT_MAX_DEPTH", "DEFAULT_MAX_FILE_BYTES", "Document", "Key", "Loaded", "LoadedFile", "Located", "entry_files", "is_editor_file",
           "load_document", "load_entries", "load_folder", "parse_document"]
