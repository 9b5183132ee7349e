"""Annals: cited, cross-linked chronologies from YAML entries.

Data flows one way: load -> validate (model) -> link -> render -> publish
(plugin / cli). Each stage is one module and never calls back into an
earlier one.
"""

__version__ = "0.1.0"
