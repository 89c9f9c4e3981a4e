"""The facts layer: what the rules know about one draft, computed once per document.

Rules read facts; they do not parse. One ``Facts`` object per document owns every cache
(no module-level memo survives from one draft to the next). A module that owns a kind of
fact (tables, figures, cross-references, statements…) exposes a function ``of(facts)`` that
stores its result with ``facts.memo(key, build)``, so adding a fact never edits this file.
"""

from __future__ import annotations

from typing import Callable, TypeVar

from ..model import Block, Document

T = TypeVar("T")


class Facts:
    def __init__(self, doc: Document, ruleset=None):
        self.doc = doc
        self.ruleset = ruleset
        self._memo: dict = {}

    def memo(self, key, build: Callable[[], T]) -> T:
        """The value of ``key`` for this document, built on first use."""
        try:
            return self._memo[key]
        except KeyError:
            value = self._memo[key] = build()
            return value

    def values(self, block: Block):
        """Dates, symbols, citations and numbers of a block, parsed once for all rules."""
        from ..parsing import extract
        return self.memo(("values", block.index), lambda: extract(block.text))

    def places(self, block: Block):
        """Place names of a block ("xã An Khánh"), found once for all rules."""
        from ..places import find_places
        return self.memo(("places", block.index), lambda: find_places(block.text))
